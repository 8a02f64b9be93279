import { describe, expect, test } from 'vitest';
import { downsample, gridSeries, resampleAt } from '../../../src/report/series.js';
import { sparkline } from '../../../src/report/sparkline.js';

describe('sparkline', () => {
  test('scales between min and max over unicode blocks', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5], 10)).toBe('▁▁▁');
  });

  test('squeezes long series into width cells keeping spikes', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i === 54_321 ? 100 : 1));
    const line = sparkline(values, 20);
    expect([...line]).toHaveLength(20);
    expect([...line].filter((c) => c === '█')).toHaveLength(1);
  });

  test('empty input or width gives an empty string; non-finite values print blank', () => {
    expect(sparkline([], 10)).toBe('');
    expect(sparkline([1, 2], 0)).toBe('');
    expect(sparkline([1, NaN, 2], 3)).toBe('▁ █');
  });
});

describe('series helpers', () => {
  const series = { tMs: [0, 1000, 2000, 3000, 4000, 5000], bytes: [1, 9, 2, 3, 8, 4] };

  test('downsample keeps bucket maxima and never exceeds the point budget', () => {
    const d = downsample(series, 3);
    expect(d.bytes).toEqual([9, 3, 8]);
    expect(d.tMs).toEqual([1000, 3000, 4000]);
  });

  test('gridSeries gives evenly spaced times spanning the series', () => {
    const g = gridSeries(
      { tMs: Array.from({ length: 200 }, (_, i) => i * 1000), bytes: Array(200).fill(7) },
      60,
    );
    expect(g.tMs).toHaveLength(60);
    expect(g.tMs[0]).toBe(0);
    expect(g.tMs[59]).toBe(199_000);
    expect(new Set(g.bytes)).toEqual(new Set([7]));
  });

  test('resampleAt interpolates and leaves outside points undefined', () => {
    expect(resampleAt({ tMs: [0, 10], bytes: [0, 100] }, [-1, 5, 10, 11])).toEqual([
      undefined,
      50,
      100,
      undefined,
    ]);
  });
});
