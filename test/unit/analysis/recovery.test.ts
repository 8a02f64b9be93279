import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyseRun } from '../../../src/analysis/analyse.js';
import { preLoadFloor } from '../../../src/analysis/recovery.js';
import { buildSeries } from '../../../src/analysis/series.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import type { RunRecord } from '../../../src/runner/run-record.js';

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
  test('a 1 s idle sampled every 250 ms (1 s buckets) still gives a pre-load floor and a recovery', () => {
    // A real run (the first-day test under CI load): the idle mark came 2.5 ms after the first sample,
    // and the bucket holding the idle samples was dropped as straddling the idle start.
    const file = join(import.meta.dirname, '../../fixtures/runs/idle-1s-bucketed.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
    const s = analyseRun(record, DEFAULT_GATE);
    expect(s.preLoadFloorBytes).toBe(9_695_232);
    expect(s.recoveryResidualBytes).toBeDefined();
  });
});
