/**
 * Bench: the long validation suite (statistics.md section 12.3). Confusion matrix of verdicts on
 * null and regressed comparisons, detection curves from 0.25x to 4x the floor and slope thresholds,
 * and calibration of the printed per-run detectable slope (detection rate of the within-run test at
 * exactly that slope should lie in [0.65, 0.95]).
 */
import { analyseRun } from '../src/analysis/analyse.js';
import { MiB, syntheticRun, TEST_GATE } from '../test/helpers/synthetic.js';
import { runTrials } from '../test/helpers/trials.js';
import { PRESETS, runPreset } from '../test/validation/presets.js';
import type { BenchResult } from './types.js';

const PRESET_TRIALS = Number(process.env['MEMGATE_PRESET_TRIALS'] ?? 400);
const PRESET_SEED = 424242;
const pct = (k: number, n: number): string => `${((100 * k) / n).toFixed(1)} %`;

const TRIALS = Number(process.env['MEMGATE_VALIDATION_TRIALS'] ?? 60);
const FLOOR_T = 0.05 * 150 * MiB;
const SLOPE_T_PER_H = 0.02 * 160 * MiB;

export async function run(): Promise<BenchResult> {
  const rows: Record<string, string | number>[] = [];
  // The audit presets: one row each, the same seeds as the "before" figures in docs/validation.md.
  for (const p of PRESETS) {
    const t = runPreset(p, PRESET_TRIALS, PRESET_SEED);
    rows.push({
      case: `preset ${p.id}`,
      multiple: p.kind,
      trials: t.trials,
      fail: pct(t.fail, t.trials),
      warn: pct(t.warn, t.trials),
      inconclusive: pct(t.inconclusive, t.trials),
      pass: pct(t.pass, t.trials),
      silentPass: pct(t.silentPass, t.trials),
    });
  }
  const nul = runTrials({ base: {}, current: {}, n: 3, trials: TRIALS * 4, seed: 9001 });
  rows.push({ case: 'null 3v3', multiple: 0, ...nul });
  for (const mult of [0.25, 0.5, 1, 2, 4]) {
    const f = runTrials(
      {
        base: {},
        current: { floorBytes: 150 * MiB + mult * FLOOR_T },
        n: 5,
        trials: TRIALS,
        seed: 100 + mult * 8,
      },
      'floor',
    );
    rows.push({ case: 'floor shift 5v5', multiple: mult, ...f, failRate: f.fail / f.trials });
    const s = runTrials(
      {
        base: { loadSec: 1800 },
        current: { loadSec: 1800, leakBytesPerSec: (mult * SLOPE_T_PER_H) / 3600 },
        n: 5,
        trials: TRIALS,
        seed: 200 + mult * 8,
      },
      'slope',
    );
    rows.push({ case: 'leak 5v5 30min', multiple: mult, ...s, failRate: s.fail / s.trials });
  }
  // Calibration: leaks at exactly the printed per-run detectable slope of clean runs.
  const clean = Array.from({ length: 20 }, (_, i) =>
    analyseRun(syntheticRun({ loadSec: 1800 }, 7000 + i), TEST_GATE),
  );
  const mds = clean.map((s) => s.detectableSlopeBytesPerSec ?? 0).sort((a, b) => a - b)[10]!;
  let hit = 0;
  const n = TRIALS * 2;
  for (let i = 0; i < n; i++) {
    const s = analyseRun(syntheticRun({ loadSec: 1800, leakBytesPerSec: mds }, 8000 + i), TEST_GATE);
    if (s.slopeBytesPerSec.p < TEST_GATE.alpha) hit++;
  }
  rows.push({
    case: 'calibration at printed MDS',
    multiple: Number(((mds * 3600) / MiB).toFixed(2)),
    trials: n,
    detectionRate: hit / n,
  });
  const short = analyseRun(syntheticRun({ loadSec: 600 }, 7100), TEST_GATE).detectableSlopeBytesPerSec ?? NaN;
  const long = analyseRun(syntheticRun({ loadSec: 1800 }, 7100), TEST_GATE).detectableSlopeBytesPerSec ?? NaN;
  rows.push({
    case: 'MDS ratio 600 s vs 1800 s',
    multiple: Number((short / long).toFixed(2)),
    expected: Number((3 ** 1.5).toFixed(2)),
  });
  return {
    name: 'validation',
    rows,
    notes: [
      `audit presets: ${PRESET_TRIALS} trials each, seed ${PRESET_SEED}; null presets count false FAILs, detect presets count FAILs; silentPass = effect above threshold yet pass`,
      `synthetic ci-typical preset, floor 150 MiB; floor threshold 7.5 MiB, slope threshold ~${(SLOPE_T_PER_H / MiB).toFixed(1)} MiB/h; ${TRIALS} trials per cell`,
      'spec targets: null FAIL <= 1%; slope FAIL <= 5% / <= 20% / 30-70% / >= 95% / 100% at 0.25/0.5/1/2/4x; calibration in [0.65, 0.95]; MDS ratio within 15% of 5.2',
    ],
  };
}
