/** A Mermaid `xychart-beta` block: the gate metric over time in MiB, baseline as a second line. */
import type { ScenarioResult } from '../results.js';
import { MiB, msToSec } from '../units.js';
import type { BaselineSeries } from './report.js';
import { chartRun, gateMetricOf, gridSeries, resampleClamped, statSeries } from './series.js';

/** Mermaid charts stay readable, and PR comments small, at this many points. */
export const MERMAID_MAX_POINTS = 60;

export function mermaidChart(scenario: ScenarioResult, baseline?: BaselineSeries): string | undefined {
  const run = chartRun(scenario);
  if (run === undefined || run.stats.length < 2) return undefined;
  const metric = gateMetricOf(scenario);
  const grid = gridSeries(statSeries(run, metric), MERMAID_MAX_POINTS);
  const current = grid.bytes.map(toMiB);
  const base =
    baseline && baseline.tMs.length > 1 ? resampleClamped(baseline, grid.tMs).map(toMiB) : undefined;
  const top = Math.max(...current, ...(base ?? []));
  const endS = Math.round(msToSec(grid.tMs[grid.tMs.length - 1] ?? 0));
  const startS = Math.round(msToSec(grid.tMs[0] ?? 0));
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(scenario.name)}: ${metric}${base ? ' (current, baseline)' : ''}"`,
    `  x-axis "time (s)" ${startS} --> ${Math.max(endS, startS + 1)}`,
    `  y-axis "${metric} (MiB)" 0 --> ${Math.ceil(top * 1.1) || 1}`,
    `  line [${current.join(', ')}]`,
  ];
  if (base) lines.push(`  line [${base.join(', ')}]`);
  lines.push('```');
  return lines.join('\n');
}

function toMiB(bytes: number): number {
  return Math.round((bytes / MiB) * 10) / 10;
}

/** Mermaid titles are quoted strings without escapes: keep only harmless characters. */
export function mermaidText(text: string): string {
  return text.replace(/[^\w .:/@+-]/g, '_').slice(0, 80);
}
