/**
 * The one entry point of a gate: `memgate run` and the GitHub Action both call runMemgate. Config ->
 * runner (each run persisted as it ends) -> analysis -> compare -> reports -> baseline update, and one
 * outcome: exit code, verdict, results file, report files. It never throws and never exits; it writes
 * the progress, the terminal report and the next step to the Io it is given, and returns any error as
 * text in the outcome for the shell (CLI or Action) to show its own way.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { readBaseline, writeBaseline } from './compare/baseline-store.js';
import { acceptBaseline, type Baseline } from './compare/baseline.js';
import { loadConfig } from './config/load.js';
import type { Plan } from './config/plan.js';
import { pickShard } from './config/shard.js';
import { evaluateWithConfirmation } from './confirm.js';
import { chooseDriver, runnerDeps } from './deps.js';
import { errorText, isMemgateError, MemgateError } from './errors.js';
import { CrashAbort, type Io } from './io.js';
import { emptyResults, noValidRunError, outcomeExitCode, recordRun, resultsPath } from './pipeline.js';
import { createProgress } from './report/progress-line.js';
import { REPORT_FILES, writeReportFiles } from './report/write-reports.js';
import type { Results } from './results.js';
import type { RunCommandOptions, RunOutcome } from './run-types.js';
import { CleanupRegistry, newSessionId, removeSession } from './runner/drivers/session.js';
import type { RunRecord } from './runner/run-record.js';
import { runScenarios } from './runner/run-scenarios.js';
import { definedOnly } from './util/defined-only.js';
import { writeJsonFile } from './util/json-file.js';

const DEFAULT_FORMATS = ['terminal', 'json', 'md', 'junit', 'html'] as const;
/** `memgate baseline accept` writes here unless told otherwise. */
const ACCEPT_DEFAULT_BASELINE = '.memgate/baseline.json';

/** Runs the gate; every failure comes back as an outcome (exit 2 or 3 with its error text). */
export async function runMemgate(options: RunCommandOptions, io: Io): Promise<RunOutcome> {
  try {
    return await gate(options, io);
  } catch (e) {
    return errorOutcome(e);
  }
}

/** The error text a shell shows: message, evidence lines, hint (catalog errors) or the stack (a bug). */
export function errorOutcome(e: unknown): RunOutcome {
  const error = isMemgateError(e)
    ? [e.message, ...e.details.map((l) => `  | ${l}`), `hint: ${e.hint}`].join('\n')
    : `internal error: ${e instanceof Error ? (e.stack ?? e.message) : errorText(e)}`;
  return {
    exitCode: isMemgateError(e) ? e.exitCode : 3,
    status: undefined,
    resultsFile: undefined,
    files: {},
    error,
  };
}

async function gate(opts: RunCommandOptions, io: Io): Promise<RunOutcome> {
  const plan = await loadConfig(resolve(io.cwd, opts.config));
  for (const w of plan.warnings ?? []) io.stderr.write(`memgate: warning: ${w}\n`);
  const scenarios = pickShard(
    opts.scenario.length === 0 ? plan.scenarios : selectScenarios(plan, opts.scenario),
    opts.shard,
  );
  const outDir = resolve(io.cwd, opts.out);
  const logDir = join(outDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const baselineFile = opts.baseline === undefined ? plan.baseline.file : resolve(io.cwd, opts.baseline);
  // Read the baseline first: a corrupt one is a config error before any minute is spent running.
  const baseline = await readBaseline(baselineFile);

  const cleanup = new CleanupRegistry();
  const sessionId = newSessionId();
  const setup = await chooseDriver(plan, opts.driver, cleanup, (w) => io.stderr.write(`memgate: ${w}\n`));
  const results = emptyResults(plan, setup.engine, setup.cgroupVersion, opts.against);
  const file = resultsPath(outDir);
  // Written before the first run, so the journals of a memgate killed mid-run can be folded back in.
  await writeJsonFile(file, results);
  const progress = createProgress(io);
  const abortCleanup = () => void cleanup.runAll();
  io.signal.addEventListener('abort', abortCleanup, { once: true });
  let evaluated: Results;
  try {
    const runOptions = {
      sessionId,
      logDir,
      repeat: opts.repeat ?? plan.repeat,
      ...definedOnly({ against: opts.against }),
      signal: io.signal,
      journalDir: join(outDir, 'runs'),
      onRun: (record: RunRecord) => recordRun(results, record, file),
    };
    const deps = runnerDeps(setup.driver, progress, setup.services, plan.gate);
    await runScenarios(plan, scenarios, runOptions, deps);
    // A FAIL or WARN on a relative metric gets extra runs before it counts (confirm-on-fail).
    evaluated = await evaluateWithConfirmation({
      plan,
      scenarios,
      results,
      baseline,
      options: runOptions,
      deps,
      runScenarios,
    });
  } finally {
    progress.done();
    io.signal.removeEventListener('abort', abortCleanup);
    await cleanup.runAll();
    if (setup.api) await removeSession(setup.api, sessionId).catch(() => 0);
  }
  if (io.signal.aborted) {
    // The results file keeps the finished runs and the cut one (marked invalid); no verdict is given.
    const reason: unknown = io.signal.reason;
    if (reason instanceof CrashAbort) throw new MemgateError('crashed', { error: errorText(reason.error) });
    throw new MemgateError('interrupted', { signal: String(reason ?? 'SIGINT') });
  }

  await writeJsonFile(file, evaluated);
  const formats = opts.format ?? [...DEFAULT_FORMATS];
  const written = await writeReportFiles({ results: evaluated }, formats, outDir, {
    color: io.stdout.isTTY === true,
  });
  if (written.terminal !== undefined)
    io.stdout.write(written.terminal.endsWith('\n') ? written.terminal : `${written.terminal}\n`);
  const files = Object.fromEntries(
    formats.filter((f) => f !== 'terminal').map((f) => [f, join(outDir, REPORT_FILES[f])]),
  );
  const noValid = noValidRunError(evaluated);
  let baselineWritten = false;
  if (opts.updateBaseline && noValid === undefined) {
    if (isPullRequest(io.env)) {
      io.stderr.write('memgate: --update-baseline ignored: a pull-request run never writes the baseline\n');
    } else {
      baselineWritten = await updateBaseline(io, baselineFile, evaluated, baseline);
    }
  }
  if (noValid === undefined && !baselineWritten && opts.against === undefined)
    writeNextStep(io, evaluated, baseline, { file, baselineFile });
  const paths = Object.values(files).map((f) => display(io.cwd, f));
  if (paths.length > 0) io.stdout.write(`reports: ${paths.join(', ')}\n`);
  const outcome: RunOutcome = {
    exitCode: outcomeExitCode(evaluated, opts.strict === true),
    status: evaluated.verdict,
    resultsFile: file,
    files,
  };
  // Every run invalid: an infrastructure error (exit 3), not a verdict; the reports say why, per run.
  return noValid === undefined ? outcome : { ...outcome, error: errorOutcome(noValid).error ?? '' };
}

/** `--update-baseline`: merges the results into the baseline; results with no usable run leave it untouched. */
async function updateBaseline(
  io: Io,
  file: string,
  results: Results,
  baseline: Baseline | undefined,
): Promise<boolean> {
  let next: Baseline;
  try {
    next = acceptBaseline(results, baseline);
  } catch (e) {
    if (!isMemgateError(e) || e.code !== 'baselineNoValidRuns') throw e;
    io.stderr.write(`memgate: warning: baseline not updated: ${e.message}\n`);
    return false;
  }
  await writeBaseline(file, next);
  io.stdout.write(`baseline updated: ${file}\n`);
  return true;
}

/** No baseline (or none for some scenario): say so, and how to record one. */
function writeNextStep(
  io: Io,
  results: Results,
  baseline: Baseline | undefined,
  paths: { file: string; baselineFile: string },
): void {
  const missing = results.scenarios
    .filter((s) => baseline?.scenarios[s.name] === undefined)
    .map((s) => s.name);
  if (missing.length === 0) return;
  try {
    acceptBaseline(results, baseline);
  } catch {
    // No run long or valid enough to become a baseline: suggesting `baseline accept` would be refused.
    io.stdout.write('no baseline yet, and no run of these can become one (see the warnings above).\n');
    return;
  }
  const target = display(io.cwd, paths.baselineFile);
  const flag = target === ACCEPT_DEFAULT_BASELINE ? '' : ` --baseline ${target}`;
  const what =
    baseline === undefined
      ? `no baseline yet (${target})`
      : `no baseline for ${missing.join(', ')} in ${target}`;
  io.stdout.write(
    [
      `${what}: figures recorded, nothing compared.`,
      `next: accept this run as the baseline: memgate baseline accept ${display(io.cwd, paths.file)}${flag}`,
      '      (or run `memgate run --update-baseline` on the main branch, e.g. nightly)',
      '',
    ].join('\n'),
  );
}

function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

function selectScenarios(plan: Plan, names: string[]) {
  return names.map((n) => {
    const s = plan.scenarios.find((x) => x.name === n);
    if (!s) {
      throw new MemgateError('unknownScenario', {
        name: n,
        where: '-s',
        known: plan.scenarios.map((x) => x.name).join(', '),
      });
    }
    return s;
  });
}

export function isPullRequest(env: Record<string, string | undefined>): boolean {
  return env['GITHUB_EVENT_NAME'] === 'pull_request' || env['GITHUB_EVENT_NAME'] === 'pull_request_target';
}
