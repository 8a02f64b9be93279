/** One-screen human summary: header, per scenario a status line and aligned metric rows, footnotes. */
import type { RunSummary } from '../analysis/run-summary.js';
import type { MetricName, Status } from '../compare/verdict.js';
import type { ScenarioResult } from '../results.js';
import { noRunCounts } from '../runner/validity.js';
import { formatBytes, formatBytesPerHour, formatDuration } from '../units.js';
import { collectFootnotes, footnoteRef } from './footnotes.js';
import type { RenderOptions, Report, Reporter } from './report.js';
import { exitMeaning, formatValue, metricCells } from './table-model.js';
import { whatGrewLines } from './what-grew.js';

const ANSI: Record<Status, string> = { pass: '32', warn: '33', fail: '31', inconclusive: '35' };
const ORDER: MetricName[] = ['floor', 'slope', 'peak', 'recovery', 'amplification', 'oom', 'exit'];
/** Log lines shown under a job that failed: its own words on why. */
export const JOB_LOG_LINES = 10;

type Row = [
  metric: string,
  status: string,
  current: string,
  baseline: string,
  effect: string,
  reason: string,
];

export const terminal: Reporter = { extension: '', render: renderTerminal };

export function renderTerminal(report: Report, opts: RenderOptions = {}): string {
  const { results } = report;
  const paint = (status: Status, text: string): string =>
    opts.color === true ? `\u001B[${ANSI[status]}m${text}\u001B[0m` : text;
  const notes = collectFootnotes(results);
  const lines: string[] = [headerLine(report)];
  const global = footnoteRef(notes, '');
  if (global !== '') lines.push(`  run warnings ${global}`);

  const blocks = results.scenarios.map((s) => ({ s, rows: metricRows(s) }));
  const widths = columnWidths(blocks.flatMap((b) => b.rows));
  for (const { s, rows } of blocks) {
    const status = s.verdict?.status ?? 'inconclusive';
    lines.push('');
    lines.push(
      `${paint(status, status.toUpperCase().padEnd(12))} ${s.name}  ${scenarioNote(s)} ${footnoteRef(notes, s.name)}`.trimEnd(),
    );
    for (const row of rows) {
      const cells = row.map((cell, i) =>
        i >= 2 && i <= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      );
      const st = row[1] as Status;
      if (row[1] !== '') cells[1] = paint(st, cells[1] ?? '');
      lines.push(`    ${cells.join('  ')}`.trimEnd());
    }
    lines.push(...crashLines(s));
    for (const l of whatGrewLines(s)) lines.push(`    ${l.label}: ${l.text}`);
    lines.push(...failedJobLog(s));
  }
  lines.push('');
  if (notes.texts.length > 0) {
    notes.texts.forEach((text, i) => lines.push(`[${i + 1}] ${text}`));
    lines.push('');
  }
  lines.push(
    `${paint(results.verdict, `memgate: ${results.verdict.toUpperCase()}`)} (${exitMeaning(results.verdict, noRunCounts(results.scenarios.flatMap((s) => s.runs)))})`,
  );
  return `${lines.join('\n')}\n`;
}

/** Log lines shown under a target that died by itself mid-run. */
const CRASH_LOG_LINES = 8;

/** The first run whose target died by itself: how, and its last log lines (the on-call evidence). */
function crashLines(s: ScenarioResult): string[] {
  const run = s.runs.find((r) => r.side === 'current' && r.events.some((e) => e.kind === 'exit'));
  const exit = run?.events.find((e) => e.kind === 'exit');
  if (run === undefined || exit === undefined) return [];
  const tail = run.logTail.filter((l) => l.trim() !== '').slice(-CRASH_LOG_LINES);
  return [
    `    run ${run.run + 1}: ${exit.detail} after ${formatDuration(exit.tMs)}${tail.length > 0 ? '; last log lines:' : ''}`,
    ...tail.map((l) => `      | ${printable(l)}`),
  ];
}

/** A target's log line without its escape sequences and control characters: it must not repaint the terminal. */
function printable(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

function headerLine(report: Report): string {
  const { results } = report;
  const fp = results.fingerprint;
  const source = results.scenarios.flatMap((s) => s.runs)[0]?.source;
  const src = source === undefined ? 'no runs' : `${source.kind}, ${source.confidence} confidence`;
  const cg = fp.cgroupVersion === 0 ? 'no cgroup' : `cgroup v${fp.cgroupVersion}`;
  return `memgate ${results.tool.version} · ${results.target.description} · fp ${fp.targetHash.slice(0, 8)} (${cg}, ${fp.cpus} cpu) · ${src}`;
}

function scenarioNote(s: ScenarioResult): string {
  const current = s.summaries.filter((x) => x.side === 'current');
  const shapes = [...new Set(current.map((x) => x.shape))].join('/');
  const oom = current.filter((x) => x.oom).length;
  const parts = [`${s.runs.length} run${s.runs.length === 1 ? '' : 's'}`];
  if (shapes !== '') parts.push(shapes);
  if (oom > 0) parts.push(`OOM in ${oom}`);
  return `(${parts.join(', ')})`;
}

function metricRows(s: ScenarioResult): Row[] {
  const rows: Row[] = [];
  const current = s.summaries.filter((x) => x.side === 'current');
  for (const metric of ORDER) {
    const m = s.verdict?.metrics.find((x) => x.metric === metric);
    if (m !== undefined) {
      const c = metricCells(s.name, m);
      rows.push([metric, c.status, c.current, c.baseline, c.effect, c.reason]);
      continue;
    }
    const fallback = summaryValue(metric, current);
    const why = s.verdict === undefined ? 'no baseline to compare' : 'not gated';
    if (fallback !== undefined) rows.push([metric, '', fallback, '', '', why]);
  }
  const detect = median(current.map((x) => x.detectableSlopeBytesPerSec));
  if (detect !== undefined) {
    const perRequest = median(current.map((x) => x.detectableBytesPerRequest));
    rows.push([
      'detection limit',
      '',
      perRequest === undefined
        ? formatBytesPerHour(detect)
        : `${formatBytesPerHour(detect)} (${formatBytes(perRequest)}/request)`,
      '',
      '',
      'smallest leak these runs could detect',
    ]);
  }
  return rows;
}

/** Median of the current runs' value when the verdict did not gate this metric. */
function summaryValue(metric: MetricName, summaries: RunSummary[]): string | undefined {
  const pick = (f: (x: RunSummary) => number | undefined): number | undefined => median(summaries.map(f));
  switch (metric) {
    case 'floor':
      return fmt(
        pick((x) => x.floorBytes),
        formatBytes,
      );
    case 'slope':
      return fmt(
        pick((x) => x.slopeBytesPerSec.value),
        formatBytesPerHour,
      );
    case 'peak':
      return fmt(
        pick((x) => x.peakBytes),
        formatBytes,
      );
    case 'recovery': {
      const ms = pick((x) => x.recoveryMs);
      return fmt(
        pick((x) => x.recoveryResidualBytes),
        (b) => `${formatBytes(b)} retained${ms === undefined ? '' : ` after ${formatDuration(ms)}`}`,
      );
    }
    case 'amplification':
      return fmt(
        pick((x) => x.amplification),
        (v) => formatValue(v, 'ratio'),
      );
    case 'oom':
    case 'exit':
      return undefined;
  }
}

function fmt(v: number | undefined, f: (v: number) => string): string | undefined {
  return v === undefined ? undefined : f(v);
}

function median(values: (number | undefined)[]): number | undefined {
  const xs = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid] : ((xs[mid - 1] ?? 0) + (xs[mid] ?? 0)) / 2;
}

function columnWidths(rows: Row[]): number[] {
  const widths = [0, 0, 0, 0, 0, 0];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  widths[5] = 0; // the last column is not padded
  return widths;
}

/** The log tail of the first run of a job that failed, indented under its scenario. */
function failedJobLog(s: ScenarioResult): string[] {
  if (!(s.verdict?.metrics ?? []).some((m) => m.metric === 'exit' && m.status === 'fail')) return [];
  const run = s.runs.find((r) => r.job !== undefined && (r.job.timedOut || r.job.exitCode !== 0));
  if (run === undefined || run.logTail.length === 0) return [];
  const shown = run.logTail.slice(-JOB_LOG_LINES);
  return [`    log of run ${run.run + 1} (last ${shown.length} lines):`, ...shown.map((l) => `      | ${l}`)];
}
