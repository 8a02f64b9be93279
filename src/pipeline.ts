/**
 * The whole `memgate run` in one place: config -> runner -> analysis -> compare -> report.
 * Returns an Outcome; never prints and never exits (the CLI and the Action do that).
 */
import { join } from 'node:path';
import { analyseRun } from './analysis/analyse.js';
import type { Baseline } from './compare/baseline.js';
import { compareScenario } from './compare/compare.js';
import { worstStatus, type ScenarioVerdict, type Status } from './compare/verdict.js';
import { fingerprint, fingerprintDifferences } from './fingerprint.js';
import { writeJsonAtomic } from './results-file.js';
import { RESULTS_SCHEMA, type Results, type ScenarioResult } from './results.js';
import type { RunRecord } from './runner/run-record.js';
import type { Plan } from './scenarios/plan.js';
import { VERSION } from './version.js';

export interface Outcome {
  results: Results;
  resultsFile: string;
  status: Status;
  exitCode: 0 | 1;
}

/** Analyses the records of each scenario and compares them with the baseline (or the base side). */
export function compareResults(results: Results, baseline: Baseline | undefined): Results {
  const gate = results.gate;
  const diffs = baseline ? fingerprintDifferences(results.fingerprint, baseline.fingerprint) : [];
  const scenarios: ScenarioResult[] = results.scenarios.map((s) => {
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
    return { ...s, summaries, verdict };
  });
  const status = worstStatus(scenarios.map((s) => s.verdict?.status ?? 'inconclusive'));
  return { ...results, scenarios, verdict: status };
}

export function exitCodeFor(status: Status, strict: boolean): 0 | 1 {
  return status === 'fail' || (strict && status === 'inconclusive') ? 1 : 0;
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
      ...(against === undefined ? {} : { against }),
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
  await writeJsonAtomic(file, results);
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
