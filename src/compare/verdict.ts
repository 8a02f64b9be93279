/** Verdicts: per scenario and metric, `pass | warn | fail | inconclusive` (docs/design/statistics.md#verdicts). */

export type Status = 'pass' | 'warn' | 'fail' | 'inconclusive';

export type MetricName = 'floor' | 'slope' | 'peak' | 'recovery' | 'oom' | 'amplification' | 'exit';

export interface MetricVerdict {
  metric: MetricName;
  status: Status;
  /** Current minus baseline (median), in the metric's unit (bytes, bytes/s). */
  effect?: number;
  /** Practical threshold the effect was held against. */
  threshold?: number;
  unit: 'bytes' | 'bytes/s' | 'ratio' | 'count';
  /** Statistical evidence (smallest p of the applicable gates), when computed. */
  p?: number;
  current?: number;
  baseline?: number;
  /** One line a human can act on. */
  reason: string;
}

export interface ScenarioVerdict {
  scenario: string;
  status: Status;
  metrics: MetricVerdict[];
  warnings: string[];
}

const ORDER: Record<Status, number> = { pass: 0, warn: 1, inconclusive: 2, fail: 3 };

/** The worst of several statuses; fail > inconclusive > warn > pass. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'pass';
  for (const s of statuses) if (ORDER[s] > ORDER[worst]) worst = s;
  return worst;
}
