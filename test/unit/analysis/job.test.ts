import { describe, expect, it } from 'vitest';
import { analyseRun } from '../../../src/analysis/analyse.js';
import { compareScenario } from '../../../src/compare/compare.js';
import type { JobOutcome, RunRecord } from '../../../src/runner/run-record.js';
import { syntheticRun, TEST_GATE } from '../../helpers/synthetic.js';

const MiB = 2 ** 20;

/** A synthetic 10 s run turned into a job's record (one load phase, how it ended, a payload). */
function jobRecord(
  job: Partial<JobOutcome>,
  opts: { run?: number; side?: 'current' | 'base'; floorBytes?: number } = {},
): RunRecord {
  const r = syntheticRun(
    { idleSec: 0, loadSec: 10, cooldownSec: 0, floorBytes: opts.floorBytes ?? 100 * MiB },
    7 + (opts.run ?? 0),
    { scenario: 'etl', run: opts.run ?? 0, side: opts.side ?? 'current' },
  );
  return {
    ...r,
    phases: [{ kind: 'load', index: 0, startMs: 0, endMs: 10_000 }],
    job: { exitCode: 0, durationMs: 10_000, timedOut: false, timeLimitMs: 60_000, ...job },
    payloadBytes: 50 * MiB,
  };
}

describe('job analysis', () => {
  it('gives floor, peak and amplification (peak / declared payload) and no slope', () => {
    const s = analyseRun(jobRecord({}), TEST_GATE);
    expect(s.valid).toBe(true);
    expect(s.floorBytes).toBeGreaterThan(80 * MiB);
    expect(s.peakBytes).toBeGreaterThanOrEqual(s.floorBytes);
    expect(s.amplification).toBeCloseTo(s.peakBytes / (50 * MiB), 6);
    expect(s.payloadDeclared).toBe(true);
    expect(s.slopeMeasured).toBe(false);
    expect(s).toMatchObject({ jobExitCode: 0, jobTimedOut: false, crash: false });
  });

  it('a job that exited 0 passes its exit verdict; slope is not gated for a job', () => {
    const cur = [0, 1].map((run) => analyseRun(jobRecord({}, { run }), TEST_GATE));
    const base = [0, 1].map((run) => analyseRun(jobRecord({}, { run, side: 'base' }), TEST_GATE));
    const v = compareScenario(cur, base, TEST_GATE, { fingerprintMatch: true });
    expect(v.metrics.find((m) => m.metric === 'exit')).toMatchObject({ status: 'pass' });
    expect(v.metrics.find((m) => m.metric === 'slope')?.reason).toBe(
      'slope not gated: a batch job has no steady window',
    );
    expect(v.metrics.find((m) => m.metric === 'amplification')).toBeDefined();
    expect(v.metrics.find((m) => m.metric === 'oom')?.status).toBe('pass');
  });

  it('a non-zero exit fails with the code, and is not counted as a crash', () => {
    const cur = [analyseRun(jobRecord({ exitCode: 3 }), TEST_GATE)];
    const v = compareScenario(cur, undefined, TEST_GATE, { fingerprintMatch: true });
    expect(v.status).toBe('fail');
    expect(v.metrics.find((m) => m.metric === 'exit')).toMatchObject({
      status: 'fail',
      reason: 'job exited with code 3 in 1 of 1 run(s)',
    });
    expect(v.metrics.find((m) => m.metric === 'oom')?.status).toBe('pass');
  });

  it('a job still running at its time limit fails', () => {
    const cur = [analyseRun(jobRecord({ exitCode: null, timedOut: true, durationMs: 5000 }), TEST_GATE)];
    const v = compareScenario(cur, undefined, TEST_GATE, { fingerprintMatch: true });
    expect(v.metrics.find((m) => m.metric === 'exit')?.reason).toMatch(
      /^job still running at its time limit \(5(\.0)? ?s\) in 1 of 1 run\(s\)$/,
    );
  });
});
