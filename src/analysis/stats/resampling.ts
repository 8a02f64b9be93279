/**
 * Exact resampling tests for per-run numbers (statistics.md sections 9.2 G3 and 9.9). Deterministic:
 * every relabelling (or sign assignment) is enumerated, ties count as extreme.
 */

export interface ExactTest {
  /** One-sided p-value for "current is larger". */
  p: number;
  /** Smallest p this design can produce. */
  pMin: number;
  /** Number of relabellings enumerated. */
  count: number;
}

/** Binomial coefficient C(n, k) as a float. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - i + 1)) / i;
  return Math.round(r);
}

// Relative slack so that floating-point sums of identical values still count as ties.
const TIE_EPS = 1e-9;

/**
 * Exact one-sided permutation test on the difference of means, over all C(n_c + n_b, n_c) splits.
 * With the pooled total fixed, mean(c) - mean(b) is monotone in sum(c), so sums are compared.
 */
export function exactPermutationTest(current: readonly number[], baseline: readonly number[]): ExactTest {
  const pooled = [...current, ...baseline];
  const k = current.length;
  const n = pooled.length;
  const total = choose(n, k);
  if (k === 0 || k === n) return { p: 1, pMin: 1, count: 1 };
  const observed = current.reduce((a, b) => a + b, 0);
  const scale = pooled.reduce((a, b) => a + Math.abs(b), 0) || 1;
  const threshold = observed - TIE_EPS * scale;
  let extreme = 0;
  let count = 0;
  const walk = (start: number, left: number, acc: number): void => {
    if (left === 0) {
      count++;
      if (acc >= threshold) extreme++;
      return;
    }
    for (let i = start; i <= n - left; i++) walk(i + 1, left - 1, acc + pooled[i]!);
  };
  walk(0, k, 0);
  return { p: extreme / count, pMin: 1 / total, count };
}

/** Exact one-sided sign-flip test on paired differences (mean > 0), over all 2^n sign assignments. */
export function signFlipTest(differences: readonly number[]): ExactTest {
  const n = differences.length;
  if (n === 0) return { p: 1, pMin: 1, count: 1 };
  const observed = differences.reduce((a, b) => a + b, 0);
  const scale = differences.reduce((a, b) => a + Math.abs(b), 0) || 1;
  const threshold = observed - TIE_EPS * scale;
  const count = 2 ** n;
  let extreme = 0;
  for (let mask = 0; mask < count; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += mask & (1 << i) ? -differences[i]! : differences[i]!;
    if (s >= threshold) extreme++;
  }
  return { p: extreme / count, pMin: 1 / count, count };
}
