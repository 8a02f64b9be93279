/**
 * Resampling tests for per-run numbers (G3 and the paired mode). Exact enumeration of every
 * relabelling (or sign assignment) while that is cheap; above it, Monte Carlo with a fixed seed, so
 * the p-value is still deterministic. Ties count as extreme.
 */

/** Enumerate exactly up to this many relabellings / sign assignments; sample beyond. */
export const EXACT_LIMIT = 1 << 16;
/** Monte Carlo draws above EXACT_LIMIT: the p-value's SD at p = 0.05 is about 0.0015. */
export const MONTE_CARLO_DRAWS = 20_000;
const MONTE_CARLO_SEED = 0x6d656d67;

/** mulberry32: a small seeded PRNG in [0, 1), so Monte Carlo p-values are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  if (total > EXACT_LIMIT) {
    // Monte Carlo: random k-subsets by a partial Fisher-Yates shuffle; the observed split counts once.
    const rand = seeded(MONTE_CARLO_SEED);
    const idx = Array.from({ length: n }, (_, i) => i);
    let extreme = 1;
    for (let d = 0; d < MONTE_CARLO_DRAWS; d++) {
      let acc = 0;
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(rand() * (n - i));
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
        acc += pooled[idx[i]!]!;
      }
      if (acc >= threshold) extreme++;
    }
    return { p: extreme / (MONTE_CARLO_DRAWS + 1), pMin: 1 / total, count: MONTE_CARLO_DRAWS + 1 };
  }
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

/**
 * One-sided sign-flip test on paired differences (mean > 0). Exact over all 2^n sign assignments
 * up to EXACT_LIMIT (Gray-code order: one flip per step, O(2^n) in all); seeded Monte Carlo above,
 * where 2^n no longer fits a 32-bit shift anyway.
 */
export function signFlipTest(differences: readonly number[]): ExactTest {
  const n = differences.length;
  if (n === 0) return { p: 1, pMin: 1, count: 1 };
  const observed = differences.reduce((a, b) => a + b, 0);
  const scale = differences.reduce((a, b) => a + Math.abs(b), 0) || 1;
  const threshold = observed - TIE_EPS * scale;
  const total = 2 ** n;
  if (total > EXACT_LIMIT) {
    const rand = seeded(MONTE_CARLO_SEED);
    let extreme = 1;
    for (let d = 0; d < MONTE_CARLO_DRAWS; d++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += rand() < 0.5 ? -differences[i]! : differences[i]!;
      if (s >= threshold) extreme++;
    }
    return { p: extreme / (MONTE_CARLO_DRAWS + 1), pMin: 1 / total, count: MONTE_CARLO_DRAWS + 1 };
  }
  // Gray code: assignment g = m ^ (m >> 1) differs from the previous one in exactly one bit.
  const sign = new Int8Array(n).fill(1);
  let s = observed;
  let extreme = s >= threshold ? 1 : 0;
  for (let m = 1; m < total; m++) {
    const bit = 31 - Math.clz32(m & -m);
    sign[bit] = -sign[bit]! as 1 | -1;
    s += 2 * sign[bit]! * differences[bit]!;
    if (s >= threshold) extreme++;
  }
  return { p: extreme / total, pMin: 1 / total, count: total };
}
