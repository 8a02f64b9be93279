import { describe, expect, test } from 'vitest';
import { detectChangePoints } from '../../../src/history/change-points.js';
import { bestSplit, testSplit } from '../../../src/history/e-divisive.js';
import { FLOOR_150_MIB, nightlyFloors } from './nightly-series.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('detectChangePoints on simulated nightly floors', () => {
  test.each(SEEDS)('seed %i: a 6 %% step at night 25 is found once, at 25 +- 1', (seed) => {
    const floors = nightlyFloors(
      { nights: 40, levelBytes: FLOOR_150_MIB, noisePct: 1, stepAt: 25, stepPct: 6 },
      seed,
    );
    const cps = detectChangePoints(floors);
    expect(cps).toHaveLength(1);
    expect(Math.abs(cps[0]!.index - 25)).toBeLessThanOrEqual(1);
    expect(cps[0]!.changePct).toBeGreaterThan(4);
    expect(cps[0]!.changePct).toBeLessThan(8);
    expect(cps[0]!.p).toBeLessThanOrEqual(0.001);
  });

  test.each(SEEDS)('seed %i: no step, no change point', (seed) => {
    const floors = nightlyFloors({ nights: 40, levelBytes: FLOOR_150_MIB, noisePct: 1 }, seed);
    expect(detectChangePoints(floors)).toEqual([]);
  });
});

describe('E-divisive building blocks', () => {
  test('bestSplit puts the split at the level change, respecting the minimum segment', () => {
    const z = [10, 11, 10, 9, 10, 20, 21, 19, 20, 20];
    expect(bestSplit(z, 0, z.length, 3)?.index).toBe(5);
    // A change 2 values from the end cannot be split off with segments of 3.
    expect(bestSplit([1, 1, 1, 1, 1, 9, 9], 0, 7, 3)?.index).not.toBe(5);
    expect(bestSplit([1, 2, 3, 4, 5], 0, 5, 3)).toBeUndefined();
  });

  test('testSplit: Student t p-value and means on both sides', () => {
    // Pooled variance 2/3, se = sqrt(2/3 * (1/4 + 1/4)) -> t = 3.464 with df 6.
    const z = [0, 1, 1, 2, 2, 3, 3, 4];
    const t = testSplit(z, 0, 4, 8);
    expect(t.before.mean).toBe(1);
    expect(t.after.mean).toBe(3);
    expect(t.changePct).toBeCloseTo(200, 10);
    // scipy.stats.ttest_ind([0,1,1,2],[2,3,3,4]).pvalue = 0.01340
    expect(t.p).toBeCloseTo(0.0134, 4);
    expect(testSplit([5, 5, 5, 5, 5, 5], 0, 3, 6).p).toBe(1);
    expect(testSplit([5, 5, 5, 6, 6, 6], 0, 3, 6).p).toBe(0);
  });

  test('a 2.1 % step in near noise-free data is kept; a 1.5 % step is below the magnitude floor', () => {
    const steady = (pct: number): number[] =>
      Array.from({ length: 20 }, (_, i) => (i >= 10 ? 100 * (1 + pct / 100) : 100) + (i % 2) * 0.01);
    expect(detectChangePoints(steady(2.1)).map((c) => c.index)).toEqual([10]);
    expect(detectChangePoints(steady(1.5))).toEqual([]);
  });

  test('two steps in a long series are both found, in different windows', () => {
    const z = Array.from(
      { length: 80 },
      (_, i) => (i >= 60 ? 120 : i >= 20 ? 110 : 100) + ((i * 7) % 5) * 0.2,
    );
    expect(detectChangePoints(z).map((c) => c.index)).toEqual([20, 60]);
  });

  test('short and non-finite input', () => {
    expect(detectChangePoints([])).toEqual([]);
    expect(detectChangePoints([1, 2, 3, 4, 5])).toEqual([]);
    expect(() => detectChangePoints([1, NaN, 3])).toThrow(/finite/);
  });
});
