/**
 * Per scenario: attribution of the growth (per run and overall), sizing and the runtime ceiling check,
 * added to the results beside the verdict; the attribution also joins every non-passing memory
 * verdict's reason, and the ceiling finding the verdict's warnings.
 */
import {
  attributeRun,
  attributeScenario,
  type Attribution,
  type RunAttribution,
} from '../analysis/attribution.js';
import { checkRuntimeCeiling, type CeilingFinding } from '../analysis/runtime-ceiling-check.js';
import { sizeScenario, type Sizing } from '../analysis/sizing.js';
import type { GateSpec } from '../config/plan.js';
import type { RunRecord } from '../runner/run-record.js';
import { definedOnly } from '../util/defined-only.js';
import type { ScenarioVerdict } from './verdict.js';

export interface WhatGrew {
  attribution?: Attribution & { runs: RunAttribution[] };
  sizing?: Sizing;
  runtimeCeiling?: CeilingFinding;
}

const GROWTH_METRICS = new Set(['floor', 'slope', 'peak', 'recovery', 'amplification']);

export function whatGrew(runs: RunRecord[], gate: GateSpec, verdict: ScenarioVerdict): WhatGrew {
  const perRun: RunAttribution[] = [];
  // Only runs that count explain a verdict: a cut-short or failed-load run's growth is not the service's.
  for (const r of runs.filter((x) => x.valid)) {
    const a = attributeRun(r, gate.metric);
    if (a) perRun.push({ run: r.run, side: r.side, ...a });
  }
  const overall = attributeScenario(perRun);
  const sizing = sizeScenario(runs.filter((r) => r.side === 'current'));
  const ceiling = checkRuntimeCeiling(runs.filter((r) => r.side === 'current'));
  if (overall) {
    for (const m of verdict.metrics) {
      if (m.status !== 'pass' && GROWTH_METRICS.has(m.metric) && !m.reason.includes('attribution:'))
        m.reason = `${m.reason}; attribution: ${overall.reason}`;
    }
  }
  if (ceiling && !verdict.warnings.includes(ceiling.warning)) verdict.warnings.push(ceiling.warning);
  return {
    ...(overall === undefined ? {} : { attribution: { ...overall, runs: perRun } }),
    ...definedOnly({ sizing, runtimeCeiling: ceiling }),
  };
}
