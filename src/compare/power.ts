/**
 * Slope power across runs: what the between-run test can detect, and the steady soak that would
 * detect a given slope in one run (T^-3/2 law of the per-run detection limit).
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { DETECTION } from '../analysis/slope.js';
import { median } from '../analysis/stats/descriptive.js';
import { normalQuantile, tQuantile } from '../analysis/stats/distributions.js';
import { ANALYSIS } from '../analysis/thresholds.js';
import { msToSec, secToMs } from '../units.js';
import { COMPARE } from './thresholds.js';

/**
 * Cross-run detectable slope from the per-run one. The per-run limit is k (z_a + z_b) SE; the t test
 * on per-run slopes detects (t_a + t_b) SE sqrt(1/nc + 1/nb). Dividing by sqrt(n) alone would ignore
 * the t quantiles of few runs and the baseline's own noise.
 */
export function crossRunDetectable(perRunMds: number, nc: number, nb: number, alpha: number): number {
  const df = nc + nb - 2;
  if (df < 1) return Infinity;
  const se = perRunSlopeSe(perRunMds, alpha);
  return (tQuantile(1 - alpha, df) + tQuantile(COMPARE.power, df)) * se * Math.sqrt(1 / nc + 1 / nb);
}

/** The standard error of one run's slope behind its printed detection limit k (z_a + z_b) SE. */
export function perRunSlopeSe(perRunMds: number, alpha: number): number {
  return perRunMds / (DETECTION.kSafety * (normalQuantile(1 - alpha) + normalQuantile(DETECTION.power)));
}

/**
 * Steady soak (ms) that detects `slope` in one run: T = (k (z_a + z_b) sigma sqrt(12 W) sqrt(VIF/eff) / s)^(2/3),
 * at least the minimum steady window. Uses the medians of the runs' floor noise, block width and VIF.
 */
export function soakToDetectMs(runs: RunSummary[], slopeBytesPerSec: number, alpha: number): number {
  const sigma = median(runs.map((s) => s.sigmaFloorBytes));
  const wSec = msToSec(median(runs.map((s) => s.blockMs)));
  const vif = median(runs.map((s) => s.vif ?? 1));
  const floorMs = Math.max(ANALYSIS.minSteadyMs, secToMs(ANALYSIS.minSteadyBlocks * wSec));
  if (!(sigma > 0) || !(wSec > 0) || !(slopeBytesPerSec > 0)) return floorMs;
  const z = normalQuantile(1 - alpha) + normalQuantile(COMPARE.power);
  const tSec =
    ((DETECTION.kSafety * z * sigma * Math.sqrt(12 * wSec) * Math.sqrt(vif / DETECTION.efficiency)) /
      slopeBytesPerSec) **
    (2 / 3);
  return Math.max(floorMs, secToMs(tSec));
}
