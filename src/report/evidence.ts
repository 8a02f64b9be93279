/** Evidence for a failure, shared by markdown and HTML: what grew, the shape, OOM, last log lines. */
import type { MetricVerdict } from '../compare/verdict.js';
import type { ScenarioResult } from '../results.js';
import type { OomEvidence, StatSample } from '../runner/run-record.js';
import { chartRun, summaryOf } from './series.js';

export type Component = 'anon' | 'file' | 'kernel' | 'shmem';

export interface ComponentDelta {
  component: Component;
  fromBytes: number;
  toBytes: number;
  deltaBytes: number;
}

export interface Evidence {
  scenario: string;
  run: number;
  failing: MetricVerdict[];
  /** Growth of each memory component from the end of warmup to the last sample. */
  deltas: ComponentDelta[];
  fromMs: number;
  toMs: number;
  shape: string;
  shapeReasons: string[];
  oom?: OomEvidence;
  /** All log lines available; printers cut them. */
  logTail: string[];
}

const FIELDS: Record<Component, keyof StatSample> = {
  anon: 'anonBytes',
  file: 'fileBytes',
  kernel: 'kernelBytes',
  shmem: 'shmemBytes',
};

/** Scenarios that failed, or whose drawn run was OOM-killed, each with its evidence. */
export function collectEvidence(scenarios: ScenarioResult[]): Evidence[] {
  const out: Evidence[] = [];
  for (const s of scenarios) {
    const run = chartRun(s);
    const oomKilled = run !== undefined && (run.oom.oomKills > 0 || run.oom.classification.startsWith('OOM'));
    if (s.verdict?.status !== 'fail' && !oomKilled) continue;
    if (run === undefined) continue;
    const summary = summaryOf(s, run);
    const warmupEndMs = summary?.warmupEndMs ?? 0;
    const from = run.stats.find((x) => x.tMs >= warmupEndMs) ?? run.stats[0];
    const to = run.stats[run.stats.length - 1];
    out.push({
      scenario: s.name,
      run: run.run,
      failing: (s.verdict?.metrics ?? []).filter((m) => m.status === 'fail'),
      deltas: from && to ? componentDeltas(from, to) : [],
      fromMs: from?.tMs ?? 0,
      toMs: to?.tMs ?? 0,
      shape: summary?.shape ?? 'unknown',
      shapeReasons: summary?.shapeReasons ?? [],
      ...(oomKilled ? { oom: run.oom } : {}),
      logTail: run.logTail,
    });
  }
  return out;
}

function componentDeltas(from: StatSample, to: StatSample): ComponentDelta[] {
  const deltas: ComponentDelta[] = [];
  for (const component of Object.keys(FIELDS) as Component[]) {
    const a = from[FIELDS[component]];
    const b = to[FIELDS[component]];
    if (typeof a !== 'number' || typeof b !== 'number') continue;
    deltas.push({ component, fromBytes: a, toBytes: b, deltaBytes: b - a });
  }
  // Largest growth first: the top line answers "what grew".
  return deltas.sort((x, y) => y.deltaBytes - x.deltaBytes);
}
