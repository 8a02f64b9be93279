/**
 * Every tuning number of the per-run analysis in one object, named, with why. Values follow the
 * design (docs/design/statistics-notes.md); changing one changes verdicts, so the validation presets
 * (test/validation/) must be rerun.
 */
import { MiB } from '../units.js';
export const ANALYSIS = {
  /** Fewest samples of the gate metric a run needs before anything is measured. */
  minSamples: 10,
  /** A dip is only a glitch when it is at least this many sigmas of the sample-to-sample change... */
  dipDepthSigmas: 6,
  /** ...and at least this fraction of the level (memory moves in pages; tiny dips are noise). */
  dipDepthOfLevel: 0.01,
  /** V shape: the two neighbours differ by less than this fraction of the dip's depth. */
  dipSymmetry: 0.5,
  /** The dip cut's scale and level are estimated on at most about this many samples. */
  dipScaleSamples: 50_000,
  /** Series denser than this step (ms) are reduced to 1 s buckets. */
  bucketBelowMs: 900,
  bucketMs: 1000,
  /** A step longer than this many median steps is a sampling gap. */
  gapSteps: 5,
  /** Steady window needed for a slope: this long and this many blocks (docs/design/statistics.md#steady). */
  minSteadyMs: 120_000,
  minSteadyBlocks: 20,
  /** Fewest blocks for a floor. */
  minFloorBlocks: 3,
  /** Above this fraction of steady blocks with gaps, the run is inconclusive. */
  maxInvalidBlockFraction: 0.2,
  /** Restarts leaving no segment of at least this fraction of the load window: slope not measured. */
  minSegmentOfLoad: 1 / 3,
  /** A level shift is a step only from this size on (below, it is noise to every level gate). */
  minStepOfLevel: 0.01,
  minStepBytes: MiB,
  /** Blocks the floor level is read from span at least this many GC cycles (one trough each, at least). */
  levelBlockGcCycles: 2,
  /** Fewest blocks on the late side of a step for the floor to be read after it. */
  minBlocksAfterStep: 5,
  /** A peak between the gate metric's samples counts above max(this fraction of the limit, spikeMinBytes). */
  spikeOfLimit: 0.05,
  spikeMinBytes: 8 * MiB,
  /** A block floor this many robust sigmas off the fitted warm-up curve is left out of a second fit. */
  warmupOutlierSigmas: 5,
  /** How far a sample may precede the phase mark it belongs to (ms; samples tick on their own schedule). */
  phaseMarkSlackMs: 100,
  /** Recovery and pre-load blocks: the run's W, but within [min, max] ms and at most a third of the window. */
  recoveryBlockMinMs: 1000,
  recoveryBlockMaxMs: 10_000,
  /** A pre-load floor from fewer blocks or a shorter idle than this is approximate (at most warn). */
  preLoadMinBlocks: 3,
  preLoadMinMs: 30_000,
  /** Recovered: this many consecutive cool-down blocks within tolerance of the pre-load floor... */
  recoveredBlocks: 3,
  /** ...tolerance max(this fraction of the pre-load floor, recoveryToleranceBytes, this many pre-load sigmas). */
  recoveryToleranceOfFloor: 0.05,
  recoveryToleranceBytes: 2 * MiB,
  recoveryToleranceSigmas: 3,
  /** The residual is the median floor over the cool-down's last max(this, a third of it). */
  recoveryTailMs: 60_000,
  /** Spike: above a rolling median of block maxima over +-this many blocks... */
  spikeReferenceBlocks: 5,
  /** ...by max(this fraction of the floor, spikeHeightBytes, this many sigmas of the block maxima)... */
  spikeHeightOfFloor: 0.1,
  spikeHeightBytes: 4 * MiB,
  spikeHeightSigmas: 5,
  /** ...and back below half that height within this long (longer is a plateau, not a spike). */
  spikeMaxDurationMs: 30_000,
  /** Shape: a floor "grows" from this fraction of itself per hour (and at least 1 MiB/h)... */
  growthOfFloorPerHour: 0.02,
  growthMinBytesPerHour: MiB,
  /** ...unless its late third rises slower than this fraction of the whole (decelerating: settling). */
  settlingDecel: 0.3,
  /** GC-dominated: the sawtooth's amplitude is at least this fraction of the growth over the window. */
  gcDominatedOfGrowth: 0.5,
  /** Saturated at the limit (a crash reason) above this fraction of the samples. */
  atLimitFraction: 0.2,
  /** Confidence of the reported slope interval. */
  slopeConfidence: 0.95,
} as const;
