/**
 * Trend statistics on block floors (docs/design/statistics.md#theil-sen, docs/design/statistics.md#trend-test, docs/design/statistics.md#slope-ci): Theil-Sen slope with Sen's
 * (1968) confidence interval, and the Mann-Kendall test with the Hamed-Rao (1998) variance
 * correction, lag-filtered as in pyMannKendall.hamed_rao_modification_test.
 */
import { acf, median, quantileSorted, ranks } from './descriptive.js';
import { normalQuantile, normalSf } from './distributions.js';

export interface TheilSen {
  slope: number;
  intercept: number;
  /** All pairwise slopes with distinct x, sorted ascending. */
  sortedSlopes: Float64Array;
}

/** Median of pairwise slopes; O(m^2) memory and time, meant for block floors (m up to ~2,000). */
export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>): TheilSen {
  const m = x.length;
  const slopes = new Float64Array((m * (m - 1)) / 2);
  let k = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const dx = x[j]! - x[i]!;
      if (dx !== 0) slopes[k++] = (y[j]! - y[i]!) / dx;
    }
  }
  const sortedSlopes = slopes.subarray(0, k).sort();
  const slope = k === 0 ? 0 : quantileSorted(sortedSlopes, 0.5);
  const intercept = median(y) - slope * median(x);
  return { slope, intercept, sortedSlopes };
}

export interface MannKendall {
  s: number;
  /** Tie-corrected variance under independence. */
  var0: number;
  /** Hamed-Rao factor, clamped at >= 1. */
  factor: number;
  varStar: number;
  z: number;
  /** One-sided p for "increasing". */
  p: number;
}

function tieTerm(y: ArrayLike<number>): number {
  const s = Float64Array.from(y).sort();
  let term = 0;
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[i]) j++;
    const t = j - i + 1;
    if (t > 1) term += t * (t - 1) * (2 * t + 5);
    i = j + 1;
  }
  return term;
}

/** Hamed-Rao n/n* factor from the ranks of the Sen-detrended series, significant lags only. */
export function hamedRaoFactor(x: ArrayLike<number>, y: ArrayLike<number>, slope: number): number {
  const m = y.length;
  if (m < 3) return 1;
  const detrended = new Float64Array(m);
  for (let i = 0; i < m; i++) detrended[i] = y[i]! - slope * x[i]!;
  const r = ranks(detrended);
  const maxLag = Math.min(Math.floor(m / 4), 30);
  const bound = 1.96 / Math.sqrt(m);
  let acc = 0;
  for (let k = 1; k <= maxLag; k++) {
    const rk = acf(r, k);
    if (Math.abs(rk) > bound) acc += (m - k) * (m - k - 1) * (m - k - 2) * rk;
  }
  const f = 1 + (2 / (m * (m - 1) * (m - 2))) * acc;
  return Math.max(1, f);
}

/** Mann-Kendall S with tie-corrected variance, Hamed-Rao inflation and continuity correction. */
export function mannKendall(x: ArrayLike<number>, y: ArrayLike<number>, slope: number): MannKendall {
  const m = y.length;
  let s = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) s += Math.sign(y[j]! - y[i]!);
  const var0 = (m * (m - 1) * (2 * m + 5) - tieTerm(y)) / 18;
  const factor = hamedRaoFactor(x, y, slope);
  const varStar = factor * var0;
  const z = varStar > 0 ? (s - Math.sign(s)) / Math.sqrt(varStar) : 0;
  return { s, var0, factor, varStar, z, p: normalSf(z) };
}

/** Sen's order-statistic CI for the slope at level 1 - gamma, using the (inflated) Var(S). */
export function senInterval(
  sortedSlopes: Float64Array,
  varS: number,
  gamma = 0.05,
): { lo: number; hi: number } {
  const n = sortedSlopes.length;
  if (n === 0) return { lo: 0, hi: 0 };
  const c = normalQuantile(1 - gamma / 2) * Math.sqrt(varS);
  const clamp = (i: number): number => Math.min(n - 1, Math.max(0, i));
  const lo = clamp(Math.round((n - c) / 2) - 1);
  const hi = clamp(Math.round((n + c) / 2));
  return { lo: sortedSlopes[lo]!, hi: sortedSlopes[hi]! };
}
