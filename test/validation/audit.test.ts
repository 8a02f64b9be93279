/**
 * One test per row of the "verdicts you can trust" audit, on the presets of presets.ts (seeded, the
 * shipped default gate). Null presets: at most 1 % false FAIL. Detection presets: the expert verdict.
 * The bench (`npm run bench -- validation`) runs the same presets with more trials.
 */
import { describe, expect, test } from 'vitest';
import { PRESETS, presetTrial, runPreset, statusOf, type Preset } from './presets.js';

const preset = (id: string): Preset => PRESETS.find((p) => p.id === id)!;
const SEED = 424242;
/** Trials per null preset: at most 2 FAILs in 200 keeps the rate near 1 % without slowing npm test. */
const NULL_TRIALS = 200;

describe('audit rows: no false alarm', () => {
  test('3x the allocation rate never moves the floor verdict', () => {
    const t = runPreset(preset('alloc-rate-3x'), NULL_TRIALS, SEED);
    expect(t.fail + t.warn).toBe(0);
  });
  test('page cache filling the limit never fails peak (nor headroom)', () => {
    const t = runPreset(preset('page-cache-fill'), NULL_TRIALS, SEED);
    expect(t.fail).toBe(0);
  });
  test('slow-wander-3v3: false FAIL at most 1 in 100 (over 400 comparisons: the rate sits at 1 %)', () => {
    const t = runPreset(preset('slow-wander-3v3'), 400, SEED);
    expect(t.fail).toBeLessThanOrEqual(4);
  });
  test.each(['slow-wander-1v1', 'job-offset-5v5', 'null-soak', 'null-noisy'])(
    '%s: false FAIL at most 1 in 100',
    (id) => {
      const t = runPreset(preset(id), NULL_TRIALS, SEED);
      expect(t.fail).toBeLessThanOrEqual(2);
    },
  );
  test('interleaved pairs with one invalid current run: pairs matched by run id, no floor alarm', () => {
    const t = runPreset(preset('paired-one-invalid'), NULL_TRIALS, SEED);
    expect(t.fail + t.warn).toBe(0);
  });
});

describe('audit rows: regressions caught', () => {
  test('an effect above the threshold that no test confirms is never a pass', () => {
    const t = runPreset(preset('unconfirmed-effect'), NULL_TRIALS, SEED);
    expect(t.silentPass).toBe(0);
  });
  test('warm-up + a leak at 4x the threshold, 10-min soak: never a pass (FAIL in 1 of 3)', () => {
    // Short of the expert verdict (always fail): the warm-up takes the first half of 10 minutes, and
    // 3 v 3 slopes over the 5 minutes left are too noisy for a 4x leak; the reason then says so
    // (warn, or inconclusive with the soak length that would). The bundled 15-min soak: above.
    const t = runPreset(preset('warmup-leak-4x'), 60, SEED);
    expect(t.pass).toBe(0);
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.3);
  });
  test('warm-up + a leak at 4x the threshold fails >= 95 % with the bundled soak (was 72 %)', () => {
    const t = runPreset(preset('warmup-leak-4x-soak'), 60, SEED);
    expect(t.pass).toBe(0);
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.95);
  });
  test('a leak at 2x the threshold is caught >= 95 % with the bundled soak defaults', () => {
    const t = runPreset(preset('leak-2x-soak'), 60, SEED);
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.95);
  });
  test('a +20 MiB step in mid-load fails the level gate (and never passes)', () => {
    const t = runPreset(preset('step-20mib'), 60, SEED);
    expect(t.pass).toBe(0);
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.85);
  });
  test('an idle-only scenario is gated on its idle window', () => {
    const p = preset('idle-only');
    const v = presetTrial(p, SEED);
    const floor = v.metrics.find((m) => m.metric === 'floor')!;
    expect(floor.reason).not.toContain('not measured');
    const t = runPreset(p, 40, SEED);
    expect(t.fail / t.trials).toBeGreaterThanOrEqual(0.95);
    expect(statusOf(presetTrial({ ...p, current: p.base }, SEED), 'floor')).not.toBe('fail');
  });
});
