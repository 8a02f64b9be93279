/**
 * The bugs of the "verdicts you can trust" audit, one test each: sign-flip size, NaN and negative
 * samples, a stray epoch-ms timestamp, spikes after a gap, the lower envelope, the step detector's
 * smallest step, and simple-statistics against the hand-written formulas it replaced.
 */
import * as ss from 'simple-statistics';
import { describe, expect, test } from 'vitest';
import { analyseRun } from '../../../src/analysis/analyse.js';
import { blockFloors, validBlocks } from '../../../src/analysis/blocks.js';
import { buildSeries, dropIsolatedDips } from '../../../src/analysis/series.js';
import { detectSpikes } from '../../../src/analysis/spikes.js';
import {
  mad,
  mean,
  median,
  quantile,
  sampleVariance,
  tStatistic,
} from '../../../src/analysis/stats/descriptive.js';
import { exactPermutationTest, signFlipTest } from '../../../src/analysis/stats/resampling.js';
import { MiB, syntheticRun, TEST_GATE } from '../../helpers/synthetic.js';

describe('resampling at scale', () => {
  test('sign-flip: exact for small n, seeded Monte Carlo from n = 17, correct at n >= 31', () => {
    expect(signFlipTest([1, 2, 3]).p).toBeCloseTo(1 / 8, 12);
    expect(signFlipTest([1, -1]).p).toBeCloseTo(3 / 4, 12);
    const big = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? -0.5 : 1));
    const started = Date.now();
    const r = signFlipTest(big);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.p).toBeLessThan(0.001);
    expect(r.pMin).toBeCloseTo(2 ** -40, 20);
    expect(signFlipTest(big).p).toBe(r.p);
    const nul = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    expect(signFlipTest(nul).p).toBeGreaterThan(0.3);
  });
  test('permutation: 20 v 20 does not enumerate 1.4e11 splits', () => {
    const c = Array.from({ length: 20 }, (_, i) => 10 + i * 0.01);
    const b = Array.from({ length: 20 }, (_, i) => i * 0.01);
    const started = Date.now();
    const r = exactPermutationTest(c, b);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.p).toBeLessThan(0.001);
  });
});

describe('input hygiene', () => {
  test('a NaN sample cannot switch the headroom check off; negative values are dropped', () => {
    const rec = syntheticRun({ loadSec: 300, limitBytes: 240 * MiB }, 5);
    rec.stats[100]!.nonReclaimableBytes = NaN;
    rec.stats[101]!.nonReclaimableBytes = -5;
    const s = analyseRun(rec, TEST_GATE);
    expect(Number.isFinite(s.peakRobustBytes)).toBe(true);
    expect(s.peakRobustBytes).toBeGreaterThan(200 * MiB);
    expect(s.warnings.join(' ')).toContain('2 sample(s) of nonReclaimableBytes dropped');
  });
  test('a stray epoch-ms timestamp does not allocate a bucket per second since 1970', () => {
    const n = 2000;
    const t = Float64Array.from({ length: n }, (_, i) => i * 100);
    const y = Float64Array.from({ length: n }, () => 100 * MiB);
    t[n - 1] = 1.7e12;
    const s = buildSeries(t, y);
    expect(s.tMs.length).toBeLessThanOrEqual(n);
  });
});

describe('envelopes', () => {
  test('a GC trough survives; an isolated V-shaped read glitch does not', () => {
    const saw = [150, 186, 222, 150, 186, 222, 150, 186, 222, 150];
    expect([...dropIsolatedDips(saw)]).toEqual(saw);
    const twoSample = [150, 187, 150, 187, 150, 187, 150];
    expect([...dropIsolatedDips(twoSample)]).toEqual(twoSample);
    const glitch = [150, 151, 150, 105, 151, 150, 151];
    expect(dropIsolatedDips(glitch)[3]).toBe(150);
  });
});

describe('spikes after a gap', () => {
  test('blocks after a removed (gapped) block use their own reference', () => {
    const t: number[] = [];
    const y: number[] = [];
    for (let s = 0; s < 200; s++) {
      if (s >= 40 && s < 60) continue; // a 20 s gap: blocks 4 and 5 are invalid and compacted away
      t.push(s * 1000);
      // The level drops by 40 MiB at 100 s: a plateau ending, not a spike.
      y.push((s >= 100 ? 100 : 140) * MiB);
    }
    const series = buildSeries(Float64Array.from(t), Float64Array.from(y));
    const blocks = validBlocks(blockFloors(series, 0, 200_000, 10_000));
    expect(blocks.floor.length).toBe(18);
    expect(detectSpikes(series, blocks, 0, 100 * MiB).count).toBe(0);
  });
});

describe('simple-statistics matches the formulas it replaced', () => {
  test('MAD, median and type-7 quantiles agree with simple-statistics on typed arrays', () => {
    const xs = Float64Array.from({ length: 101 }, (_, i) => ((i * 37) % 101) ** 1.5);
    expect(mad(xs)).toBeCloseTo(ss.medianAbsoluteDeviation([...xs]), 9);
    expect(median(xs)).toBe(ss.median([...xs]));
    expect(quantile(xs, 0.1)).toBeCloseTo(ss.quantile([...xs], 0.1), 9);
  });
  test('two-sample pooled t statistic', () => {
    const c = [10.2, 11.1, 9.8, 10.9];
    const b = [9.1, 9.4, 8.8];
    const df = c.length + b.length - 2;
    const sp = Math.sqrt(((c.length - 1) * sampleVariance(c) + (b.length - 1) * sampleVariance(b)) / df);
    const t = (mean(c) - mean(b)) / (sp * Math.sqrt(1 / c.length + 1 / b.length));
    expect(tStatistic(c, b)).toBeCloseTo(t, 12);
  });
  test('one run on a side (1 v 2, a nightly shape): the pooled t from the other side, no throw', () => {
    const b = [9.1, 9.4, 8.8];
    const sp = Math.sqrt(sampleVariance(b));
    expect(tStatistic([10.2], b)).toBeCloseTo((10.2 - mean(b)) / (sp * Math.sqrt(1 + 1 / 3)), 12);
    expect(tStatistic([10.2], [9.1, 9.4])).toBeCloseTo(
      (10.2 - 9.25) / (Math.sqrt(sampleVariance([9.1, 9.4])) * Math.sqrt(1 + 1 / 2)),
      12,
    );
    expect(tStatistic([10.2], [9.1])).toBeNaN();
  });
});

describe('peak between samples', () => {
  test('a spike the 1 Hz gate metric never saw still raises the gated peak (watermark / 10 Hz usage)', () => {
    const spec = { loadSec: 200, fastIntervalMs: 100, spikeSec: 0.3, spikeBytes: 100 * MiB };
    const calm = analyseRun(syntheticRun({ ...spec, spikeRatePerSec: 0 }, 3), TEST_GATE);
    const spiky = analyseRun(syntheticRun({ ...spec, spikeRatePerSec: 0.02 }, 3), TEST_GATE);
    expect(spiky.peakRobustBytes - calm.peakRobustBytes).toBeGreaterThan(80 * MiB);
  });
});
