/** One-line reasons for metric verdicts, e.g. `floor +12.4 MiB (+9.1%) > threshold 5.0 MiB, p=0.004`. */
import { formatBytes, formatBytesPerHour, formatPercent } from '../units.js';
import type { MetricSpec } from './metrics.js';

export function formatValue(v: number, unit: MetricSpec['unit']): string {
  if (unit === 'bytes/s') return formatBytesPerHour(v);
  if (unit === 'bytes/request') return `${v.toFixed(1)} B/req`;
  if (unit === 'bytes') return formatBytes(v);
  return v.toPrecision(3);
}

function signed(v: number, unit: MetricSpec['unit']): string {
  const s = formatValue(Math.abs(v), unit);
  return `${v < 0 ? '-' : '+'}${s}`;
}

export function formatP(p: number | undefined): string {
  if (p === undefined) return '';
  return `, p=${p < 0.001 ? p.toExponential(1) : p.toFixed(3)}`;
}

export function effectReason(
  label: string,
  unit: MetricSpec['unit'],
  effect: number,
  baseline: number,
  threshold: number,
  p?: number,
): string {
  const rel = baseline !== 0 && unit === 'bytes' ? ` (${formatPercent(effect / baseline)})` : '';
  const cmp = effect > threshold ? '>' : '<=';
  return `${label} ${signed(effect, unit)}${rel} ${cmp} threshold ${formatValue(threshold, unit)}${formatP(p)}`;
}
