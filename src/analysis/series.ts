/**
 * Series hygiene: pick the gate metric's samples (finite, non-negative), sort and dedupe, keep the
 * raw lower envelope for floors (only isolated V-shaped single-sample dips are dropped: a GC trough
 * is a single sample too, and a running median would lift it by allocation rate x interval), a
 * running median of 3 for the robust peak, bucket dense series to 1 s, find gaps and restarts.
 * Series are typed arrays so a 24-hour run at 10 Hz stays cheap.
 */
import type { GateMetric } from '../config/plan.js';
import type { RunRecord, StatSample } from '../runner/run-record.js';
import { median, robustSigma } from './stats/descriptive.js';
import { ANALYSIS } from './thresholds.js';

export interface Series {
  tMs: Float64Array;
  /** Lower envelope: raw values less isolated V-shaped dips. Bucketed series: the min per bucket. */
  y: Float64Array;
  /** Running median of 3, max per bucket: the robust peak (two high samples). */
  yMax: Float64Array;
  /** Max of the raw values per point. */
  rawMax: Float64Array;
  medianDtMs: number;
}

const STAT_FIELD: Record<GateMetric, keyof StatSample> = {
  non_reclaimable: 'nonReclaimableBytes',
  working_set: 'workingSetBytes',
  usage: 'usageBytes',
  anon: 'anonBytes',
};

/** The raw (t, bytes) points of the gate metric, with the field actually used. */
export function pickSamples(
  record: RunRecord,
  metric: GateMetric,
  warnings: string[],
): { tMs: Float64Array; bytes: Float64Array; field: string } {
  if (metric === 'usage' && record.fast.length > record.stats.length) {
    const f = record.fast;
    return usable(
      Float64Array.from(f, (s) => s.tMs),
      Float64Array.from(f, (s) => s.usageBytes),
      'usageBytes (fast)',
      warnings,
    );
  }
  const order: (keyof StatSample)[] = [STAT_FIELD[metric], 'workingSetBytes', 'usageBytes'];
  for (const field of order) {
    const have = record.stats.filter((s) => typeof s[field] === 'number');
    if (have.length >= Math.max(1, record.stats.length / 2)) {
      if (field !== STAT_FIELD[metric])
        warnings.push(`gate metric ${metric} not sampled; analysed ${String(field)} instead`);
      return usable(
        Float64Array.from(have, (s) => s.tMs),
        Float64Array.from(have, (s) => s[field] as number),
        String(field),
        warnings,
      );
    }
  }
  return { tMs: new Float64Array(0), bytes: new Float64Array(0), field: 'none' };
}

/**
 * Drops samples whose time or value is not a finite number, or whose value is negative: one NaN would
 * otherwise turn every max (peak, headroom) into NaN and switch the check off.
 */
function usable(
  tMs: Float64Array,
  bytes: Float64Array,
  field: string,
  warnings: string[],
): { tMs: Float64Array; bytes: Float64Array; field: string } {
  const keep: number[] = [];
  for (let i = 0; i < tMs.length; i++)
    if (Number.isFinite(tMs[i]) && Number.isFinite(bytes[i]) && bytes[i]! >= 0) keep.push(i);
  if (keep.length === tMs.length) return { tMs, bytes, field };
  warnings.push(
    `${tMs.length - keep.length} sample(s) of ${field} dropped: not a finite, non-negative number of bytes`,
  );
  return {
    tMs: Float64Array.from(keep, (i) => tMs[i]!),
    bytes: Float64Array.from(keep, (i) => bytes[i]!),
    field,
  };
}

/** Sort by time and drop duplicate timestamps (keeps the first). */
export function sortDedupe(tMs: Float64Array, y: Float64Array): { tMs: Float64Array; y: Float64Array } {
  let sortedAlready = true;
  for (let i = 1; i < tMs.length; i++) if (tMs[i]! <= tMs[i - 1]!) sortedAlready = false;
  if (sortedAlready) return { tMs, y };
  const idx = Array.from({ length: tMs.length }, (_, i) => i).sort((a, b) => tMs[a]! - tMs[b]! || a - b);
  const t2: number[] = [];
  const y2: number[] = [];
  for (const i of idx) {
    if (t2.length > 0 && t2[t2.length - 1] === tMs[i]) continue;
    t2.push(tMs[i]!);
    y2.push(y[i]!);
  }
  return { tMs: Float64Array.from(t2), y: Float64Array.from(y2) };
}

export function medianStep(tMs: ArrayLike<number>): number {
  const n = tMs.length;
  if (n < 2) return 1000;
  const d = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) d[i - 1] = tMs[i]! - tMs[i - 1]!;
  return median(d);
}

/**
 * The lower envelope: raw values with only isolated V-shaped single-sample dips replaced by the lower
 * neighbour. A dip counts when it is deep (>= max(6 sigma of the sample-to-sample change, 1 % of the
 * level)), both neighbours come back to about the same height (a GC trough is followed by a ramp
 * from the trough, not a return to the top) and no sample two steps away is as low (a sawtooth with
 * a period of two samples has a trough every other sample; none of them is isolated).
 */
export function dropIsolatedDips(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  if (n < 5) return out;
  // Scale and level from an evenly strided subsample: two sorts of a 24-hour 10 Hz series cost
  // half a second and change the estimates by nothing that matters to a 6-sigma cut.
  const stride = Math.max(1, Math.floor(n / ANALYSIS.dipScaleSamples));
  const k = Math.floor((n - 1) / stride);
  const d = new Float64Array(k);
  const lv = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const i = 1 + j * stride;
    d[j] = y[i]! - y[i - 1]!;
    lv[j] = y[i]!;
  }
  const minDepth = Math.max(
    ANALYSIS.dipDepthSigmas * robustSigma(d),
    ANALYSIS.dipDepthOfLevel * Math.abs(median(lv)),
  );
  for (let i = 1; i < n - 1; i++) {
    const v = y[i]!;
    const l = y[i - 1]!;
    const r = y[i + 1]!;
    const depth = Math.min(l, r) - v;
    if (depth < minDepth || Math.abs(l - r) > ANALYSIS.dipSymmetry * depth) continue;
    const twoAway = Math.min(i >= 2 ? y[i - 2]! : Infinity, i + 2 < n ? y[i + 2]! : Infinity);
    if (twoAway - v < minDepth) continue;
    out[i] = Math.min(l, r);
  }
  return out;
}

/**
 * Running median of 3 (endpoints kept), for the robust peak: a peak needs two high samples, so a
 * read glitch, even one on a sawtooth top, cannot set it. It cuts a lone top by one allocation step,
 * the same in every run of a service; the kernel watermark reports the true top beside it.
 */
export function despike(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  for (let i = 1; i < n - 1; i++) {
    const a = y[i - 1]!;
    const b = y[i]!;
    const c = y[i + 1]!;
    out[i] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
  return out;
}

/**
 * Floor envelope and robust peak series; denser than 1 Hz is reduced to 1 s buckets (min of the
 * envelope, max of the running median of 3, max raw). Buckets are made in one pass over the sorted times,
 * so memory follows the sample count, never the time span (a stray epoch-ms timestamp among
 * run-relative ones would otherwise ask for one bucket per second since 1970).
 */
export function buildSeries(tRaw: Float64Array, yRaw: Float64Array): Series {
  const { tMs, y: raw } = sortDedupe(tRaw, yRaw);
  const y = dropIsolatedDips(raw);
  const peakY = despike(raw);
  const dt = medianStep(tMs);
  if (dt >= ANALYSIS.bucketBelowMs || tMs.length === 0)
    return { tMs, y, yMax: peakY, rawMax: raw, medianDtMs: dt };
  const bw = ANALYSIS.bucketMs;
  const bt: number[] = [];
  const bmin: number[] = [];
  const bmax: number[] = [];
  const rmax: number[] = [];
  let current = NaN;
  for (let i = 0; i < tMs.length; i++) {
    const b = Math.floor(tMs[i]! / bw);
    if (b !== current) {
      current = b;
      bt.push(b * bw + bw / 2);
      bmin.push(y[i]!);
      bmax.push(peakY[i]!);
      rmax.push(raw[i]!);
      continue;
    }
    const k = bt.length - 1;
    if (y[i]! < bmin[k]!) bmin[k] = y[i]!;
    if (peakY[i]! > bmax[k]!) bmax[k] = peakY[i]!;
    if (raw[i]! > rmax[k]!) rmax[k] = raw[i]!;
  }
  return {
    tMs: Float64Array.from(bt),
    y: Float64Array.from(bmin),
    yMax: Float64Array.from(bmax),
    rawMax: Float64Array.from(rmax),
    medianDtMs: bw,
  };
}

export interface Gap {
  startMs: number;
  endMs: number;
}

/** Intervals longer than 5x the median sample step. */
export function findGaps(tMs: ArrayLike<number>, medianDtMs: number): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < tMs.length; i++) {
    if (tMs[i]! - tMs[i - 1]! > ANALYSIS.gapSteps * medianDtMs)
      gaps.push({ startMs: tMs[i - 1]!, endMs: tMs[i]! });
  }
  return gaps;
}

/** Indices where a new segment starts: a sample below 50 % of the previous one (a restart). */
export function restartIndices(y: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < y.length; i++) if (y[i]! < 0.5 * y[i - 1]!) out.push(i);
  return out;
}
