import { describe, expect, test } from 'vitest';
import type { RunSummary } from '../../../src/analysis/run-summary.js';
import { compareScenario, needsConfirmation } from '../../../src/compare/compare.js';
import { evaluateGates } from '../../../src/compare/gates.js';
import { summaries } from '../../helpers/summaries.js';
import { MiB, TEST_GATE } from '../../helpers/synthetic.js';

const opts = { fingerprintMatch: true };
const metric = (v: ReturnType<typeof compareScenario>, m: string) => v.metrics.find((x) => x.metric === m)!;

describe('evaluateGates (section 9.4 table)', () => {
  const base = { threshold: 5, alpha: 0.01, paired: false };
  test('FAIL needs G1, G2 and G3', () => {
    const r = evaluateGates({ ...base, current: [120, 121, 122], baseline: [100, 101, 102] });
    expect(r.status).toBe('fail');
    expect(r.p).toBeLessThanOrEqual(0.05);
  });
  test('below the practical threshold passes even when significant', () => {
    expect(
      evaluateGates({ ...base, current: [103, 103.1, 103.2], baseline: [100, 100.1, 100.2] }).status,
    ).toBe('pass');
  });
  test('1-run baseline: WARN at most unless the effect is > 2x threshold', () => {
    expect(evaluateGates({ ...base, current: [108, 108.5, 109], baseline: [100] }).status).toBe('warn');
    expect(evaluateGates({ ...base, current: [120, 120.5, 121], baseline: [100] }).status).toBe('fail');
  });
  test('one wild run cannot fail alone', () => {
    const r = evaluateGates({ ...base, current: [100, 101, 160], baseline: [100, 101, 102] });
    expect(r.status).not.toBe('fail');
  });
  test('paired sign-flip mode', () => {
    const r = evaluateGates({
      ...base,
      paired: true,
      current: [110, 111, 112, 113, 114],
      baseline: [100, 100.5, 101, 101.5, 102],
    });
    expect(r.status).toBe('fail');
    expect(r.p).toBeLessThanOrEqual(1 / 32);
  });
  test('underpowered comparisons are inconclusive, not a silent pass', () => {
    const r = evaluateGates({ ...base, current: [80, 120, 100], baseline: [70, 130, 100] });
    expect(r.status).toBe('inconclusive');
  });
});

describe('compareScenario', () => {
  const baseRuns = summaries({}, 5, 1, 'base');
  test('clean vs clean passes; floor shift of +15 % fails with a readable reason', () => {
    expect(compareScenario(summaries({}, 5, 2), baseRuns, TEST_GATE, opts).status).toBe('pass');
    const v = compareScenario(summaries({ floorBytes: 175 * MiB }, 5, 3), baseRuns, TEST_GATE, opts);
    expect(metric(v, 'floor').status).toBe('fail');
    expect(metric(v, 'floor').reason).toMatch(
      /^floor \+\d+\.\d MiB \(\+\d+\.\d%\) > threshold \d+\.\d MiB, p=/,
    );
    expect(needsConfirmation(v)).toBe(true);
  });
  test('1 v 1, a floor far past its threshold: no test can judge it, so it asks for more runs', () => {
    const one = summaries({ floorBytes: 300 * MiB }, 1, 7);
    const v = compareScenario(one, summaries({}, 1, 8, 'base'), TEST_GATE, opts);
    expect(metric(v, 'floor').status).toBe('inconclusive');
    expect(needsConfirmation(v)).toBe(true);
    const same = compareScenario(summaries({}, 1, 9), summaries({}, 1, 8, 'base'), TEST_GATE, opts);
    expect(needsConfirmation(same)).toBe(false);
    expect(needsConfirmation(compareScenario(one, undefined, TEST_GATE, opts))).toBe(false);
    expect(needsConfirmation({ ...v, status: 'fail' })).toBe(false);
  });
  test('leak in current fails the slope', () => {
    const v = compareScenario(
      summaries({ leakBytesPerSec: (12 * MiB) / 3600 }, 5, 4),
      baseRuns,
      TEST_GATE,
      opts,
    );
    expect(metric(v, 'slope').status).toBe('fail');
  });
  test('fingerprint mismatch -> inconclusive', () => {
    const v = compareScenario(summaries({}, 3, 5), baseRuns, TEST_GATE, { fingerprintMatch: false });
    expect(metric(v, 'floor').status).toBe('inconclusive');
    expect(metric(v, 'floor').reason).toContain('not comparable');
  });
  test('no baseline is not a pass: inconclusive, figures recorded, absolute checks only', () => {
    const v = compareScenario(summaries({}, 3, 6), undefined, TEST_GATE, opts);
    expect(v.status).toBe('inconclusive');
    expect(metric(v, 'floor').status).toBe('inconclusive');
    expect(metric(v, 'oom').status).toBe('pass');
    expect(metric(v, 'floor').reason).toMatch(/^no baseline: recorded floor/);
  });
  test('OOM in the current run fails on metric oom naming the class', () => {
    const cur: RunSummary[] = summaries({}, 3, 7).map((s, i) =>
      i === 0 ? { ...s, oom: true, oomClass: 'OOM_KILLED_MAIN' } : s,
    );
    const v = compareScenario(cur, undefined, TEST_GATE, opts);
    expect(metric(v, 'oom').status).toBe('fail');
    expect(metric(v, 'oom').reason).toContain('OOM_KILLED_MAIN');
    const warned = compareScenario(cur, undefined, { ...TEST_GATE, oom: 'warn' }, opts);
    expect(metric(warned, 'oom').status).toBe('warn');
    expect(warned.status).toBe('inconclusive'); // no baseline: a warning alone cannot make it a pass
  });
  test('peak of the gate metric at >= 90 % of the limit fails without a baseline', () => {
    const v = compareScenario(summaries({ limitBytes: 240 * MiB }, 3, 8), undefined, TEST_GATE, opts);
    expect(metric(v, 'peak').status).toBe('fail');
    expect(metric(v, 'peak').reason).toContain('OOM risk');
    expect(metric(v, 'peak').reason).toContain('kernel watermark');
  });
  test('page cache at the limit is no OOM risk: the watermark counts reclaimable cache', () => {
    const v = compareScenario(
      summaries({ limitBytes: 300 * MiB, fileFillBytesPerSec: 4 * MiB }, 3, 8),
      undefined,
      TEST_GATE,
      opts,
    );
    expect(metric(v, 'peak').status).not.toBe('fail');
  });
  test('absolute leak flag warns without a baseline', () => {
    const v = compareScenario(
      summaries({ leakBytesPerSec: (20 * MiB) / 3600 }, 3, 9),
      undefined,
      TEST_GATE,
      opts,
    );
    // Reported in the reason; without a baseline the metric stays inconclusive rather than a pass.
    expect(metric(v, 'slope').status).toBe('inconclusive');
    expect(metric(v, 'slope').reason).toContain('leak: floor grows');
  });
  test('1 v 1 (a nightly soak): the within-run trend never fails alone; a leak is flagged, not passed', () => {
    const leaking = summaries({ leakBytesPerSec: (20 * MiB) / 3600 }, 1, 11);
    const flat = compareScenario(leaking, summaries({}, 1, 12, 'base'), TEST_GATE, opts);
    expect(['warn', 'inconclusive']).toContain(metric(flat, 'slope').status);
    expect(metric(flat, 'slope').reason).toContain('leak: floor grows');
    const same = compareScenario(
      leaking,
      summaries({ leakBytesPerSec: (20 * MiB) / 3600 }, 1, 13, 'base'),
      TEST_GATE,
      opts,
    );
    expect(metric(same, 'slope').status).not.toBe('fail');
    expect(metric(same, 'slope').reason).toContain('pre-existing leak');
  });
  test('1 v 1 without a leak does not fail', () => {
    for (let seed = 20; seed < 40; seed++) {
      const v = compareScenario(
        summaries({}, 1, seed),
        summaries({}, 1, seed + 100, 'base'),
        TEST_GATE,
        opts,
      );
      expect(metric(v, 'slope').status).not.toBe('fail');
    }
  });
});

describe('audit: comparison rules', () => {
  const withFloor = (s: RunSummary, floorBytes: number, run: number): RunSummary => ({
    ...s,
    floorBytes,
    run,
  });
  test('interleaved pairs are matched by run id, not by position after dropping an invalid run', () => {
    const tmpl = summaries({}, 1, 50)[0]!;
    // Host drift: pair i shares level 100 + 10 i MiB on both sides; current run 2 is invalid.
    const base = [1, 2, 3, 4, 5, 6].map((r) => withFloor(tmpl, (100 + 10 * r) * MiB, r));
    const cur = [1, 2, 3, 4, 5, 6].map((r) => ({
      ...withFloor(tmpl, (100 + 10 * r) * MiB + 0.1 * MiB, r),
      side: 'current' as const,
      valid: r !== 2,
    }));
    const v = compareScenario(cur, base, TEST_GATE, { fingerprintMatch: true, paired: true });
    const floor = metric(v, 'floor');
    expect(floor.effect).toBeCloseTo(0.1 * MiB, -3);
    expect(floor.status).toBe('pass');
    expect(floor.reason).toContain('5 pairs matched by run id');
  });
  test('recovery: most current runs not recovered while the baseline recovered fails', () => {
    const base = summaries({}, 3, 60, 'base').map((s) => ({ ...s, recoveryStatus: 'recovered' as const }));
    const cur = base.map((s) => ({
      ...s,
      side: 'current' as const,
      recoveryStatus: 'not_recovered' as const,
    }));
    const v = compareScenario(cur, base, TEST_GATE, opts);
    expect(metric(v, 'recovery').reason).toContain('did not recover in 3 of 3 current run(s)');
    expect(['fail', 'warn']).toContain(metric(v, 'recovery').status);
    const both = compareScenario(
      cur,
      cur.map((s) => ({ ...s, side: 'base' as const })),
      TEST_GATE,
      opts,
    );
    expect(metric(both, 'recovery').reason).toContain('pre-existing');
  });
  test('no cool-down phase: recovery is not gated (pass, with why), not inconclusive', () => {
    const noCooldown = (xs: RunSummary[]): RunSummary[] =>
      xs.map(({ cooldownMs: _c, recoveryResidualBytes: _r, recoveryMs: _m, recoveryStatus: _s, ...s }) => s);
    const cur = noCooldown(summaries({}, 3, 80));
    const v = compareScenario(cur, noCooldown(summaries({}, 3, 81, 'base')), TEST_GATE, opts);
    expect(metric(v, 'recovery').status).toBe('pass');
    expect(metric(v, 'recovery').reason).toMatch(/recovery not gated: no cool-down phase/);
    expect(v.status).toBe('pass');
    // A cool-down that was there but gave no residual (too few readings) stays inconclusive.
    const unmeasured = cur.map((s) => ({ ...s, cooldownMs: 2000 }));
    const u = compareScenario(unmeasured, summaries({}, 3, 81, 'base'), TEST_GATE, opts);
    expect(metric(u, 'recovery').status).toBe('inconclusive');
  });
  test('an idle-only scenario gates its floor and says why the slope is not gated', () => {
    const rest = { idleOnly: true, idleSec: 60 };
    const v = compareScenario(summaries(rest, 3, 70), summaries(rest, 3, 71, 'base'), TEST_GATE, opts);
    expect(metric(v, 'floor').effect).toBeDefined();
    expect(metric(v, 'slope').reason).toContain('idle-only');
  });
  test('a short load says the slope is not gated and why', () => {
    const short = { loadSec: 60 };
    const v = compareScenario(summaries(short, 3, 80), summaries(short, 3, 81, 'base'), TEST_GATE, opts);
    expect(metric(v, 'slope').status).toBe('pass');
    expect(metric(v, 'slope').reason).toContain('shorter than the 120 s a slope needs');
  });
  test('a soak whose warm-up leaves too short a steady window is inconclusive with the soak needed', () => {
    const short = { loadSec: 150, warmupBytes: 30 * 1024 * 1024, warmupTauSec: 30 };
    const v = compareScenario(summaries(short, 3, 80), summaries(short, 3, 81, 'base'), TEST_GATE, opts);
    expect(metric(v, 'slope').status).toBe('inconclusive');
    expect(metric(v, 'slope').reason).toMatch(/a soak of >= \d+ min would detect/);
  });
  test('an effect inside the default job spread is inconclusive and says so', () => {
    const r = compareScenario(
      summaries({ floorBytes: 159 * MiB, sigmaBetween: 0.002 }, 5, 90),
      summaries({ sigmaBetween: 0.002 }, 5, 91, 'base'),
      TEST_GATE,
      opts,
    );
    expect(metric(r, 'floor').status).toBe('inconclusive');
    expect(metric(r, 'floor').reason).toContain('default job spread 2%');
  });
});
