/**
 * The two building blocks of E-divisive as Hunter/Otava run it (docs/design/statistics.md#change-points): the
 * Matteson-James energy statistic to find the best split of a window, and a Student t-test between the
 * two segments a split separates to decide whether it is real. Pure and deterministic.
 */
import { mean, median, sampleVariance } from '../analysis/stats/descriptive.js';
import { tSf } from '../analysis/stats/distributions.js';

export interface SegmentStats {
  mean: number;
  median: number;
}

/** A split at `index` (the first value after the change) tested against its neighbouring splits. */
export interface SplitTest {
  index: number;
  before: SegmentStats;
  after: SegmentStats;
  /** (mean after / mean before - 1) * 100. */
  changePct: number;
  /** Two-sided Student t p-value (pooled variance). */
  p: number;
  /** Length of the shorter of the two segments. */
  shortestSegment: number;
}

/**
 * argmax over tau of Q(tau) = tau(n-tau)/n * [2 mean|Zi-Zj| (across) - mean|Zi-Zk| (left) - mean|Zj-Zl| (right)]
 * over z[from:to], with both segments at least `minSize` long. Undefined when no split fits.
 */
export function bestSplit(
  z: readonly number[],
  from: number,
  to: number,
  minSize: number,
): { index: number; q: number } | undefined {
  const n = to - from;
  if (n < 2 * minSize) return undefined;
  // O(n^3) per window, plain and exact; windows are at most `windowLen` (30) nights long.
  const d = (i: number, j: number): number => Math.abs(z[from + i]! - z[from + j]!);
  let best: { index: number; q: number } | undefined;
  for (let tau = minSize; tau <= n - minSize; tau++) {
    let across = 0;
    let left = 0;
    let right = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (j < tau) left += d(i, j);
        else if (i >= tau) right += d(i, j);
        else across += d(i, j);
      }
    }
    const m = n - tau;
    const e = (2 * across) / (tau * m) - left / ((tau * (tau - 1)) / 2) - right / ((m * (m - 1)) / 2);
    const q = ((tau * m) / n) * e;
    if (best === undefined || q > best.q) best = { index: from + tau, q };
  }
  return best;
}

/** Student t-test (pooled variance, two-sided) of z[from:index] against z[index:to]. */
export function testSplit(z: readonly number[], from: number, index: number, to: number): SplitTest {
  const left = z.slice(from, index);
  const right = z.slice(index, to);
  const before = { mean: mean(left), median: median(left) };
  const after = { mean: mean(right), median: median(right) };
  return {
    index,
    before,
    after,
    changePct: before.mean === 0 ? (after.mean === 0 ? 0 : Infinity) : (after.mean / before.mean - 1) * 100,
    p: studentP(left, right),
    shortestSegment: Math.min(left.length, right.length),
  };
}

function studentP(left: number[], right: number[]): number {
  const n1 = left.length;
  const n2 = right.length;
  if (n1 < 1 || n2 < 1 || n1 + n2 <= 2) return 1;
  const diff = mean(right) - mean(left);
  const v1 = n1 > 1 ? sampleVariance(left) : 0;
  const v2 = n2 > 1 ? sampleVariance(right) : 0;
  const df = n1 + n2 - 2;
  const pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
  const se = Math.sqrt(pooled * (1 / n1 + 1 / n2));
  // Constant segments: any difference at all is certain, none is no evidence.
  if (se === 0) return diff === 0 ? 1 : 0;
  return Math.min(1, 2 * tSf(Math.abs(diff / se), df));
}
