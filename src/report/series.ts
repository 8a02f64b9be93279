/** Chart data: which run to draw, its gate-metric series, and downsampling. Pure. */
import type { RunSummary } from '../analysis/run-summary.js';
import type { ScenarioResult } from '../results.js';
import type { RunRecord, StatSample } from '../runner/run-record.js';

export interface Series {
  tMs: number[];
  bytes: number[];
}

const FIELD: Record<string, keyof StatSample> = {
  usage: 'usageBytes',
  working_set: 'workingSetBytes',
  non_reclaimable: 'nonReclaimableBytes',
  anon: 'anonBytes',
};

/** The gate metric analysed for this scenario (from its summaries), default working_set. */
export function gateMetricOf(scenario: ScenarioResult): string {
  return scenario.summaries[0]?.metric ?? 'working_set';
}

/** The run worth drawing: an OOM-killed current run first, else the first valid current run. */
export function chartRun(scenario: ScenarioResult): RunRecord | undefined {
  const current = scenario.runs.filter((r) => r.side === 'current');
  const pool = current.length > 0 ? current : scenario.runs;
  return (
    pool.find((r) => r.oom.oomKills > 0 || r.oom.classification.startsWith('OOM')) ??
    pool.find((r) => r.valid) ??
    pool[0]
  );
}

/** The summary belonging to a run, if any. */
export function summaryOf(scenario: ScenarioResult, run: RunRecord | undefined): RunSummary | undefined {
  if (run === undefined) return scenario.summaries[0];
  return scenario.summaries.find((s) => s.run === run.run && s.side === run.side) ?? scenario.summaries[0];
}

/** One field of the stat samples as a series; samples without the field fall back to usage. */
export function statSeries(run: RunRecord, metric: string): Series {
  const field = FIELD[metric] ?? 'usageBytes';
  const tMs: number[] = [];
  const bytes: number[] = [];
  for (const s of run.stats) {
    const v = s[field];
    tMs.push(s.tMs);
    bytes.push(typeof v === 'number' ? v : s.usageBytes);
  }
  return { tMs, bytes };
}

/** The cheap usage series: fast samples when present, else the stat samples. */
export function usageSeries(run: RunRecord): Series {
  const src = run.fast.length > 0 ? run.fast : run.stats;
  return { tMs: src.map((s) => s.tMs), bytes: src.map((s) => s.usageBytes) };
}

/**
 * Downsamples to at most maxPoints by buckets, keeping each bucket's largest value: for memory the
 * peaks are the evidence, so averaging them away would hide exactly what the chart is for.
 */
export function downsample(series: Series, maxPoints: number): Series {
  const n = series.tMs.length;
  if (n <= maxPoints) return { tMs: [...series.tMs], bytes: [...series.bytes] };
  const tMs: number[] = [];
  const bytes: number[] = [];
  for (let b = 0; b < maxPoints; b++) {
    const from = Math.floor((b * n) / maxPoints);
    const to = Math.floor(((b + 1) * n) / maxPoints);
    let best = from;
    for (let i = from; i < to; i++) if ((series.bytes[i] ?? 0) > (series.bytes[best] ?? 0)) best = i;
    tMs.push(series.tMs[best] ?? 0);
    bytes.push(series.bytes[best] ?? 0);
  }
  return { tMs, bytes };
}

/** Linear interpolation of a series at the given times; undefined outside its range. */
export function resampleAt(series: Series, atMs: number[]): (number | undefined)[] {
  const { tMs, bytes } = series;
  let j = 0;
  return atMs.map((t) => {
    const first = tMs[0];
    const last = tMs[tMs.length - 1];
    if (first === undefined || last === undefined || t < first || t > last) return undefined;
    while (j < tMs.length - 1 && (tMs[j + 1] ?? Infinity) < t) j++;
    const t0 = tMs[j] ?? t;
    const t1 = tMs[j + 1] ?? t0;
    const v0 = bytes[j] ?? 0;
    const v1 = bytes[j + 1] ?? v0;
    return t1 === t0 ? v0 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  });
}

/** Time of the OOM kill, when the run has one: the oom event, else the last sample. */
export function oomTimeMs(run: RunRecord): number | undefined {
  const killed = run.oom.oomKills > 0 || run.oom.classification.startsWith('OOM_KILLED');
  if (!killed) return undefined;
  const event = run.events.find((e) => e.kind === 'oom');
  return event?.tMs ?? run.stats[run.stats.length - 1]?.tMs;
}

/**
 * A uniform time grid of at most `points` values (bucket maxima; empty buckets interpolated), for
 * charts that space values evenly, like Mermaid's xychart.
 */
export function gridSeries(series: Series, points: number): Series {
  const first = series.tMs[0];
  const last = series.tMs[series.tMs.length - 1];
  if (first === undefined || last === undefined) return { tMs: [], bytes: [] };
  const n = Math.max(1, Math.min(points, series.tMs.length));
  const stepMs = n === 1 ? 0 : (last - first) / (n - 1);
  const tMs = Array.from({ length: n }, (_, i) => first + i * stepMs);
  const fill = resampleAt(series, tMs);
  const bytes = tMs.map((t, i) => {
    let best: number | undefined;
    series.tMs.forEach((ts, j) => {
      const v = series.bytes[j];
      if (v !== undefined && Math.abs(ts - t) <= stepMs / 2 && (best === undefined || v > best)) best = v;
    });
    return best ?? fill[i] ?? 0;
  });
  return { tMs, bytes };
}

/** Like resampleAt, but holds the end values outside the series' range (for overlays). */
export function resampleClamped(series: Series, atMs: number[]): number[] {
  const inside = resampleAt(series, atMs);
  const firstT = series.tMs[0] ?? 0;
  const firstV = series.bytes[0] ?? 0;
  const lastV = series.bytes[series.bytes.length - 1] ?? 0;
  return inside.map((v, i) => v ?? ((atMs[i] ?? 0) < firstT ? firstV : lastV));
}
