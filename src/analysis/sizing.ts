/**
 * Sizing (README.md#what-grew-and-why): the memory limit a scenario's service needs, from the kernel's peak over
 * every run plus headroom, raised where memory pressure was seen (there the peak was capped by the
 * limit, so the real need is higher than any figure measured). Written the way Kubernetes takes it.
 */
import type { RunRecord } from '../runner/run-record.js';
import { formatBytes, MiB } from '../units.js';
import { isOom, limitEventsRose, limitOf, peakEvidence } from './evidence.js';

export interface Sizing {
  /** Kernel peak (watermark, else sampled max) over every run of the scenario. */
  peakBytes: number;
  recommendedBytes: number;
  /** `resources.limits.memory` value, e.g. `384Mi`. */
  kubernetes: string;
  /** Memory pressure (limit hit, OOM kill) was seen: the recommendation is a floor, not a fit. */
  pressure: boolean;
  reason: string;
}

/** Headroom over the peak: GC timing, traffic and data differ in production. */
export const SIZING_HEADROOM = 0.25;
/** Under pressure the peak is the limit; ask for this much more than the limit it was run under. */
export const PRESSURE_RAISE = 0.5;
/** Limits are rounded up to whole steps of this size. */
export const SIZING_STEP_BYTES = 16 * MiB;

function pressureSeen(r: RunRecord): boolean {
  return isOom(r) || limitEventsRose(r);
}

export function sizeScenario(runs: RunRecord[]): Sizing | undefined {
  const measured = runs.filter((r) => r.stats.length > 0 || r.fast.length > 0);
  if (measured.length === 0) return undefined;
  const peak = Math.max(...measured.map((r) => peakEvidence(r).peakBytes));
  const pressured = measured.filter(pressureSeen);
  const limits = pressured.map((r) => limitOf(r)).filter((l): l is number => typeof l === 'number' && l > 0);
  const fromPeak = peak * (1 + SIZING_HEADROOM);
  const fromLimit = limits.length > 0 ? Math.max(...limits) * (1 + PRESSURE_RAISE) : 0;
  const recommended = Math.ceil(Math.max(fromPeak, fromLimit) / SIZING_STEP_BYTES) * SIZING_STEP_BYTES;
  const kubernetes = `${recommended / MiB}Mi`;
  const pressure = pressured.length > 0;
  const reason = pressure
    ? `at least ${kubernetes}: memory pressure at the limit in ${pressured.length} of ${measured.length} run(s), so the peak ${formatBytes(peak)} is capped`
    : `${kubernetes}: kernel peak ${formatBytes(peak)} over ${measured.length} run(s) + ${SIZING_HEADROOM * 100}% headroom`;
  return { peakBytes: peak, recommendedBytes: recommended, kubernetes, pressure, reason };
}
