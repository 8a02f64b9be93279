/**
 * Every tuning number of the cross-run comparison in one object, named, with why (design:
 * docs/design/statistics-notes.md). Changing one changes verdicts: rerun the validation presets.
 */
import { MiB } from '../units.js';
export const COMPARE = {
  /** Significance of the exact permutation / sign-flip test (G3). G2 uses the gate's alpha. */
  exactAlpha: 0.05,
  /** Power the detection limits are quoted at (one-sided quantile of 0.8). */
  power: 0.8,
  /** Thin baseline (G3 not applicable): FAIL only above this multiple of the threshold. */
  grossFactor: 2,
  /** A pass whose detectable effect exceeds this multiple of the threshold is inconclusive. */
  underpoweredFactor: 2,
  /** Runs of a slope that count as a trend: deceleration ratio at least this (diagnostic only). */
  minDecel: 0.3,
  /** Absolute leak flag: growth above max(this fraction of the floor, minLeakBytesPerHour) per hour. */
  leakOfFloorPerHour: 0.05,
  minLeakBytesPerHour: 2 * MiB,
  /**
   * Job-to-job spread of level metrics (fraction of the level) assumed while the baseline holds
   * fewer than `minJobsForSpread` jobs. Source: see the design note ("default job spread").
   */
  defaultJobSpread: 0.02,
  /** Trusted jobs kept per scenario in the baseline, and the fewest that estimate the spread. */
  jobsKept: 10,
  minJobsForSpread: 5,
  /** Throughput differing by more than this fraction switches the slope to bytes/request. */
  perRequestRpsChange: 0.05,
} as const;
