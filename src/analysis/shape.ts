/**
 * Curve-shape classifier (docs/design/statistics.md#shape-rules). Rules in order; the first match is the shape,
 * later matches and variants become reasons. Shapes describe; the gates decide.
 */
import { perSecToPerHour } from '../units.js';
import type { Shape } from './run-summary.js';
import { ANALYSIS } from './thresholds.js';

export interface ShapeFeatures {
  crash: boolean;
  /** Exit 137 / OOM kill evidence (for the non-memory crash diagnosis). */
  oomEvidence: boolean;
  floorP: number;
  slopeBytesPerSec: number;
  /** False when the steady window was too short to measure a slope: then nothing is called growth. */
  slopeMeasured: boolean;
  floorBytes: number;
  decel: number;
  steadySec: number;
  sawtooth: boolean;
  gcAmplitudeBytes: number;
  ceilSlopeBytesPerSec: number;
  step: boolean;
  warmup: boolean;
  warmupCapped: boolean;
  spikes: number;
  subSampleSpike: boolean;
  limitEventsRose: boolean;
  atLimitFraction: number;
  compositionShift: boolean;
  alpha: number;
}

export function classifyShape(f: ShapeFeatures): { shape: Shape; reasons: string[] } {
  const reasons: string[] = [];
  const growthPerH = f.floorBytes > 0 ? perSecToPerHour(f.slopeBytesPerSec) / f.floorBytes : 0;
  const growthMin = Math.max(
    ANALYSIS.growthOfFloorPerHour,
    f.floorBytes > 0 ? ANALYSIS.growthMinBytesPerHour / f.floorBytes : 0,
  );
  const trend = f.slopeMeasured && f.floorP < f.alpha;
  const growing = trend && growthPerH >= growthMin && f.decel >= ANALYSIS.settlingDecel;
  const pct = `${(growthPerH * 100).toFixed(1)}%/h`;
  let shape: Shape | undefined;
  if (f.crash) {
    const flat = !trend && f.spikes === 0;
    shape = flat ? 'flat_but_crashing' : 'crashing';
    reasons.push(
      flat ? 'crashed with a flat floor and no sampled spikes' : 'crashed (restart, OOM kill or exit)',
    );
    if (f.subSampleSpike || f.limitEventsRose)
      reasons.push('(a) spike between samples: kernel peak above the sampled max, or the limit was hit');
    if (f.atLimitFraction > ANALYSIS.atLimitFraction)
      reasons.push(`(b) saturated at the limit ${(f.atLimitFraction * 100).toFixed(0)}% of the time`);
    if (f.compositionShift)
      reasons.push('(c) anon rising while page cache shrinks: a leak hidden under a flat total');
    if (!f.oomEvidence)
      reasons.push('(d) not an OOM kill: the process exited or restarted for another reason');
  }
  const gcDominated =
    f.sawtooth && f.gcAmplitudeBytes >= ANALYSIS.gcDominatedOfGrowth * f.slopeBytesPerSec * f.steadySec;
  if (growing && !gcDominated) {
    shape ??= 'monotonic_growth';
    reasons.push(`floor grows ${pct} (p=${f.floorP.toPrecision(2)}), growth dominates GC oscillation`);
  } else if (growing && f.sawtooth) {
    shape ??= 'sawtooth_rising_floor';
    reasons.push(
      `GC sawtooth with a floor rising ${pct} (p=${f.floorP.toPrecision(2)})${f.ceilSlopeBytesPerSec > 0 ? '; ceiling rises too' : ''}`,
    );
  }
  if (f.spikes > 0 && !trend) {
    shape ??= 'spikes';
    reasons.push(`${f.spikes} short spike(s) above the usual ceiling`);
  }
  if (f.subSampleSpike && !f.crash)
    reasons.push('spike between samples: kernel peak well above the sampled max');
  shape ??= 'healthy_plateau';
  if (f.warmup) reasons.push('+warmup: residual warm-up excluded from the steady window');
  if (f.step) reasons.push('+step: one level change in the steady window');
  if (f.warmupCapped || (trend && f.decel < ANALYSIS.settlingDecel))
    reasons.push('+settling: still settling (bounded growth decelerating); extend the soak');
  return { shape, reasons };
}
