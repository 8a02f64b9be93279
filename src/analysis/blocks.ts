/**
 * GC-cycle detection and block floors (docs/design/statistics.md#blocks). A block floor is the minimum of the
 * lower envelope (raw less isolated dips) in a block of width W: the lower envelope of the GC sawtooth.
 */
import { msToSec } from '../units.js';
import type { Series } from './series.js';
import { median, robustSigma } from './stats/descriptive.js';

export interface GcCycles {
  drops: number;
  /** Median interval between drops, ms; 0 without a sawtooth. */
  periodMs: number;
  /** Median drop size, bytes. */
  amplitudeBytes: number;
  sawtooth: boolean;
}

export function detectGc(s: Series, fromMs: number, toMs: number): GcCycles {
  const idx: number[] = [];
  for (let i = 0; i < s.tMs.length; i++) if (s.tMs[i]! >= fromMs && s.tMs[i]! < toMs) idx.push(i);
  if (idx.length < 5) return { drops: 0, periodMs: 0, amplitudeBytes: 0, sawtooth: false };
  const d = new Float64Array(idx.length - 1);
  for (let k = 1; k < idx.length; k++) d[k - 1] = s.y[idx[k]!]! - s.y[idx[k - 1]!]!;
  const level = median(idx.map((i) => s.y[i]!));
  const cut = -Math.max(6 * robustSigma(d), 0.01 * level);
  const dropAt: number[] = [];
  const sizes: number[] = [];
  let lastK = -10;
  for (let k = 0; k < d.length; k++) {
    if (d[k]! >= cut) continue;
    // Merge drops less than 2 samples apart into one.
    if (k - lastK < 2 && sizes.length > 0) sizes[sizes.length - 1]! += -d[k]!;
    else {
      dropAt.push(s.tMs[idx[k + 1]!]!);
      sizes.push(-d[k]!);
    }
    lastK = k;
  }
  const intervals = dropAt.slice(1).map((t, i) => t - dropAt[i]!);
  const sawtooth = dropAt.length >= 5;
  return {
    drops: dropAt.length,
    periodMs: sawtooth ? median(intervals) : 0,
    amplitudeBytes: sizes.length > 0 ? median(sizes) : 0,
    sawtooth,
  };
}

/** W = clamp(max(3 P_gc, T/60), 5 s, 120 s), lowered to T/20 when that gives fewer than 20 blocks. */
export function chooseBlockWidth(gcPeriodMs: number, steadyMs: number, warnings: string[]): number {
  let w = Math.min(120_000, Math.max(5_000, 3 * gcPeriodMs, steadyMs / 60));
  if (steadyMs / w < 20) {
    w = Math.max(1_000, steadyMs / 20);
    if (gcPeriodMs > 0 && w < 2 * gcPeriodMs) {
      warnings.push(
        `run too short for this GC cadence (${msToSec(gcPeriodMs).toFixed(1)} s); lengthen soak to >= ${Math.ceil(msToSec(60 * gcPeriodMs))} s`,
      );
    }
  }
  return w;
}

export interface Blocks {
  /** Block midpoints, ms since run start. */
  tMs: Float64Array;
  floor: Float64Array;
  ceil: Float64Array;
  count: Uint32Array;
  /** False for blocks with under 50 % of the expected samples. */
  valid: Uint8Array;
  widthMs: number;
}

/** Floors over [fromMs, toMs) in blocks of widthMs; a trailing partial block under half a width is dropped. */
export function blockFloors(s: Series, fromMs: number, toMs: number, widthMs: number): Blocks {
  const m = Math.max(0, Math.floor((toMs - fromMs) / widthMs + 0.5));
  const floor = new Float64Array(m).fill(Infinity);
  const ceil = new Float64Array(m).fill(-Infinity);
  const count = new Uint32Array(m);
  for (let i = 0; i < s.tMs.length; i++) {
    const t = s.tMs[i]!;
    if (t < fromMs || t >= toMs) continue;
    const b = Math.floor((t - fromMs) / widthMs);
    if (b >= m) continue;
    if (s.y[i]! < floor[b]!) floor[b] = s.y[i]!;
    if (s.yMax[i]! > ceil[b]!) ceil[b] = s.yMax[i]!;
    count[b]!++;
  }
  const expected = widthMs / Math.max(1, s.medianDtMs);
  const tMs = new Float64Array(m);
  const valid = new Uint8Array(m);
  for (let b = 0; b < m; b++) {
    const end = Math.min(toMs, fromMs + (b + 1) * widthMs);
    const start = fromMs + b * widthMs;
    tMs[b] = (start + end) / 2;
    valid[b] = count[b]! >= 0.5 * expected * ((end - start) / widthMs) && count[b]! > 0 ? 1 : 0;
  }
  return { tMs, floor, ceil, count, valid, widthMs };
}

/** Keeps only valid blocks. */
export function validBlocks(b: Blocks): Blocks {
  const keep: number[] = [];
  for (let i = 0; i < b.tMs.length; i++) if (b.valid[i]) keep.push(i);
  return {
    tMs: Float64Array.from(keep, (i) => b.tMs[i]!),
    floor: Float64Array.from(keep, (i) => b.floor[i]!),
    ceil: Float64Array.from(keep, (i) => b.ceil[i]!),
    count: Uint32Array.from(keep, (i) => b.count[i]!),
    valid: new Uint8Array(keep.length).fill(1),
    widthMs: b.widthMs,
  };
}

/** Blocks whose midpoint is at or after fromMs. */
export function blocksFrom(b: Blocks, fromMs: number): Blocks {
  let k = 0;
  while (k < b.tMs.length && b.tMs[k]! < fromMs) k++;
  return {
    tMs: b.tMs.slice(k),
    floor: b.floor.slice(k),
    ceil: b.ceil.slice(k),
    count: b.count.slice(k),
    valid: b.valid.slice(k),
    widthMs: b.widthMs,
  };
}
