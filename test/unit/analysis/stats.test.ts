import { describe, expect, test } from 'vitest';
import { mad, median, quantile, ranks, sampleVariance } from '../../../src/analysis/stats/descriptive.js';
import {
  erf,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
} from '../../../src/analysis/stats/distributions.js';
import { choose, exactPermutationTest, signFlipTest } from '../../../src/analysis/stats/resampling.js';
import { hamedRaoFactor, mannKendall, senInterval, theilSen } from '../../../src/analysis/stats/trend.js';

describe('descriptive', () => {
  test('median, type-7 quantile, MAD, variance, midranks', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 12);
    expect([...ranks([10, 20, 20, 5])]).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('distributions (Appendix A)', () => {
  test('normal quantiles match the z constants', () => {
    const z: [number, number][] = [
      [0.8, 0.842],
      [0.9, 1.282],
      [0.95, 1.645],
      [0.975, 1.96],
      [0.99, 2.326],
      [0.999, 3.09],
    ];
    for (const [p, v] of z) expect(normalQuantile(p)).toBeCloseTo(v, 3);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 13);
    expect(1 - normalCdf(6)).toBeGreaterThan(0);
  });
  test('t quantiles match the one-sided table', () => {
    const rows: [number, number, number, number][] = [
      [1, 6.314, 31.821, 318.31],
      [2, 2.92, 6.965, 22.327],
      [3, 2.353, 4.541, 10.215],
      [4, 2.132, 3.747, 7.173],
      [5, 2.015, 3.365, 5.893],
      [8, 1.86, 2.896, 4.501],
      [10, 1.812, 2.764, 4.144],
      [20, 1.725, 2.528, 3.552],
      [30, 1.697, 2.457, 3.385],
    ];
    for (const [df, q95, q99, q999] of rows) {
      expect(tQuantile(0.95, df)).toBeCloseTo(q95, 2);
      expect(tQuantile(0.99, df)).toBeCloseTo(q99, 2);
      expect(Math.abs(tQuantile(0.999, df) - q999) / q999).toBeLessThan(1e-3);
    }
    expect(tQuantile(0.99, Infinity)).toBeCloseTo(2.326, 3);
  });
  test('t CDF: df=1 is Cauchy, df=2 closed form, symmetric', () => {
    for (const t of [-3, -0.5, 0.7, 2, 10]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
      expect(tCdf(t, 7) + tCdf(-t, 7)).toBeCloseTo(1, 12);
    }
  });
});

describe('exact resampling tests', () => {
  test('permutation p-min is 1/C(n, k) and complete separation reaches it', () => {
    expect(choose(10, 5)).toBe(252);
    const r = exactPermutationTest([10, 11, 12], [1, 2, 3]);
    expect(r.count).toBe(20);
    expect(r.p).toBeCloseTo(1 / 20, 12);
    expect(r.pMin).toBeCloseTo(0.05, 12);
  });
  test('ties count as extreme', () => {
    // All values equal: every split ties the observed sum, so p = 1.
    expect(exactPermutationTest([5, 5], [5, 5]).p).toBe(1);
    // [3, 1] vs [2, 0]: sums of 2-subsets of {3,1,2,0} >= 4 are {3,1},{3,2} -> 2/6.
    expect(exactPermutationTest([3, 1], [2, 0]).p).toBeCloseTo(2 / 6, 12);
  });
  test('sign-flip over 2^n assignments', () => {
    const r = signFlipTest([1, 2, 3, 4, 5]);
    expect(r.count).toBe(32);
    expect(r.p).toBeCloseTo(1 / 32, 12);
    // [3, -1]: sums 2, 4, -4, -2 -> >= 2 twice.
    expect(signFlipTest([3, -1]).p).toBe(0.5);
  });
});

describe('trend', () => {
  test('Theil-Sen recovers an exact line and resists one outlier', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = x.map((v) => 2 * v + 1);
    y[9] = 1000;
    const ts = theilSen(x, y);
    expect(ts.slope).toBe(2);
    expect(ts.intercept).toBeCloseTo(1 + 0, 0);
  });
  test('Mann-Kendall S and variance on a hand case with ties', () => {
    // y = [1, 2, 2, 3]: pairs (1,2)+,(1,2)+,(1,3)+,(2,2)0,(2,3)+,(2,3)+ -> S = 5.
    const mk = mannKendall([0, 1, 2, 3], [1, 2, 2, 3], 0);
    expect(mk.s).toBe(5);
    // Var0 = [4*3*13 - 2*1*9]/18 = (156 - 18)/18.
    expect(mk.var0).toBeCloseTo(138 / 18, 12);
  });
  test('monotone series is significant; Hamed-Rao factor is clamped at 1', () => {
    const x = Array.from({ length: 30 }, (_, i) => i);
    const mk = mannKendall(x, x, 1);
    expect(mk.p).toBeLessThan(1e-6);
    expect(hamedRaoFactor(x, [5, 1, 4, 2, 3, 6, 0, 7], 0)).toBeGreaterThanOrEqual(1);
  });
  test('Hamed-Rao inflates for a strongly autocorrelated series', () => {
    const y = Array.from({ length: 60 }, (_, i) => Math.sin(i / 6));
    const x = y.map((_, i) => i);
    expect(hamedRaoFactor(x, y, 0)).toBeGreaterThan(2);
  });
  test('Sen interval brackets the slope and widens with variance', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = x.map((v, i) => v + (i % 3) - 1);
    const ts = theilSen(x, y);
    const mk = mannKendall(x, y, ts.slope);
    const a = senInterval(ts.sortedSlopes, mk.var0);
    const b = senInterval(ts.sortedSlopes, 4 * mk.var0);
    expect(a.lo).toBeLessThanOrEqual(ts.slope);
    expect(a.hi).toBeGreaterThanOrEqual(ts.slope);
    expect(b.hi - b.lo).toBeGreaterThanOrEqual(a.hi - a.lo);
  });
});
