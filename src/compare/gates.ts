/**
 * Cross-run gates for one metric (docs/design/statistics.md#gates). Inputs are per-run
 * numbers (higher = worse); runs are the unit of replication.
 */
import { mean, median, sampleSd, sampleVariance, tStatistic } from '../analysis/stats/descriptive.js';
import { normalQuantile, tQuantile, tSf } from '../analysis/stats/distributions.js';
import { exactPermutationTest, signFlipTest } from '../analysis/stats/resampling.js';
import { definedOnly } from '../util/defined-only.js';
import { COMPARE } from './thresholds.js';
import type { Status } from './verdict.js';

const G3_ALPHA = COMPARE.exactAlpha;

export interface GateInput {
  current: number[];
  baseline: number[];
  /** Practical threshold T_prac, same unit. */
  threshold: number;
  alpha: number;
  paired: boolean;
  /**
   * Slope only: the within-run replication diagnostic (docs/design/statistics.md#gate-replication),
   * reported beside, never a gate.
   */
  g4?: boolean;
  /**
   * Baseline from another job: the job-to-job spread (SD of one job's level, same unit) and where it
   * came from. An effect inside it is inconclusive, not fail (runs of one job are not independent of
   * the job's host).
   */
  job?: { sigma: number; source: string };
}

export interface GateOutcome {
  status: Status;
  effect: number;
  /** Smallest p of the applicable statistical gates. */
  p?: number;
  g1: boolean;
  g2?: boolean;
  g3?: boolean;
  improvement: boolean;
  /** Minimum detectable effect between runs (docs/design/statistics.md#power), same unit; undefined if unknown. */
  mde?: number;
  note: string;
}

interface Stat {
  pass: boolean;
  p: number;
}

function pooledT(c: number[], b: number[], alpha: number, sign: number): Stat | undefined {
  const df = c.length + b.length - 2;
  if (df < 1) return undefined;
  const vc = c.length > 1 ? sampleVariance(c) : 0;
  const vb = b.length > 1 ? sampleVariance(b) : 0;
  const sp = Math.sqrt(((c.length - 1) * vc + (b.length - 1) * vb) / df);
  const diff = sign * (mean(c) - mean(b));
  if (sp === 0) return { pass: diff > 0, p: diff > 0 ? 0 : 1 };
  const t = sign * tStatistic(c, b);
  const p = tSf(t, df);
  return { pass: p <= alpha, p };
}

/** Prediction-interval t test for a 1-run baseline (docs/design/statistics.md#thin-baseline): needs >= 3 current runs. */
function predictionT(c: number[], b: number, alpha: number, sign: number): Stat | undefined {
  if (c.length < 3) return undefined;
  const s = sampleSd(c);
  const diff = sign * (mean(c) - b);
  if (s === 0) return { pass: diff > 0, p: diff > 0 ? 0 : 1 };
  const p = tSf(diff / (s * Math.sqrt(1 + 1 / c.length)), c.length - 1);
  return { pass: p <= alpha, p };
}

function pairedT(d: number[], alpha: number, sign: number): Stat | undefined {
  if (d.length < 2) return undefined;
  const s = sampleSd(d);
  const m = sign * mean(d);
  if (s === 0) return { pass: m > 0, p: m > 0 ? 0 : 1 };
  const p = tSf(m / (s / Math.sqrt(d.length)), d.length - 1);
  return { pass: p <= alpha, p };
}

function mdeBetween(c: number[], b: number[], alpha: number): number | undefined {
  const df = c.length + b.length - 2;
  if (df < 2 || c.length < 2 || b.length < 2) return undefined;
  const sp = Math.sqrt(((c.length - 1) * sampleVariance(c) + (b.length - 1) * sampleVariance(b)) / df);
  return (
    (tQuantile(1 - alpha, df) + tQuantile(COMPARE.power, df)) * sp * Math.sqrt(1 / c.length + 1 / b.length)
  );
}

/**
 * The t-test gate and the exact-test gate (docs/design/statistics.md#gate-t-test, #gate-exact) in the
 * direction `sign` (+1 regression, -1 improvement). */
function stats(inp: GateInput, sign: number): { g2?: Stat; g3?: Stat } {
  const { current: c, baseline: b, alpha } = inp;
  if (inp.paired) {
    const n = Math.min(c.length, b.length);
    const d = Array.from({ length: n }, (_, i) => sign * (c[i]! - b[i]!));
    const flip = signFlipTest(d);
    const g2 = pairedT(d, alpha, 1);
    return {
      ...(g2 ? { g2 } : {}),
      ...(flip.pMin <= G3_ALPHA ? { g3: { pass: flip.p <= G3_ALPHA, p: flip.p } } : {}),
    };
  }
  const g2 = b.length === 1 ? predictionT(c, b[0]!, alpha, sign) : pooledT(c, b, alpha, sign);
  const perm = exactPermutationTest(
    c.map((x) => sign * x),
    b.map((x) => sign * x),
  );
  return {
    ...(g2 ? { g2 } : {}),
    ...(perm.pMin <= G3_ALPHA ? { g3: { pass: perm.p <= G3_ALPHA, p: perm.p } } : {}),
  };
}

export function evaluateGates(inp: GateInput): GateOutcome {
  const { current: c, baseline: b, threshold } = inp;
  const effect = inp.paired
    ? median(c.slice(0, Math.min(c.length, b.length)).map((x, i) => x - b[i]!))
    : median(c) - median(b);
  const g1 = effect > threshold;
  const { g2, g3 } = stats(inp, 1);
  const ps = [g2?.p, g3?.p].filter((x): x is number => x !== undefined);
  const p = ps.length > 0 ? Math.min(...ps) : undefined;
  const mde = inp.paired ? undefined : mdeBetween(c, b, inp.alpha);
  const base = {
    effect,
    g1,
    improvement: false,
    ...definedOnly({ p, mde }),
  };
  const withGates = { ...base, ...(g2 ? { g2: g2.pass } : {}), ...(g3 ? { g3: g3.pass } : {}) };
  const g4Note =
    inp.g4 === false ? '; diagnostic: not every run shows a significant, non-decelerating trend' : '';
  if (g1) {
    if (!g2 && !g3)
      return {
        ...withGates,
        status: 'inconclusive',
        note: 'no statistical test possible with this many runs; need >= 3 per side',
      };
    const n2 = g2?.pass === true;
    const n3 = g3?.pass === true;
    const job = inp.job ? jobCheck(inp, effect) : undefined;
    if (n2 && n3) {
      if (job && !job.beyond) return { ...withGates, status: 'inconclusive', note: `${job.note}${g4Note}` };
      return { ...withGates, status: 'fail', note: g4Note.replace(/^; /, '') };
    }
    if (n2 && !g3) {
      // G3 not applicable (thin baseline): FAIL only for a gross regression.
      if (effect > COMPARE.grossFactor * threshold && !(job && !job.beyond))
        return {
          ...withGates,
          status: 'fail',
          note: `exact test not applicable; gross regression (> ${COMPARE.grossFactor}x threshold)${g4Note}`,
        };
      return {
        ...withGates,
        status: 'warn',
        note: 'too few runs for the exact test; refresh the baseline (N >= 3) or rerun',
      };
    }
    if (n2 || n3)
      return {
        ...withGates,
        status: 'warn',
        note: 'possible regression: only one statistical gate passed; rerun or increase N',
      };
    // Above the threshold and no test confirms it: not a pass (it may be real), not a fail (it may be noise).
    return {
      ...withGates,
      status: 'inconclusive',
      note: 'above threshold but not confirmed by the statistical tests; rerun or increase N',
    };
  }
  const imp = stats(inp, -1);
  const improvement = effect < -threshold && (imp.g2?.pass === true || imp.g3?.pass === true);
  if (mde !== undefined && mde > COMPARE.underpoweredFactor * threshold) {
    return { ...withGates, improvement, status: 'inconclusive', note: 'underpowered' };
  }
  return { ...withGates, improvement, status: 'pass', note: improvement ? 'improvement' : '' };
}

/**
 * Is the effect beyond the job-to-job spread? Current and baseline each carry one job offset, so the
 * difference holds two: z = effect / sqrt(SE_runs^2 + 2 sigma_job^2), one-sided at the gate's alpha.
 */
function jobCheck(inp: GateInput, effect: number): { beyond: boolean; note: string } {
  const { current: c, baseline: b, job } = inp;
  if (!job) return { beyond: true, note: '' };
  const df = c.length + b.length - 2;
  const pooled =
    df > 0 && c.length > 1 && b.length > 1
      ? ((c.length - 1) * sampleVariance(c) + (b.length - 1) * sampleVariance(b)) / df
      : 0;
  const se2 = pooled * (1 / c.length + 1 / b.length);
  const z = effect / Math.sqrt(se2 + 2 * job.sigma ** 2);
  const beyond = z >= normalQuantile(1 - inp.alpha);
  return {
    beyond,
    note: beyond
      ? ''
      : `within the job-to-job spread (${job.source}); rerun against the base in one job (--against)`,
  };
}

/** Runs per side needed so that MDE_between <= threshold, given the pooled spread (docs/design/statistics.md#power). */
export function runsNeeded(mde: number, threshold: number, nc: number, nb: number): number {
  // MDE scales with sqrt(1/nc + 1/nb); solve for equal n ignoring the small change in t quantiles.
  return Math.max(3, Math.ceil((2 * (mde / threshold) ** 2) / (1 / nc + 1 / nb)));
}
