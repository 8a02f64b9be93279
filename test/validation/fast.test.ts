/**
 * Fast validation suite (statistics.md section 12): false-fail rate on clean comparisons, detection
 * at 2x the thresholds, and metamorphic invariances. Deterministic seeds.
 */
import { describe, expect, test } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse.js';
import { compareScenario } from '../../src/compare/compare.js';
import type { ScenarioVerdict } from '../../src/compare/verdict.js';
import { MiB, syntheticRun, TEST_GATE, type SyntheticSpec } from '../helpers/synthetic.js';
import { runTrials } from '../helpers/trials.js';

describe('validation: error rates', () => {
  test('false-fail rate <= 1% over 200 clean 3v3 comparisons', () => {
    const t = runTrials({ base: {}, current: {}, n: 3, trials: 200, seed: 1 });
    expect(t.fail).toBeLessThanOrEqual(2);
  });
  test('floor +10% (2x threshold) is detected in >= 95% of 5v5 comparisons', () => {
    const t = runTrials({ base: {}, current: { floorBytes: 165 * MiB }, n: 5, trials: 40, seed: 2 }, 'floor');
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.95);
  });
  test('leak at 2x the slope threshold is detected in >= 95% of 5v5 comparisons', () => {
    const t = runTrials(
      {
        base: { loadSec: 1800 },
        current: { loadSec: 1800, leakBytesPerSec: (6.5 * MiB) / 3600 },
        n: 5,
        trials: 40,
        seed: 3,
      },
      'slope',
    );
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.95);
  });
});

function verdictOf(
  cur: Partial<SyntheticSpec>,
  base: Partial<SyntheticSpec>,
  seed: number,
  order?: number[],
): ScenarioVerdict {
  const idx = order ?? [0, 1, 2, 3, 4];
  const c = idx.map((i) => analyseRun(syntheticRun(cur, seed + i, { run: i }), TEST_GATE));
  const b = idx.map((i) =>
    analyseRun(syntheticRun(base, seed + 100 + i, { run: i, side: 'base' }), TEST_GATE),
  );
  return compareScenario(c, b, TEST_GATE, { fingerprintMatch: true });
}

const statuses = (v: ScenarioVerdict): string => v.metrics.map((m) => `${m.metric}:${m.status}`).join(' ');

describe('validation: invariances', () => {
  const cases: Partial<SyntheticSpec>[] = [
    {},
    { leakBytesPerSec: (12 * MiB) / 3600 },
    { floorBytes: 175 * MiB },
  ];
  test.each(cases.map((c, i) => [i, c] as const))(
    'case %i: scale, time shift, run order and sampling rate',
    (i, cur) => {
      const seed = 500 + i * 1000;
      const ref = statuses(verdictOf(cur, {}, seed));
      expect(statuses(verdictOf({ ...cur, scale: 2 }, { scale: 2 }, seed))).toBe(ref);
      expect(statuses(verdictOf({ ...cur, timeShiftMs: 12_345 }, { timeShiftMs: 12_345 }, seed))).toBe(ref);
      expect(statuses(verdictOf(cur, {}, seed, [4, 2, 0, 3, 1]))).toBe(ref);
      const halfSec = statuses(verdictOf({ ...cur, statsIntervalMs: 500 }, { statsIntervalMs: 500 }, seed));
      expect(halfSec.split(' ').filter((s) => !s.startsWith('peak') && !s.startsWith('recovery'))).toEqual(
        ref.split(' ').filter((s) => !s.startsWith('peak') && !s.startsWith('recovery')),
      );
    },
  );
  test('adding a constant keeps the slope verdict', () => {
    const cur = { leakBytesPerSec: (12 * MiB) / 3600 };
    const slope = (v: ScenarioVerdict) => v.metrics.find((m) => m.metric === 'slope')!.status;
    expect(slope(verdictOf({ ...cur, offsetBytes: 64 * MiB }, { offsetBytes: 64 * MiB }, 900))).toBe(
      slope(verdictOf(cur, {}, 900)),
    );
  });
  test('swapping sides turns a floor FAIL into an improvement', () => {
    const v = verdictOf({}, { floorBytes: 175 * MiB }, 77);
    const floor = v.metrics.find((m) => m.metric === 'floor')!;
    expect(floor.status).toBe('pass');
    expect(floor.reason).toContain('improvement');
  });
});
