/**
 * Descriptive statistics over plain arrays. Quantiles are type 7 (R/numpy default); MAD is unscaled
 * (multiply by MAD_TO_SIGMA for a normal-consistent sigma), as in simple-statistics.
 */

/** 1 / Phi^-1(0.75): turns a MAD into a sigma estimate under normal noise. */
export const MAD_TO_SIGMA = 1.4826;

type Numbers = ArrayLike<number>;

export function sum(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

export function mean(xs: Numbers): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

/** Sample variance (n - 1); NaN below two values. */
export function sampleVariance(xs: Numbers): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - m) ** 2;
  return s / (n - 1);
}

export function sampleSd(xs: Numbers): number {
  return Math.sqrt(sampleVariance(xs));
}

function sorted(xs: Numbers): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Type-7 quantile of already sorted values. */
export function quantileSorted(s: Numbers, p: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export function quantile(xs: Numbers, p: number): number {
  return quantileSorted(sorted(xs), p);
}

export function median(xs: Numbers): number {
  return quantile(xs, 0.5);
}

/** Median absolute deviation around the median, unscaled. */
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
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i]! > m) m = xs[i]!;
  return m;
}

export function min(xs: Numbers): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i]! < m) m = xs[i]!;
  return m;
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
