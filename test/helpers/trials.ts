/** Repeated synthetic comparisons for the validation suite and bench (statistics.md section 12.3). */
import { compareScenario } from '../../src/compare/compare.js';
import type { ScenarioVerdict } from '../../src/compare/verdict.js';
import { summaries } from './summaries.js';
import { TEST_GATE, type SyntheticSpec } from './synthetic.js';

export interface TrialSet {
  base: Partial<SyntheticSpec>;
  current: Partial<SyntheticSpec>;
  n: number;
  trials: number;
  seed: number;
}

export interface Tally {
  fail: number;
  warn: number;
  pass: number;
  inconclusive: number;
  trials: number;
}

/** Runs `trials` independent n-v-n comparisons; counts the status of `metric` (or the scenario). */
export function runTrials(set: TrialSet, metric?: string): Tally {
  const t: Tally = { fail: 0, warn: 0, pass: 0, inconclusive: 0, trials: set.trials };
  for (let k = 0; k < set.trials; k++) {
    const seed = set.seed + k * 17;
    const v: ScenarioVerdict = compareScenario(
      summaries(set.current, set.n, seed, 'current'),
      summaries(set.base, set.n, seed + 7, 'base'),
      TEST_GATE,
      {
        fingerprintMatch: true,
      },
    );
    const status = metric ? (v.metrics.find((m) => m.metric === metric)?.status ?? 'pass') : v.status;
    t[status]++;
  }
  return t;
}

/** Short runs keep the fast suite fast: 30 s idle, 10 min load, 60 s cool-down at 1 Hz. */
export const SHORT: Partial<SyntheticSpec> = { idleSec: 30, loadSec: 600, cooldownSec: 60 };
