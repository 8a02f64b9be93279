/**
 * The verdict table, built once and printed by markdown, HTML and the terminal, which differ only in
 * how they print cells, rows and dividers (CONTRIBUTING.md#add-a-report-format). Cells are plain,
 * unescaped text: each printer escapes for its own format.
 */
import type { MetricVerdict, Status } from '../compare/verdict.js';
import type { Results } from '../results.js';
import { formatBytes, formatBytesPerHour } from '../units.js';

export type ColumnKey =
  'scenario' | 'metric' | 'status' | 'current' | 'baseline' | 'effect' | 'threshold' | 'p' | 'reason';

export interface Column {
  key: ColumnKey;
  title: string;
  align: 'left' | 'right';
}

export interface VerdictRow {
  status: Status;
  cells: Record<ColumnKey, string>;
}

export interface VerdictTable {
  columns: Column[];
  rows: VerdictRow[];
}

/** Effects with a p-value at or above this are noise and print as `~`. */
export const SIGNIFICANCE = 0.05;

export const VERDICT_COLUMNS: Column[] = [
  { key: 'scenario', title: 'scenario', align: 'left' },
  { key: 'metric', title: 'metric', align: 'left' },
  { key: 'status', title: 'status', align: 'left' },
  { key: 'current', title: 'current', align: 'right' },
  { key: 'baseline', title: 'baseline', align: 'right' },
  { key: 'effect', title: 'effect', align: 'right' },
  { key: 'threshold', title: 'threshold', align: 'right' },
  { key: 'p', title: 'p', align: 'right' },
  { key: 'reason', title: 'reason', align: 'left' },
];

/** One row per scenario and metric; a scenario without a verdict gets one inconclusive row. */
export function buildVerdictTable(results: Results): VerdictTable {
  const rows: VerdictRow[] = [];
  for (const scenario of results.scenarios) {
    const metrics = scenario.verdict?.metrics ?? [];
    if (metrics.length === 0) {
      rows.push({ status: scenario.verdict?.status ?? 'inconclusive', cells: emptyCells(scenario.name) });
      continue;
    }
    for (const m of metrics) rows.push({ status: m.status, cells: metricCells(scenario.name, m) });
  }
  return { columns: VERDICT_COLUMNS, rows };
}

function emptyCells(scenario: string): Record<ColumnKey, string> {
  return {
    scenario,
    metric: '-',
    status: 'inconclusive',
    current: '',
    baseline: '',
    effect: '',
    threshold: '',
    p: '',
    reason: 'no verdict: nothing to compare against',
  };
}

export function metricCells(scenario: string, m: MetricVerdict): Record<ColumnKey, string> {
  return {
    scenario,
    metric: m.metric,
    status: m.status,
    current: m.current === undefined ? '' : formatValue(m.current, m.unit),
    baseline: m.baseline === undefined ? '' : formatValue(m.baseline, m.unit),
    effect: formatEffect(m),
    threshold: m.threshold === undefined ? '' : formatValue(m.threshold, m.unit),
    p: m.p === undefined ? '' : formatP(m.p),
    reason: m.reason,
  };
}

/** A metric value in its unit; rates print per hour because leaks are read that way. */
export function formatValue(value: number, unit: MetricVerdict['unit']): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'bytes/s':
      return formatBytesPerHour(value);
    case 'ratio':
      return `×${value.toFixed(2)}`;
    case 'count':
      return String(Math.round(value));
  }
}

/** Signed effect, or `~` when the test says it is indistinguishable from noise. */
export function formatEffect(m: MetricVerdict): string {
  if (m.effect === undefined) return '';
  if (m.p !== undefined && m.p >= SIGNIFICANCE) return '~';
  const text = formatValue(m.effect, m.unit);
  return m.effect > 0 && !text.startsWith('+') ? `+${text}` : text;
}

export function formatP(p: number): string {
  if (p < 0.001) return '<0.001';
  return p.toFixed(3);
}

/** What the overall verdict means for the exit code (README.md#commands). */
/** What the verdict means for the exit code; `noRunCounts` (every run invalid) overrides it: exit 3. */
export function exitMeaning(status: Status, noRunCounts = false): string {
  if (noRunCounts) return 'exit 3: no run counts, so there is no verdict';
  switch (status) {
    case 'pass':
      return 'exit 0: no regression';
    case 'warn':
      return 'exit 0: passed with warnings';
    case 'inconclusive':
      return 'exit 0 (exit 1 with --strict): not enough evidence either way';
    case 'fail':
      return 'exit 1: memory regression';
  }
}
