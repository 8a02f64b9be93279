/**
 * RunSummary: the per-run numbers a verdict is built from (docs/design/statistics.md#analysis). One value per
 * metric per run: runs, not samples, are the unit of replication.
 */

export const RUN_SUMMARY_SCHEMA = 'memgate/run-summary@1';

export type Shape =
  | 'healthy_plateau'
  | 'monotonic_growth'
  | 'sawtooth_rising_floor'
  | 'spikes'
  | 'flat_but_crashing'
  /** A restart, OOM kill or unexpected exit that does not look flat (docs/design/statistics.md#shape-rules). */
  | 'crashing'
  | 'unknown';

/** A point estimate with a confidence interval. */
export interface Estimate {
  value: number;
  lo: number;
  hi: number;
  /** Confidence level of [lo, hi], in [0, 1]. */
  confidence: number;
}

export interface SlopeEstimate extends Estimate {
  /** One-sided Mann-Kendall p-value for "increasing" (Hamed-Rao corrected). */
  p: number;
  /** Deceleration ratio: slope of the last third over slope of the whole window. */
  decel: number;
}

export interface RunSummary {
  schema: typeof RUN_SUMMARY_SCHEMA;
  scenario: string;
  run: number;
  side: 'current' | 'base';
  /** Which memory figure was analysed (the gate metric). */
  metric: string;
  valid: boolean;
  /** Median block floor over the steady window (the post-GC baseline), bytes. */
  floorBytes: number;
  /** Theil-Sen slope of the floors, bytes per second. */
  slopeBytesPerSec: SlopeEstimate;
  /** Slope per completed request, bytes/request (undefined without a request counter). */
  slopeBytesPerRequest?: number;
  /**
   * Kernel watermark (`memory.peak`, page cache included) when available, else the sampled max of
   * usage. Reported beside the gated peak and used to detect spikes between samples; not gated.
   */
  peakBytes: number;
  peakExact: boolean;
  /** Gated peak: the gate metric's robust peak (running median of 3: two high samples) over load and soak. */
  peakRobustBytes: number;
  /** Floor before load. */
  preLoadFloorBytes?: number;
  /** The pre-load floor came from under 30 s of idle (or the warm-up's tail): recovery is indicative. */
  preLoadApproximate?: boolean;
  /** Floor after cooldown minus pre-load floor, bytes (>= 0 means retained). */
  recoveryResidualBytes?: number;
  /** Time from end of load until the floor returned within tolerance; undefined = did not recover. */
  recoveryMs?: number;
  shape: Shape;
  shapeReasons: string[];
  /** Smallest leak this run could detect, bytes per second (docs/design/statistics.md#detectable-slope). */
  detectableSlopeBytesPerSec?: number;
  /** The same limit per request served (detectable slope / mean request rate): a leak's usual unit. */
  detectableBytesPerRequest?: number;
  /** Peak growth over the largest payload (catches an endpoint that stopped streaming). */
  amplification?: number;
  largestPayloadBytes?: number;
  /** The payload is the scenario's declared `payload:` (not the largest body seen): amplification is gated. */
  payloadDeclared?: boolean;
  oom: boolean;
  oomClass: string;
  /** Block width and diagnostics. */
  blockMs: number;
  blocks: number;
  sigmaFloorBytes: number;
  warmupEndMs: number;
  limitBytes?: number | null;
  warnings: string[];
  // Optional diagnostics added by the analysis stage (docs/design/statistics.md#analysis); absent in older summaries.
  /** Largest raw sample of the gate metric over load and soak. */
  peakRawBytes?: number;
  /** False when the steady window was too short for a slope (< max(120 s, 20 blocks)) or segmented. */
  slopeMeasured?: boolean;
  /** Length of the steady window the floor and slope came from, ms. */
  steadyMs?: number;
  /** Length of the load + soak window (before the warm-up cut), ms. */
  loadMs?: number;
  /** Length of the cool-down window recovery was watched over, ms. */
  cooldownMs?: number;
  /** Restart, OOM kill or unexpected exit. */
  crash?: boolean;
  restarts?: number;
  warmupCapped?: boolean;
  /** A single level change was found in the steady window (docs/design/statistics.md#step). */
  step?: boolean;
  recoveryStatus?: 'recovered' | 'slow' | 'not_recovered';
  /** Variance inflation used for the detection limit (docs/design/statistics.md#floor-noise). */
  vif?: number;
  gcPeriodMs?: number;
  /** Mean completed requests per second over load and soak. */
  meanRps?: number;
  /** Kernel watermark exceeded the sampled max by max(5 % of limit, 8 MiB): a spike between samples. */
  subSampleSpike?: boolean;
  /** Only idle phases: floor and peak are the footprint at rest (no load, no recovery). */
  atRest?: boolean;
  /** `target.job`: exit code (null: it never exited by itself), time limit hit, and how long it ran. */
  jobExitCode?: number | null;
  jobTimedOut?: boolean;
  jobDurationMs?: number;
}
