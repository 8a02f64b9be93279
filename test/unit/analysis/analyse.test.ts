import { describe, expect, test } from 'vitest';
import { analyseRun } from '../../../src/analysis/analyse.js';
import { MiB, syntheticRun, TEST_GATE } from '../../helpers/synthetic.js';

describe('analyseRun on synthetic runs', () => {
  test('clean plateau: healthy, floor near the live set, slope not significant', () => {
    const s = analyseRun(syntheticRun({}, 11), TEST_GATE);
    expect(s.valid).toBe(true);
    expect(s.shape).toBe('healthy_plateau');
    expect(s.slopeBytesPerSec.p).toBeGreaterThan(0.01);
    expect(Math.abs(s.floorBytes - 160 * MiB)).toBeLessThan(15 * MiB);
    expect(s.peakExact).toBe(true);
    expect(s.detectableSlopeBytesPerSec).toBeGreaterThan(0);
    // the same limit per request served (the generator serves 200 requests/s)
    expect(s.detectableBytesPerRequest! * 200).toBeCloseTo(s.detectableSlopeBytesPerSec!, -1);
    expect(s.recoveryStatus).toBe('recovered');
  });
  test('sawtooth + leak: rising floor, slope estimate within 25 %', () => {
    const leak = (12 * MiB) / 3600;
    const s = analyseRun(syntheticRun({ leakBytesPerSec: leak }, 12), TEST_GATE);
    expect(s.shape).toBe('sawtooth_rising_floor');
    expect(Math.abs(s.slopeBytesPerSec.value / leak - 1)).toBeLessThan(0.25);
    expect(s.slopeBytesPerSec.lo).toBeGreaterThan(0);
    expect(Math.abs(s.slopeBytesPerRequest! / (leak / 200) - 1)).toBeLessThan(0.25);
  });
  test('non-GC runtime + leak: monotonic growth', () => {
    const s = analyseRun(
      syntheticRun({ sawtooth: false, leakBytesPerSec: (12 * MiB) / 3600 }, 13),
      TEST_GATE,
    );
    expect(s.shape).toBe('monotonic_growth');
  });
  test('exponential warm-up is excluded and does not read as a leak', () => {
    const s = analyseRun(syntheticRun({ warmupBytes: 40 * MiB, warmupTauSec: 60 }, 14), TEST_GATE);
    expect(s.warmupEndMs).toBeGreaterThan(60_000 + 120_000);
    expect(s.slopeBytesPerSec.value * 3600).toBeLessThan(3 * MiB);
    expect(s.shapeReasons.join(' ')).toContain('+warmup');
  });
  test('retention after load: recovery residual and not recovered', () => {
    const s = analyseRun(syntheticRun({ loadExtraBytes: 30 * MiB, retention: 1 }, 15), TEST_GATE);
    expect(s.recoveryStatus).toBe('not_recovered');
    expect(s.recoveryResidualBytes).toBeGreaterThan(20 * MiB);
    const ok = analyseRun(syntheticRun({ loadExtraBytes: 30 * MiB, retention: 0 }, 15), TEST_GATE);
    expect(ok.recoveryResidualBytes).toBeLessThan(5 * MiB);
  });
  test('spikes are classified', () => {
    const s = analyseRun(
      syntheticRun({ spikeRatePerSec: 0.01, spikeBytes: 60 * MiB, spikeSec: 3 }, 16),
      TEST_GATE,
    );
    expect(s.shape).toBe('spikes');
    expect(s.peakBytes - s.floorBytes).toBeGreaterThan(60 * MiB);
  });
  test('OOM kill -> crashing with the class recorded', () => {
    const r = syntheticRun({}, 17);
    r.oom = { classification: 'OOM_KILLED_MAIN', oomKills: 1, exitCode: 137, reasons: ['oom_kill=1'] };
    const s = analyseRun(r, TEST_GATE);
    expect(s.oom).toBe(true);
    expect(s.oomClass).toBe('OOM_KILLED_MAIN');
    expect(['flat_but_crashing', 'crashing']).toContain(s.shape);
  });
  test('invalid record and short run', () => {
    const r = syntheticRun({}, 18);
    r.valid = false;
    expect(analyseRun(r, TEST_GATE).valid).toBe(false);
    const short = analyseRun(syntheticRun({ loadSec: 60 }, 18), TEST_GATE);
    expect(short.slopeMeasured).toBe(false);
    expect(short.warnings.join(' ')).toContain('too short for a slope');
  });
  test('too many gaps make the run inconclusive', () => {
    const s = analyseRun(syntheticRun({ gapP: 0.08, gapSec: 15 }, 19), TEST_GATE);
    expect(s.valid).toBe(false);
    expect(s.warnings.join(' ')).toMatch(/gap/);
  });
});
