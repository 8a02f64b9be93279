import { describe, expect, test } from 'vitest';
import { preLoadFloor } from '../../../src/analysis/recovery.js';
import { buildSeries } from '../../../src/analysis/series.js';

const MiB = 1024 * 1024;

/** 100 ms samples: `low` before `stepMs` (a cache not yet filled), `high` after. */
function stepSeries(stepMs: number, endMs: number, low: number, high: number) {
  const t: number[] = [];
  const y: number[] = [];
  for (let ms = 0; ms < endMs; ms += 100) {
    t.push(ms);
    y.push(ms < stepMs ? low : high);
  }
  return buildSeries(Float64Array.from(t), Float64Array.from(y));
}

describe('preLoadFloor', () => {
  test('a 1 s bucket straddling the idle start does not bring in samples from before it', () => {
    // Warm-up fills 17 MiB by 300 ms; the idle window starts at 411 ms (as measured on a real run).
    const s = stepSeries(300, 12_000, 8 * MiB, 25 * MiB);
    const pre = preLoadFloor(s, { startMs: 411, endMs: 2411 }, undefined, 1000);
    expect(pre?.floorBytes).toBe(25 * MiB);
  });
  test('a long idle keeps its blocks: floor of a flat idle is its level, not approximate', () => {
    const s = stepSeries(0, 40_000, 8 * MiB, 30 * MiB);
    const pre = preLoadFloor(s, { startMs: 0, endMs: 35_000 }, undefined, 5000);
    expect(pre?.floorBytes).toBe(30 * MiB);
    expect(pre?.approximate).toBe(false);
  });
});
