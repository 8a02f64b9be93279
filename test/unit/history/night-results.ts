/** Results files for history tests: sampleResults() with chosen per-run floors, commit and date. */
import type { Results } from '../../../src/results.js';
import { sampleResults } from '../../helpers/sample-results.js';
import { FLOOR_150_MIB, nightlyFloors } from './nightly-series.js';

/** One night: every scenario of sampleResults gets runs with these floors (peaks and slopes kept). */
export function nightResults(night: number, floors: number[], commit?: string): Results {
  const base = sampleResults();
  const createdAt = new Date(Date.UTC(2025, 0, 1 + night, 3, 17)).toISOString();
  const scenarios = base.scenarios.map((s) => {
    const template = s.summaries[0]!;
    return {
      ...s,
      summaries: floors.map((floorBytes, run) => ({
        ...template,
        run,
        valid: true,
        side: 'current' as const,
        floorBytes,
      })),
    };
  });
  const { commit: _drop, ...rest } = base;
  return { ...rest, createdAt, scenarios, ...(commit === undefined ? {} : { commit }) };
}

export function commitOf(night: number): string {
  return night.toString(16).padStart(4, '0').repeat(10);
}

/** 40 nights of results, one run each, floors from nightlyFloors (optionally with a 6 % step at 25). */
export function fortyNights(seed: number, step: boolean): Results[] {
  const floors = nightlyFloors(
    { nights: 40, levelBytes: FLOOR_150_MIB, noisePct: 1, ...(step ? { stepAt: 25, stepPct: 6 } : {}) },
    seed,
  );
  return floors.map((f, i) => nightResults(i, [f], commitOf(i)));
}
