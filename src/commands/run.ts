/**
 * `memgate run`: load the config, sweep leftovers, run every scenario (persisting each run), analyse,
 * compare with the baseline or the base image, write the reports, update the baseline when asked.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Io } from '../cli/io.js';
import { createProgress } from '../cli/progress-line.js';
import { readBaseline, writeBaseline } from '../compare/baseline-store.js';
import { acceptBaseline } from '../compare/baseline.js';
import { loadConfig } from '../config/load.js';
import {
  composeDriver,
  containerApi,
  dockerDriver,
  dockerServices,
  processDriver,
  runnerDeps,
} from '../deps.js';
import { MemgateError } from '../errors.js';
import { emptyResults, exitCodeFor, recordRun, resultsPath } from '../pipeline.js';
import { writeReportFiles } from '../report/write-reports.js';
import { writeJsonAtomic } from '../results-file.js';
import type { Results } from '../results.js';
import type { ContainerApi } from '../runner/drivers/container-api.js';
import type { TargetDriver } from '../runner/drivers/driver.js';
import type { ServiceStarter } from '../runner/drivers/services.js';
import {
  CleanupRegistry,
  newSessionId,
  removeSession,
  sweepDeadSessions,
} from '../runner/drivers/session.js';
import type { RunRecord } from '../runner/run-record.js';
import { runScenarios } from '../runner/run-scenarios.js';
import type { Plan } from '../scenarios/plan.js';
import { evaluateWithConfirmation } from './confirm.js';
import { pickShard } from './merge.js';
import type { RunCommandOptions, RunOutcome } from './run-types.js';

const DEFAULT_FORMATS = ['terminal', 'json', 'md', 'junit', 'html'] as const;

/** CLI adapter: prints errors the CLI way by rethrowing catalog errors. */
export async function runCommand(opts: RunCommandOptions, io: Io): Promise<number> {
  const outcome = await executeRun(opts, io);
  return outcome.exitCode;
}

export async function executeRun(opts: RunCommandOptions, io: Io): Promise<RunOutcome> {
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
  const useProcess = opts.driver === 'process' || plan.target.kind === 'process';
  let api: ContainerApi | undefined;
  let driver: TargetDriver;
  let services: ServiceStarter | undefined;
  let engine = 'none';
  let cgroupVersion: 0 | 1 | 2 = 0;
  if (useProcess) {
    driver = processDriver();
  } else {
    api = containerApi(plan);
    const info = await api.info().catch((e: unknown) => {
      throw new MemgateError('engineMissing', {
        engine: plan.engine,
        reason: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e),
      });
    });
    engine = `${plan.engine} ${String(info['ServerVersion'] ?? '?')}`;
    cgroupVersion = info['CgroupVersion'] === '2' ? 2 : 1;
    const swept = await sweepDeadSessions(api);
    if (swept.length > 0)
      io.stderr.write(`memgate: removed ${swept.length} container(s) left by a memgate that died\n`);
    driver = plan.target.kind === 'compose' ? composeDriver(api, cleanup) : dockerDriver(api, cleanup);
    if (plan.target.kind !== 'compose') services = dockerServices(api, cleanup);
  }
  if (plan.services.length > 0 && services === undefined) {
    const why = useProcess
      ? 'a process target cannot join their network'
      : 'declare them in the Compose file';
    io.stderr.write(`memgate: warning: services: ignored (${why})\n`);
  }

  const results = emptyResults(plan, engine, cgroupVersion, opts.against);
  const file = resultsPath(outDir);
  // Written before the first run, so the journals of a memgate killed mid-run can be folded back in.
  await writeJsonAtomic(file, results);
  const progress = createProgress(io);
  const abortCleanup = () => void cleanup.runAll();
  io.signal.addEventListener('abort', abortCleanup, { once: true });
  let evaluated: Results;
  try {
    const runOptions = {
      sessionId,
      logDir,
      repeat: opts.repeat ?? plan.repeat,
      ...(opts.against === undefined ? {} : { against: opts.against }),
      signal: io.signal,
      journalDir: join(outDir, 'runs'),
      onRun: (record: RunRecord) => recordRun(results, record, file),
    };
    const deps = runnerDeps(driver, progress, services, plan.gate);
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
    if (api) await removeSession(api, sessionId).catch(() => 0);
  }
  if (io.signal.aborted) {
    throw new MemgateError('interrupted', { signal: String(io.signal.reason ?? 'SIGINT') });
  }

  await writeJsonAtomic(file, evaluated);
  const formats = opts.format ?? [...DEFAULT_FORMATS];
  const written = await writeReportFiles({ results: evaluated }, formats, outDir, {
    color: io.stdout.isTTY === true,
  });
  if (written.terminal !== undefined)
    io.stdout.write(written.terminal.endsWith('\n') ? written.terminal : `${written.terminal}\n`);
  const files = Object.fromEntries(
    formats
      .filter((f) => f !== 'terminal')
      .map((f) => [f, join(outDir, f === 'json' ? 'memgate-results.json' : reportName(f))]),
  );
  if (opts.updateBaseline) {
    if (isPullRequest(io.env)) {
      io.stderr.write('memgate: --update-baseline ignored: a pull-request run never writes the baseline\n');
    } else {
      await writeBaseline(baselineFile, acceptBaseline(evaluated, baseline));
      io.stdout.write(`baseline updated: ${baselineFile}\n`);
    }
  }
  return {
    exitCode: exitCodeFor(evaluated.verdict, opts.strict === true),
    status: evaluated.verdict,
    resultsFile: file,
    files,
  };
}

function reportName(format: string): string {
  return (
    { md: 'memgate-report.md', junit: 'memgate-junit.xml', html: 'memgate-report.html' }[format] ?? format
  );
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
