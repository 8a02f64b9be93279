/**
 * Checks that need no baseline: OOM kills and crashes, headroom against the limit (docs/design/statistics.md#headroom), the
 * absolute leak flag (docs/design/statistics.md#absolute-leak) and the configured slope cap (`gate.slope.max`).
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { median } from '../analysis/stats/descriptive.js';
import type { GateSpec } from '../config/plan.js';
import {
  formatBytes,
  formatBytesPerHour,
  formatDuration,
  perHourToPerSec,
  perSecToPerHour,
} from '../units.js';
import { absoluteLeak, trendingRun } from './metrics.js';
import { worstStatus, type MetricVerdict, type Status } from './verdict.js';

export interface Override {
  metric: MetricVerdict['metric'];
  status: Status;
  reason: string;
}

/** A job's own ending (exit code, time limit) is judged by the exit verdict, not as a crash. */
const isJob = (s: RunSummary): boolean => s.jobDurationMs !== undefined;
const crashed = (s: RunSummary): boolean => (s.crash === true && !isJob(s)) || s.oom || (s.restarts ?? 0) > 0;
const jobFailed = (s: RunSummary): boolean => s.jobTimedOut === true || s.jobExitCode !== 0;

/** `target.job`: every run must exit with code 0 within its time limit. */
function exitVerdict(cur: RunSummary[]): MetricVerdict | undefined {
  const jobs = cur.filter(isJob);
  if (jobs.length === 0) return undefined;
  const failed = jobs.filter(jobFailed);
  if (failed.length === 0) {
    return {
      metric: 'exit',
      status: 'pass',
      unit: 'count',
      current: 0,
      reason: `job exited with code 0 in ${jobs.length} of ${jobs.length} run(s)`,
    };
  }
  const timedOut = failed.filter((s) => s.jobTimedOut === true);
  const codes = [...new Set(failed.filter((s) => s.jobTimedOut !== true).map((s) => String(s.jobExitCode)))];
  const what = [
    ...(codes.length > 0 ? [`job exited with code ${codes.join(', ')}`] : []),
    ...(timedOut.length > 0
      ? [`job still running at its time limit (${formatDuration(timedOut[0]!.jobDurationMs ?? 0)})`]
      : []),
  ].join('; ');
  return {
    metric: 'exit',
    status: 'fail',
    unit: 'count',
    current: failed.length,
    reason: `${what} in ${failed.length} of ${jobs.length} run(s)`,
  };
}

function oomVerdict(cur: RunSummary[], base: RunSummary[] | undefined, gate: GateSpec): MetricVerdict {
  const ooms = cur.filter((s) => s.oom);
  if (ooms.length > 0) {
    const classes = [...new Set(ooms.map((s) => s.oomClass))].join(', ');
    return {
      metric: 'oom',
      status: gate.oom,
      unit: 'count',
      current: ooms.length,
      reason: `${classes} in ${ooms.length} of ${cur.length} run(s)`,
    };
  }
  const crashes = cur.filter(crashed);
  if (crashes.length > 0) {
    const baseCrashed = base !== undefined && base.some(crashed);
    const what = [...new Set(crashes.map((s) => ((s.restarts ?? 0) > 0 ? 'restart' : s.oomClass)))].join(
      ', ',
    );
    return {
      metric: 'oom',
      status: baseCrashed ? 'warn' : 'fail',
      unit: 'count',
      current: crashes.length,
      reason: `crashed (${what}) in ${crashes.length} of ${cur.length} run(s)${baseCrashed ? '; baseline crashed too (pre-existing)' : ''}`,
    };
  }
  return {
    metric: 'oom',
    status: 'pass',
    unit: 'count',
    current: 0,
    reason: `no OOM kill or crash in ${cur.length} run(s)`,
  };
}

/**
 * Headroom on the gate metric: page cache fills any limit and is reclaimed before an OOM kill, so
 * the kernel watermark (cache included) cannot say "OOM risk". A watermark near the limit that the
 * samples never saw is a spike between samples: a warning, with the watermark beside it.
 */
function headroom(cur: RunSummary[], gate: GateSpec): Override | undefined {
  let spike: Override | undefined;
  for (const s of cur) {
    if (!s.limitBytes || !s.valid) continue;
    const peak = s.peakRobustBytes;
    const pct = (v: number): string => ((100 * v) / s.limitBytes!).toFixed(0);
    const bound = `${formatBytes(s.limitBytes)} limit (>= ${(gate.peak.maxOfLimit * 100).toFixed(0)}%)`;
    if (peak >= gate.peak.maxOfLimit * s.limitBytes) {
      return {
        metric: 'peak',
        status: 'fail',
        reason: `OOM risk: ${s.metric} peak ${formatBytes(peak)} is ${pct(peak)}% of the ${bound}; kernel watermark ${formatBytes(s.peakBytes)}`,
      };
    }
    if (!spike && s.subSampleSpike === true && s.peakBytes >= gate.peak.maxOfLimit * s.limitBytes) {
      spike = {
        metric: 'peak',
        status: 'warn',
        reason: `spike between samples: kernel watermark ${formatBytes(s.peakBytes)} is ${pct(s.peakBytes)}% of the ${bound}, sampled ${s.metric} peak ${formatBytes(peak)}`,
      };
    }
  }
  return spike;
}

function leak(cur: RunSummary[], base: RunSummary[] | undefined, gate: GateSpec): Override | undefined {
  const valid = cur.filter((s) => s.valid);
  const med = valid.length > 0 ? median(valid.map((s) => s.slopeBytesPerSec.value)) : 0;
  const cap = gate.slope.maxBytesPerHour;
  const trending = valid.filter((s) => trendingRun(s, gate.alpha)).length;
  if (cap !== undefined && perSecToPerHour(med) > cap && trending > valid.length / 2) {
    return {
      metric: 'slope',
      status: 'fail',
      reason: `growing ${formatBytesPerHour(med)} > max ${formatBytesPerHour(perHourToPerSec(cap))} in ${trending} of ${valid.length} run(s)`,
    };
  }
  const flag = absoluteLeak(valid, gate.alpha);
  if (!flag.flagged) return undefined;
  const validBase = base?.filter((s) => s.valid) ?? [];
  const pre = validBase.length > 0 && absoluteLeak(validBase, gate.alpha).flagged;
  const growth = `floor grows ${formatBytesPerHour(med)} (> max(5% of floor, 2 MiB)/h) in ${flag.count} of ${valid.length} run(s)`;
  // The within-run trend test never fails alone: slow wander over a short run is indistinguishable
  // from a trend, and every autocorrelation correction under-corrects it. The relative slope gate,
  // across runs, is what fails; this flag is reported beside it.
  return { metric: 'slope', status: 'warn', reason: `${pre ? 'pre-existing leak' : 'leak'}: ${growth}` };
}

export function absoluteChecks(
  current: RunSummary[],
  base: RunSummary[] | undefined,
  gate: GateSpec,
): { overrides: Override[]; extra: MetricVerdict[] } {
  const overrides = [headroom(current, gate), leak(current, base, gate)].filter(
    (o): o is Override => o !== undefined,
  );
  const exit = exitVerdict(current);
  return {
    overrides,
    extra: current.length > 0 ? [oomVerdict(current, base, gate), ...(exit === undefined ? [] : [exit])] : [],
  };
}

/** Raises relative verdicts to the absolute status where an absolute check fired. */
export function mergeAbsolute(rel: MetricVerdict[], overrides: Override[]): MetricVerdict[] {
  return rel.map((v) => {
    const o = overrides.find((x) => x.metric === v.metric);
    if (!o) return v;
    const status = worstStatus([v.status, o.status]);
    return {
      ...v,
      status,
      reason: status === v.status ? `${v.reason}; ${o.reason}` : `${o.reason}; ${v.reason}`,
    };
  });
}
