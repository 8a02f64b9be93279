/**
 * Statistics for the analysis. Descriptive statistics (sum, mean, variance, quantiles, median, MAD,
 * min/max) and the two-sample t statistic come from simple-statistics: quantiles are type 7 (R/numpy
 * default), MAD is unscaled (multiply by MAD_TO_SIGMA). What this folder writes itself, and why: the
 * t distribution (simple-statistics has none), Mann-Kendall with the Hamed-Rao correction, Theil-Sen
 * with Sen's interval, the exact permutation and sign-flip tests (its permutationTest is Monte Carlo
 * on unseeded draws and returned p = 0) and E-divisive. No maintained npm package has these with
 * tie corrections, lag filtering and deterministic exact p-values.
 */
import * as ss from 'simple-statistics';

/** 1 / Phi^-1(0.75): turns a MAD into a sigma estimate under normal noise. */
export const MAD_TO_SIGMA = 1.4826;

type Numbers = ArrayLike<number>;

/** simple-statistics takes arrays; typed arrays are converted once (it never mutates its input). */
const arr = (xs: Numbers): number[] => (Array.isArray(xs) ? (xs as number[]) : Array.from(xs));

/** Compensated (Kahan-Babuska) sum. */
export function sum(xs: Numbers): number {
  return xs.length === 0 ? 0 : ss.sum(arr(xs));
}

export function mean(xs: Numbers): number {
  return xs.length === 0 ? NaN : ss.mean(arr(xs));
}

/** Sample variance (n - 1); NaN below two values. */
export function sampleVariance(xs: Numbers): number {
  return xs.length < 2 ? NaN : ss.sampleVariance(arr(xs));
}

export function sampleSd(xs: Numbers): number {
  return Math.sqrt(sampleVariance(xs));
}

/**
 * Sorted copy as a typed array: the native numeric sort of a Float64Array is an order of magnitude
 * faster than sorting (or quickselecting) a boxed array on a 24-hour series; simple-statistics' sorted
 * variants then only index into it.
 */
function sortedCopy(xs: Numbers): number[] {
  return Float64Array.from(xs).sort() as unknown as number[];
}

/** Type-7 quantile of already sorted values. */
export function quantileSorted(s: Numbers, p: number): number {
  return s.length === 0 ? NaN : ss.quantileSorted(s as number[], Math.min(1, Math.max(0, p)));
}

export function quantile(xs: Numbers, p: number): number {
  return xs.length === 0 ? NaN : ss.quantileSorted(sortedCopy(xs), Math.min(1, Math.max(0, p)));
}

export function median(xs: Numbers): number {
  return xs.length === 0 ? NaN : ss.medianSorted(sortedCopy(xs));
}

/**
 * Median absolute deviation around the median, unscaled; the same figure as simple-statistics'
 * medianAbsoluteDeviation (checked in the tests), on sorted typed arrays for speed.
 */
export function mad(xs: Numbers): number {
  if (xs.length === 0) return NaN;
  const m = median(xs);
  const dev = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) dev[i] = Math.abs(xs[i]! - m);
  return median(dev);
}

/** Robust sigma: 1.4826 * MAD. */
export function robustSigma(xs: Numbers): number {
  return MAD_TO_SIGMA * mad(xs);
}

export function max(xs: Numbers): number {
  return xs.length === 0 ? -Infinity : ss.max(arr(xs));
}

export function min(xs: Numbers): number {
  return xs.length === 0 ? Infinity : ss.min(arr(xs));
}

/**
 * Pooled-variance two-sample t statistic (Student); NaN if a side is empty or no degree of freedom is
 * left. simple-statistics refuses a side of one run (it wants each side's own variance), but the pooled
 * statistic is defined there: the variance comes from the other side alone (1 current run v 2 baseline
 * runs is a common nightly shape), so that case is computed here with the same formula.
 */
export function tStatistic(current: Numbers, baseline: Numbers, difference = 0): number {
  const nc = current.length;
  const nb = baseline.length;
  if (nc === 0 || nb === 0 || nc + nb < 3) return NaN;
  if (nc >= 2 && nb >= 2) return ss.tTestTwoSample(arr(current), arr(baseline), difference) ?? NaN;
  const ssc = nc > 1 ? ss.sampleVariance(arr(current)) * (nc - 1) : 0;
  const ssb = nb > 1 ? ss.sampleVariance(arr(baseline)) * (nb - 1) : 0;
  const pooledSd = Math.sqrt((ssc + ssb) / (nc + nb - 2));
  return (mean(current) - mean(baseline) - difference) / (pooledSd * Math.sqrt(1 / nc + 1 / nb));
}

/** Midranks (1-based), ties share the average rank. */
export function ranks(xs: Numbers): Float64Array {
  const n = xs.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && xs[idx[j + 1]!] === xs[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Sample autocorrelation at lag k (denominator: total sum of squares, as numpy/statsmodels). */
export function acf(xs: Numbers, k: number): number {
  const n = xs.length;
  if (k >= n) return 0;
  const m = mean(xs);
  let den = 0;
  for (let i = 0; i < n; i++) den += (xs[i]! - m) ** 2;
  if (den === 0) return 0;
  let num = 0;
  for (let i = 0; i + k < n; i++) num += (xs[i]! - m) * (xs[i + k]! - m);
  return num / den;
}
