/**
 * The pieces of a gate that `memgate run` (run-memgate.ts), `compare` and `report` share: analysis and
 * comparison of a results file, the exit code of a verdict, and the results file as runs come in.
 */
import { join } from 'node:path';
import { analyseRun } from './analysis/analyse.js';
import { scenarioFingerprint, type Baseline } from './compare/baseline.js';
import { compareScenario } from './compare/compare.js';
import { worstStatus, type ScenarioVerdict, type Status } from './compare/verdict.js';
import { whatGrew } from './compare/what-grew.js';
import type { Plan } from './config/plan.js';
import { MemgateError } from './errors.js';
import { fingerprint, fingerprintDifferences } from './fingerprint.js';
import { RESULTS_SCHEMA, type Results, type ScenarioResult } from './results.js';
import type { RunRecord } from './runner/run-record.js';
import { noRunCounts } from './runner/validity.js';
import { formatDuration } from './units.js';
import { definedOnly } from './util/defined-only.js';
import { writeJsonFile } from './util/json-file.js';
import { VERSION } from './version.js';

/** Analyses the records of each scenario and compares them with the baseline (or the base side). */
export function compareResults(results: Results, baseline: Baseline | undefined): Results {
  const gate = results.gate;
  const scenarios: ScenarioResult[] = results.scenarios.map((s) => {
    const stored = baseline?.scenarios[s.name];
    // A scenario kept from an older environment carries its own fingerprint.
    const measuredIn = stored === undefined ? baseline?.fingerprint : scenarioFingerprint(stored, baseline);
    const diffs = measuredIn === undefined ? [] : fingerprintDifferences(results.fingerprint, measuredIn);
    const summaries = s.runs.map((r) => analyseRun(r, gate));
    const current = summaries.filter((x) => x.side === 'current');
    const base = summaries.filter((x) => x.side === 'base');
    const paired = base.length > 0;
    const reference = paired ? base : baseline?.scenarios[s.name]?.summaries;
    const verdict: ScenarioVerdict = compareScenario(current, reference, gate, {
      fingerprintMatch: paired || diffs.length === 0,
      paired,
      jobs: baseline?.scenarios[s.name]?.jobs ?? [],
    });
    if (!paired && diffs.length > 0) verdict.warnings.push(`baseline not comparable: ${diffs.join('; ')}`);
    verdict.warnings.push(...crashEvidence(s.runs));
    return { ...s, summaries, verdict, ...whatGrew(s.runs, gate, verdict) };
  });
  const status = worstStatus(scenarios.map((s) => s.verdict?.status ?? 'inconclusive'));
  return { ...results, scenarios, verdict: status };
}

export function exitCodeFor(status: Status, strict: boolean): 0 | 1 {
  return status === 'fail' || (strict && status === 'inconclusive') ? 1 : 0;
}

/** The exit code of evaluated results: 3 when no run counts (there is no verdict), else the verdict's. */
export function outcomeExitCode(results: Results, strict: boolean): 0 | 1 | 3 {
  return noValidRunError(results) === undefined ? exitCodeFor(results.verdict, strict) : 3;
}

/** The error for results in which not one current run counts (runner/validity.ts decided each). */
export function noValidRunError(results: Results): MemgateError | undefined {
  const runs = results.scenarios.flatMap((s) => s.runs).filter((r) => r.side === 'current');
  if (!noRunCounts(runs)) return undefined;
  const reasons = [
    ...new Set(runs.flatMap((r) => r.warnings.filter((w) => w.startsWith(INVALID_PREFIX)))),
  ].map((w) => w.slice(INVALID_PREFIX.length));
  return new MemgateError(
    'noValidRun',
    {
      runs: runs.length,
      reason: reasons[0] ?? 'see the warnings of each run',
    },
    { details: reasons.slice(1) },
  );
}

/** Prefix of the warnings that say why a run does not count (run-scenario.ts writes them). */
const INVALID_PREFIX = 'run invalid: ';

/** A target that died by itself mid-run: when, how (exit code, signal), and its last log line. */
function crashEvidence(runs: RunRecord[]): string[] {
  return runs.flatMap((r) => {
    const exit = r.events.find((e) => e.kind === 'exit');
    if (exit === undefined || r.side !== 'current') return [];
    const last = r.logTail.filter((l) => l.trim() !== '').at(-1);
    return [
      `run ${r.run + 1}: ${exit.detail} at ${formatDuration(exit.tMs)}${last === undefined ? '' : `; last log line: ${last}`}`,
    ];
  });
}

export function emptyResults(
  plan: Plan,
  engine: string,
  cgroupVersion: 0 | 1 | 2,
  against?: string,
): Results {
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'memgate', version: VERSION },
    createdAt: new Date().toISOString(),
    ...(process.env['GITHUB_SHA'] ? { commit: process.env['GITHUB_SHA'] } : {}),
    fingerprint: fingerprint(plan, engine, cgroupVersion),
    target: {
      description: describePlanTarget(plan),
      ...(plan.target.kind === 'image' ? { image: plan.target.image } : {}),
      ...definedOnly({ against }),
    },
    configFile: plan.configFile,
    gate: plan.gate,
    scenarios: [],
    verdict: 'inconclusive',
    warnings: [],
  };
}

/** Adds a finished run to the results and writes them at once (a later crash loses nothing). */
export async function recordRun(results: Results, record: RunRecord, file: string): Promise<void> {
  let scenario = results.scenarios.find((s) => s.name === record.scenario);
  if (!scenario) {
    scenario = { name: record.scenario, runs: [], summaries: [] };
    results.scenarios.push(scenario);
  }
  scenario.runs.push(record);
  // A process target's cgroup version is known only once its first run measured it.
  if (results.fingerprint.cgroupVersion === 0 && record.source.kind.startsWith('cgroup-v')) {
    results.fingerprint.cgroupVersion = record.source.kind === 'cgroup-v2' ? 2 : 1;
  }
  await writeJsonFile(file, results);
}

export function describePlanTarget(plan: Plan): string {
  const t = plan.target;
  switch (t.kind) {
    case 'image':
      return t.image;
    case 'build':
      return `build ${t.context}`;
    case 'process':
      return t.argv.join(' ');
    case 'compose':
      return `${t.file}#${t.service}`;
  }
}

export function resultsPath(outDir: string): string {
  return join(outDir, 'memgate-results.json');
}
