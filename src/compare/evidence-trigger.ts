/**
 * Whether a run's own absolute checks trip (README.md#what-grew-and-why, `evidence.when: on-fail`): a significant
 * within-run leak, a peak near the limit, or memory pressure at the limit. Asked before the target is
 * removed, on the samples taken so far, so evidence is collected while the failure can still be seen.
 */
import { analyseRun } from '../analysis/analyse.js';
import { limitEventsRose } from '../analysis/evidence.js';
import type { GateSpec } from '../config/plan.js';
import type { RunRecord } from '../runner/run-record.js';
import { formatBytes } from '../units.js';
import { absoluteLeak } from './metrics.js';

export function ownChecksTripped(record: RunRecord, gate: GateSpec): string | undefined {
  const s = analyseRun(record, gate);
  const peak = Math.max(s.peakBytes, s.peakRobustBytes);
  if (s.limitBytes && peak >= gate.peak.maxOfLimit * s.limitBytes)
    return `peak ${formatBytes(peak)} is ${((100 * peak) / s.limitBytes).toFixed(0)}% of the ${formatBytes(s.limitBytes)} limit`;
  if (limitEventsRose(record)) return 'memory pressure: the limit was hit during the run';
  if (s.valid && absoluteLeak([s], gate.alpha).flagged) return 'significant within-run leak';
  return undefined;
}
