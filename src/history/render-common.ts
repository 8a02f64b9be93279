/** Words and number formats shared by every history renderer. */
import { formatBytes, formatBytesPerHour, formatPercent } from '../units.js';
import type { HistoryChangePoint, MetricTrend } from './analyse-history.js';
import type { HistoryMetric } from './history.js';

export const METRIC_LABEL: Record<HistoryMetric, string> = {
  floorBytes: 'floor',
  slopeBytesPerSec: 'slope',
  peakBytes: 'peak',
  recoveryResidualBytes: 'recovery residual',
};

export function formatMetric(metric: HistoryMetric, value: number): string {
  return metric === 'slopeBytesPerSec' ? formatBytesPerHour(value) : formatBytes(value);
}

/** A short commit for display (full SHAs are 40 hex digits). */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{40}$/i.test(commit) ? commit.slice(0, 7) : commit;
}

export function commitRange(cp: HistoryChangePoint): string {
  return `${shortCommit(cp.commits.from)}..${shortCommit(cp.commits.to)}`;
}

export function formatChange(cp: HistoryChangePoint): string {
  return Number.isFinite(cp.changePct) ? formatPercent(cp.changePct / 100) : 'from 0';
}

export function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2);
}

/** "+6.1% (150.0 MiB -> 159.2 MiB)" */
export function describeChange(metric: HistoryMetric, cp: HistoryChangePoint): string {
  return `${formatChange(cp)} (${formatMetric(metric, cp.before.mean)} -> ${formatMetric(metric, cp.after.mean)})`;
}

export function latestValue(trend: MetricTrend): number | undefined {
  return trend.values[trend.values.length - 1];
}
