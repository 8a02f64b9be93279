/**
 * Per-metric inputs for the comparison (docs/design/statistics.md#thresholds, docs/design/statistics.md#absolute-leak): the per-run value
 * and the practical threshold from the gate config.
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { median } from '../analysis/stats/descriptive.js';
import type { GateSpec } from '../config/plan.js';
import { perHourToPerSec, perSecToPerHour } from '../units.js';
import { COMPARE } from './thresholds.js';
import type { MetricName, MetricVerdict } from './verdict.js';

export type GatedMetric = Extract<MetricName, 'floor' | 'slope' | 'peak' | 'recovery' | 'amplification'>;

/** Amplification under this is noise in the figure, not a regression (a ratio, peak / payload). */
export const AMPLIFICATION_MIN_INCREASE = 0.05;

export interface MetricSpec {
  metric: GatedMetric;
  unit: MetricVerdict['unit'] | 'bytes/request';
  value: (s: RunSummary) => number | undefined;
  threshold: number;
  label: string;
}

/** Throughput differs by more than 5 %: compare slopes per request (docs/design/statistics.md#slope-per-request). */
function usePerRequest(cur: RunSummary[], base: RunSummary[]): boolean {
  const rc = cur.map((s) => s.meanRps).filter((x): x is number => x !== undefined);
  const rb = base.map((s) => s.meanRps).filter((x): x is number => x !== undefined);
  if (rc.length === 0 || rb.length === 0) return false;
  const perReqOk = [...cur, ...base].every((s) => s.slopeBytesPerRequest !== undefined);
  return perReqOk && Math.abs(median(rc) / median(rb) - 1) > COMPARE.perRequestRpsChange;
}

/**
 * Peaks are gated on the gate metric (its robust peak). The kernel watermark counts page cache, which
 * the kernel reclaims before any OOM kill; it stays the detector of spikes between samples.
 */
export function peakOf(_all: RunSummary[]): (s: RunSummary) => number {
  return (s) => s.peakRobustBytes;
}

export function metricSpecs(cur: RunSummary[], base: RunSummary[], gate: GateSpec): MetricSpec[] {
  const floorB = median(base.map((s) => s.floorBytes));
  const peak = peakOf([...cur, ...base]);
  const peakB = median(base.map(peak));
  const preB = base.map((s) => s.preLoadFloorBytes).filter((x): x is number => x !== undefined);
  const slopeT = perHourToPerSec(
    Math.max(gate.slope.maxIncreasePerHour * floorB, gate.slope.minBytesPerHour),
  );
  const perReq = usePerRequest(cur, base);
  const rpsB = median(base.map((s) => s.meanRps ?? NaN).filter(Number.isFinite));
  const specs: MetricSpec[] = [
    {
      metric: 'floor',
      unit: 'bytes',
      value: (s) => s.floorBytes,
      threshold: Math.max(gate.floor.maxIncrease * floorB, gate.floor.minBytes),
      label: 'floor',
    },
    perReq
      ? {
          metric: 'slope',
          unit: 'bytes/request',
          value: (s) => (s.slopeMeasured === false ? undefined : s.slopeBytesPerRequest),
          threshold: slopeT / rpsB,
          label: 'slope',
        }
      : {
          metric: 'slope',
          unit: 'bytes/s',
          value: (s) => (s.slopeMeasured === false ? undefined : s.slopeBytesPerSec.value),
          threshold: slopeT,
          label: 'slope',
        },
    {
      metric: 'peak',
      unit: 'bytes',
      value: peak,
      threshold: Math.max(gate.peak.maxIncrease * peakB, gate.peak.minBytes),
      label: 'peak',
    },
  ];
  if (preB.length > 0) {
    specs.push({
      metric: 'recovery',
      unit: 'bytes',
      value: (s) => s.recoveryResidualBytes,
      threshold: Math.max(gate.recovery.maxResidual * median(preB), gate.recovery.minBytes),
      label: 'recovery residual',
    });
  }
  // A declared payload (`payload:`): peak / payload, gated like the peak (same relative threshold).
  const amps = [...cur, ...base].map((s) => (s.payloadDeclared === true ? s.amplification : undefined));
  if (amps.length > 0 && amps.every((a) => a !== undefined)) {
    const ampB = median(base.map((s) => s.amplification ?? 0));
    specs.push({
      metric: 'amplification',
      unit: 'ratio',
      value: (s) => s.amplification,
      threshold: Math.max(gate.peak.maxIncrease * ampB, AMPLIFICATION_MIN_INCREASE),
      label: 'amplification',
    });
  }
  return specs;
}

/** Runs of a slope that grow significantly, not decelerating (the within-run replication check, docs/design/statistics.md#gate-replication, and the absolute flag). */
export function trendingRun(s: RunSummary, alpha: number): boolean {
  return (
    s.slopeMeasured !== false && s.slopeBytesPerSec.p < alpha && s.slopeBytesPerSec.decel >= COMPARE.minDecel
  );
}

/** Within-run replication (docs/design/statistics.md#gate-replication): floorP < alpha (and R >= 0.3) in all runs when n <= 3, in n - 1 runs when n >= 4. */
export function withinRunReplication(cur: RunSummary[], alpha: number): boolean {
  const n = cur.length;
  const k = cur.filter((s) => trendingRun(s, alpha)).length;
  return n <= 3 ? k === n : k >= n - 1;
}

/** Absolute leak flag (docs/design/statistics.md#absolute-leak): growth > max(5 % of floor, 2 MiB) per hour in most runs. */
export function absoluteLeak(runs: RunSummary[], alpha: number): { flagged: boolean; count: number } {
  const count = runs.filter(
    (s) =>
      trendingRun(s, alpha) &&
      perSecToPerHour(s.slopeBytesPerSec.value) >
        Math.max(COMPARE.leakOfFloorPerHour * s.floorBytes, COMPARE.minLeakBytesPerHour),
  ).length;
  return { flagged: runs.length > 0 && count > runs.length / 2, count };
}
