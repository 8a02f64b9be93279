/** Relative gates of one metric: current runs against baseline runs (or paired --against runs), with the power and categories they need. */
import type { RunSummary } from '../analysis/run-summary.js';
import { median } from '../analysis/stats/descriptive.js';
import { ANALYSIS } from '../analysis/thresholds.js';
import type { GateSpec } from '../config/plan.js';
import { msToMin, msToSec } from '../units.js';
import { evaluateGates, runsNeeded } from './gates.js';
import { jobSpread, type JobSummary } from './job-spread.js';
import { withinRunReplication, type MetricSpec } from './metrics.js';
import { crossRunDetectable, soakToDetectMs } from './power.js';
import { effectReason, formatValue } from './reason.js';
import { COMPARE } from './thresholds.js';
import { worstStatus, type MetricVerdict } from './verdict.js';

export interface CompareOptions {
  fingerprintMatch: boolean;
  /** Interleaved --against mode: the runs with the same run id on both sides form a pair. */
  paired?: boolean;
  /** Per-job summaries of the baseline's last trusted jobs (job-to-job spread); optional. */
  jobs?: JobSummary[];
}

export function verdictUnit(u: MetricSpec['unit']): MetricVerdict['unit'] {
  return u === 'bytes/request' ? 'ratio' : u;
}

function values(runs: RunSummary[], spec: MetricSpec): number[] {
  return runs.map(spec.value).filter((x): x is number => x !== undefined && Number.isFinite(x));
}

export function byRun(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => a.run - b.run);
}

/** Current and baseline values of the runs present on both sides, matched by run id. */
function pairedValues(
  cur: RunSummary[],
  base: RunSummary[],
  spec: MetricSpec,
): { c: number[]; b: number[]; dropped: number } {
  const byId = new Map(base.map((s) => [s.run, spec.value(s)]));
  const c: number[] = [];
  const b: number[] = [];
  for (const s of cur) {
    const x = spec.value(s);
    const y = byId.get(s.run);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    c.push(x);
    b.push(y);
  }
  return { c, b, dropped: Math.max(cur.length, base.length) - c.length };
}

/** Runs that make a majority for the categorical recovery check: ceil(n/2) + 1, at most n. */
const majority = (n: number): number => Math.min(n, Math.ceil(n / 2) + 1);

/**
 * Categorical recovery check: most current runs never came back to their pre-load floor while most
 * baseline runs did is a FAIL even when the residuals are too noisy for the cross-run tests; both
 * sides not recovering is a pre-existing WARN.
 */
function recoveryCategories(
  cur: RunSummary[],
  base: RunSummary[],
  withinMs: number,
): { status: MetricVerdict['status']; note: string } | undefined {
  const count = (runs: RunSummary[], st: string): number =>
    runs.filter((s) => s.recoveryStatus === st).length;
  // A cool-down shorter than the recovery allowance cannot tell "not recovered" from "not yet".
  const watched = (s: RunSummary): boolean =>
    s.recoveryStatus !== undefined && (s.cooldownMs === undefined || s.cooldownMs >= withinMs);
  const curRuns = cur.filter(watched);
  const baseRuns = base.filter(watched);
  if (curRuns.length === 0 || baseRuns.length === 0) return undefined;
  const curNot = count(curRuns, 'not_recovered');
  if (curNot < majority(curRuns.length)) return undefined;
  const what = `did not recover in ${curNot} of ${curRuns.length} current run(s)`;
  if (count(baseRuns, 'recovered') >= majority(baseRuns.length))
    return {
      status: 'fail',
      note: `${what}; the baseline recovered in ${count(baseRuns, 'recovered')} of ${baseRuns.length}`,
    };
  if (count(baseRuns, 'not_recovered') >= majority(baseRuns.length))
    return { status: 'warn', note: `${what}; pre-existing: the baseline did not recover either` };
  return undefined;
}

/** Slope power: what the between-run test can detect with these runs (not the per-run MDS / sqrt n). */
function slopePower(cur: RunSummary[], nb: number, threshold: number, alpha: number): string | undefined {
  const mds = cur.map((s) => s.detectableSlopeBytesPerSec).filter((x): x is number => x !== undefined);
  if (mds.length === 0) return undefined;
  const detectable = crossRunDetectable(median(mds), mds.length, nb, alpha);
  if (detectable <= COMPARE.underpoweredFactor * threshold) return undefined;
  const steady = median(cur.map((s) => s.steadyMs ?? 0));
  const needMs = steady * (detectable / threshold) ** (2 / 3);
  return `underpowered: ${mds.length}v${nb} runs detect leaks >= ${formatValue(detectable, 'bytes/s')} > ${COMPARE.underpoweredFactor}x threshold; soak >= ${Math.ceil(msToMin(needMs))} min`;
}

/** The slope was not measured in any current run: say why and what soak would measure it. */
function slopeNotMeasured(
  cur: RunSummary[],
  unit: MetricVerdict['unit'],
  threshold: number,
  alpha: number,
): MetricVerdict {
  if (cur.every((s) => s.atRest === true))
    return {
      metric: 'slope',
      status: 'pass',
      unit,
      reason:
        'slope not gated: idle-only scenario (footprint at rest); add a load or soak phase to gate leaks',
    };
  // A scenario whose whole load is shorter than a slope needs is not a leak scenario: say so and pass.
  // One whose load was long enough but left too short a steady window is the silent case: inconclusive.
  const loadMs = median(cur.map((s) => s.loadMs ?? 0));
  if (cur.every((s) => s.loadMs !== undefined) && loadMs < ANALYSIS.minSteadyMs)
    return {
      metric: 'slope',
      status: 'pass',
      unit,
      reason: `slope not gated: load of ${msToSec(loadMs).toFixed(0)} s is shorter than the ${msToSec(ANALYSIS.minSteadyMs)} s a slope needs; add a soak phase to gate leaks`,
    };
  const needMs = soakToDetectMs(cur, threshold, alpha);
  return {
    metric: 'slope',
    status: 'inconclusive',
    unit,
    reason: `slope not measured: steady window too short (needs >= 120 s and 20 blocks); a soak of >= ${Math.ceil(msToMin(needMs))} min would detect ${formatValue(threshold, 'bytes/s')}`,
  };
}

export function relative(
  spec: MetricSpec,
  cur: RunSummary[],
  base: RunSummary[],
  gate: GateSpec,
  opts: CompareOptions,
): MetricVerdict {
  const paired = opts.paired === true;
  const matched = paired ? pairedValues(cur, base, spec) : undefined;
  const c = matched ? matched.c : values(cur, spec);
  const b = matched ? matched.b : values(base, spec);
  const unit = verdictUnit(spec.unit);
  if (spec.metric === 'slope' && cur.length > 0 && cur.every((s) => s.jobDurationMs !== undefined)) {
    return {
      metric: 'slope',
      status: 'pass',
      unit,
      reason: 'slope not gated: a batch job has no steady window',
    };
  }
  if (
    spec.metric === 'slope' &&
    values(cur, spec).length === 0 &&
    cur.every((s) => s.slopeMeasured === false)
  ) {
    return slopeNotMeasured(cur, unit, spec.threshold, gate.alpha);
  }
  // A scenario written without a cool-down measures no recovery by design: say so and pass, the way a
  // short load's slope is "not gated", rather than an INCONCLUSIVE on every run of it.
  if (spec.metric === 'recovery' && c.length === 0 && cur.every((s) => s.cooldownMs === undefined)) {
    return {
      metric: 'recovery',
      status: 'pass',
      unit,
      reason: 'recovery not gated: no cool-down phase; add one after the load to gate recovery',
    };
  }
  if (c.length === 0 || b.length === 0) {
    return {
      metric: spec.metric,
      status: 'inconclusive',
      unit,
      reason: `${spec.label} not measured in ${c.length === 0 ? 'current' : 'baseline'} runs${matched ? ' (pairs matched by run id)' : ''}`,
    };
  }
  // Amplification is a ratio of the run's own peak to its payload: no job-to-job level offset applies.
  const jobMetric = spec.metric === 'slope' || spec.metric === 'amplification' ? undefined : spec.metric;
  // Recovery residuals are measured against the pre-load floor: the job offset scales with that level.
  const jobLevel =
    spec.metric === 'recovery' ? median(base.map((s) => s.preLoadFloorBytes ?? s.floorBytes)) : median(b);
  const out = evaluateGates({
    current: c,
    baseline: b,
    threshold: spec.threshold,
    alpha: gate.alpha,
    paired,
    ...(spec.metric === 'slope' ? { g4: withinRunReplication(cur, gate.alpha) } : {}),
    ...(!paired && jobMetric ? { job: jobSpread(opts.jobs ?? [], jobMetric, jobLevel) } : {}),
  });
  const reasonCore = effectReason(spec.label, spec.unit, out.effect, median(b), spec.threshold, out.p);
  let status = out.status;
  let note = out.note;
  if (note === 'underpowered' && out.mde !== undefined) {
    note = `underpowered: ${c.length}v${b.length} runs detect ${formatValue(out.mde, spec.unit)}; increase N to ${runsNeeded(out.mde, spec.threshold, c.length, b.length)} per side`;
  }
  if (spec.metric === 'slope' && status === 'pass') {
    const power = slopePower(cur, b.length, spec.threshold, gate.alpha);
    if (power) {
      status = 'inconclusive';
      note = power;
    }
  }
  if (spec.metric === 'recovery') {
    const cat = recoveryCategories(cur, base, gate.recovery.withinMs);
    if (cat && worstStatus([status, cat.status]) !== status) {
      status = cat.status;
      note = `${note ? `${note}; ` : ''}${cat.note}`;
    }
  }
  // A pre-load floor from a few seconds of idle may sit up a GC ramp: the residual is indicative only.
  if (
    spec.metric === 'recovery' &&
    status === 'fail' &&
    [...cur, ...base].some((s) => s.preLoadApproximate)
  ) {
    status = 'warn';
    note = `${note ? `${note}; ` : ''}pre-load floor approximate (idle < 30 s): at most warn; lengthen the idle phase`;
  }
  if (matched && matched.dropped > 0)
    note = `${note ? `${note}; ` : ''}${c.length} pairs matched by run id, ${matched.dropped} run(s) without a valid partner`;
  const verdict: MetricVerdict = {
    metric: spec.metric,
    status,
    effect: out.effect,
    threshold: spec.threshold,
    unit,
    current: median(c),
    baseline: median(b),
    reason: `${reasonCore}${note ? ` (${note})` : ''}`,
  };
  if (out.p !== undefined) verdict.p = out.p;
  return verdict;
}

export function recorded(spec: MetricSpec, cur: RunSummary[]): MetricVerdict {
  const c = values(cur, spec);
  const unit = verdictUnit(spec.unit);
  // No baseline is not a pass: the figures are recorded, and only the absolute checks can decide.
  if (c.length === 0)
    return {
      metric: spec.metric,
      status: 'inconclusive',
      unit,
      reason: `no baseline: ${spec.label} not measured`,
    };
  const v = median(c);
  return {
    metric: spec.metric,
    status: 'inconclusive',
    unit,
    current: v,
    reason: `no baseline: recorded ${spec.label} ${formatValue(v, spec.unit)}`,
  };
}
