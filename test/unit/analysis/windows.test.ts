import { describe, expect, test } from 'vitest';
import { runWindows } from '../../../src/analysis/windows.js';
import type { PhaseMark, RunRecord } from '../../../src/runner/run-record.js';

const withPhases = (phases: Partial<PhaseMark>[], cutShort?: string) =>
  ({ phases, ...(cutShort === undefined ? {} : { cutShort }) }) as unknown as RunRecord;

describe('runWindows', () => {
  test('only idle phases: the last idle window is gated at rest', () => {
    const w = runWindows(withPhases([{ kind: 'idle', index: 0, startMs: 0, endMs: 30_000 }]), 0, 29_900);
    expect(w.atRest).toBe(true);
    expect(w.load).toEqual({ startMs: 0, endMs: 29_901 });
  });

  test('a run cut off mid-soak (its soak never marked) is not at rest: the unmarked span is analysed', () => {
    const w = runWindows(
      withPhases([{ kind: 'idle', index: 0, startMs: 0, endMs: 1_000 }], 'memgate was cut off at 6 s'),
      0,
      6_000,
    );
    expect(w.atRest).toBeUndefined();
    expect(w.inferred).toBe(true);
    expect(w.load).toEqual({ startMs: 1_000, endMs: 6_000 });
  });
});
