/**
 * Series hygiene (statistics.md section 1.2): pick the gate metric's samples, sort and dedupe,
 * despike with a running median of 3, bucket dense series to 1 s, find gaps and restarts.
 * Series are typed arrays so a 24-hour run at 10 Hz stays cheap.
 */
import type { RunRecord, StatSample } from '../runner/run-record.js';
import type { GateMetric } from '../scenarios/plan.js';
import { median } from './stats/descriptive.js';

export interface Series {
  tMs: Float64Array;
  /** Despiked values (running median of 3). For bucketed series: min of the despiked values. */
  y: Float64Array;
  /** Max of the despiked values per point (equals y unless bucketed): used for the robust peak. */
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
    return {
      tMs: Float64Array.from(f, (s) => s.tMs),
      bytes: Float64Array.from(f, (s) => s.usageBytes),
      field: 'usageBytes (fast)',
    };
  }
  const order: (keyof StatSample)[] = [STAT_FIELD[metric], 'workingSetBytes', 'usageBytes'];
  for (const field of order) {
    const have = record.stats.filter((s) => typeof s[field] === 'number');
    if (have.length >= Math.max(1, record.stats.length / 2)) {
      if (field !== STAT_FIELD[metric])
        warnings.push(`gate metric ${metric} not sampled; analysed ${String(field)} instead`);
      return {
        tMs: Float64Array.from(have, (s) => s.tMs),
        bytes: Float64Array.from(have, (s) => s[field] as number),
        field: String(field),
      };
    }
  }
  return { tMs: new Float64Array(0), bytes: new Float64Array(0), field: 'none' };
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

/** Running median of 3; endpoints are kept. */
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

export function medianStep(tMs: ArrayLike<number>): number {
  const n = tMs.length;
  if (n < 2) return 1000;
  const d = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) d[i - 1] = tMs[i]! - tMs[i - 1]!;
  return median(d);
}

/** Despiked series; denser than 1 Hz is reduced to 1 s buckets (min, max of despiked, max raw). */
export function buildSeries(tRaw: Float64Array, yRaw: Float64Array): Series {
  const { tMs, y: raw } = sortDedupe(tRaw, yRaw);
  const y = despike(raw);
  const dt = medianStep(tMs);
  if (dt >= 900 || tMs.length === 0) return { tMs, y, yMax: y, rawMax: raw, medianDtMs: dt };
  const first = Math.floor(tMs[0]! / 1000);
  const buckets = Math.floor(tMs[tMs.length - 1]! / 1000) - first + 1;
  const bt = new Float64Array(buckets);
  const bmin = new Float64Array(buckets).fill(Infinity);
  const bmax = new Float64Array(buckets).fill(-Infinity);
  const rmax = new Float64Array(buckets).fill(-Infinity);
  const used = new Uint8Array(buckets);
  for (let i = 0; i < tMs.length; i++) {
    const b = Math.floor(tMs[i]! / 1000) - first;
    used[b] = 1;
    if (y[i]! < bmin[b]!) bmin[b] = y[i]!;
    if (y[i]! > bmax[b]!) bmax[b] = y[i]!;
    if (raw[i]! > rmax[b]!) rmax[b] = raw[i]!;
  }
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    if (!used[b]) continue;
    bt[k] = (first + b) * 1000 + 500;
    bmin[k] = bmin[b]!;
    bmax[k] = bmax[b]!;
    rmax[k] = rmax[b]!;
    k++;
  }
  return {
    tMs: bt.slice(0, k),
    y: bmin.slice(0, k),
    yMax: bmax.slice(0, k),
    rawMax: rmax.slice(0, k),
    medianDtMs: 1000,
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
    if (tMs[i]! - tMs[i - 1]! > 5 * medianDtMs) gaps.push({ startMs: tMs[i - 1]!, endMs: tMs[i]! });
  }
  return gaps;
}

/** Indices where a new segment starts: a sample below 50 % of the previous one (a restart). */
export function restartIndices(y: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < y.length; i++) if (y[i]! < 0.5 * y[i - 1]!) out.push(i);
  return out;
}
