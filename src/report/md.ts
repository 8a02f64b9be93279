/**
 * Markdown for the job summary and the sticky PR comment: hidden marker, verdict table, one Mermaid
 * chart per scenario, <details> evidence per failure, warnings as footnotes. Kept under MD_MAX_BYTES
 * (GitHub rejects comments over 65536 characters) by cutting evidence first.
 */
import type { Status } from '../compare/verdict.js';
import { noRunCounts } from '../runner/validity.js';
import { escapeMd } from './escape.js';
import { collectEvidence } from './evidence.js';
import { collectFootnotes, footnoteRef, type Footnotes } from './footnotes.js';
import { mdEvidence, type EvidenceLimits } from './md-evidence.js';
import { mermaidChart } from './mermaid.js';
import type { Report, Reporter } from './report.js';
import { buildVerdictTable, exitMeaning, type VerdictTable } from './table-model.js';
import { whatGrewMarkdown } from './what-grew-render.js';

export const MD_MARKER = '<!-- memgate-report -->';
export const MD_MAX_BYTES = 60_000;

const ICON: Record<Status, string> = { pass: '✅', warn: '⚠️', fail: '❌', inconclusive: '❔' };

interface Level extends EvidenceLimits {
  charts: boolean;
  /** What was cut, said at the top when anything was. */
  cut?: string;
}

/** Tried in order until the page fits: log lines go first, then evidence, then charts. */
const LEVELS: Level[] = [
  { logLines: 40, lineChars: 300, full: true, charts: true },
  { logLines: 10, lineChars: 200, full: true, charts: true, cut: 'log lines cut to the last 10 per failure' },
  { logLines: 0, lineChars: 200, full: true, charts: true, cut: 'log lines omitted' },
  { logLines: 0, lineChars: 200, full: false, charts: true, cut: 'evidence and log lines omitted' },
  { logLines: 0, lineChars: 200, full: false, charts: false, cut: 'evidence, log lines and charts omitted' },
];

export const md: Reporter = { extension: 'md', render: renderMarkdown };

export function renderMarkdown(report: Report): string {
  let text = '';
  for (const level of LEVELS) {
    text = renderAt(report, level);
    if (byteLength(text) <= MD_MAX_BYTES) return text;
  }
  return hardCut(text);
}

function renderAt(report: Report, level: Level): string {
  const { results } = report;
  const notes = collectFootnotes(results);
  const out = [MD_MARKER, `## ${ICON[results.verdict]} memgate: ${results.verdict.toUpperCase()}`, ''];
  const header = `${exitMeaning(results.verdict, noRunCounts(results.scenarios.flatMap((s) => s.runs)))} · target ${escapeMd(results.target.description)} · ${results.scenarios.length} scenario(s)`;
  out.push(`${header} ${footnoteRef(notes, '')}`.trimEnd());
  if (level.cut !== undefined)
    out.push(
      '',
      `> Shortened to stay under 60 KB: ${level.cut}. The HTML report and memgate-results.json have everything.`,
    );
  out.push('', ...tableLines(buildVerdictTable(results)));
  const evidence = collectEvidence(results.scenarios);
  for (const s of results.scenarios) {
    const status = s.verdict?.status ?? 'inconclusive';
    out.push('', `### ${ICON[status]} ${escapeMd(s.name)} ${footnoteRef(notes, s.name)}`.trimEnd());
    const chart = level.charts ? mermaidChart(s, report.baselineSeries?.[s.name]) : undefined;
    if (chart !== undefined) out.push('', chart);
    out.push(...whatGrewMarkdown(s, level.charts));
    const ev = evidence.find((e) => e.scenario === s.name);
    if (ev !== undefined) out.push('', mdEvidence(ev, level));
  }
  out.push(...footnoteLines(notes));
  return `${out.join('\n')}\n`;
}

function tableLines(table: VerdictTable): string[] {
  const head = `| ${table.columns.map((c) => c.title).join(' | ')} |`;
  const divider = `| ${table.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((c) => {
      const text = escapeMd(row.cells[c.key]);
      return c.key === 'status' ? `${ICON[row.status]} ${text}` : text;
    });
    return `| ${cells.join(' | ')} |`;
  });
  return [head, divider, ...rows];
}

function footnoteLines(notes: Footnotes): string[] {
  if (notes.texts.length === 0) return [];
  return ['', '---', '', ...notes.texts.map((t, i) => `<sub>[${i + 1}] ${escapeMd(t)}</sub><br>`)];
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Last resort (huge verdict tables): cut at a line boundary and say so. */
function hardCut(text: string): string {
  const note = '\n\n> Truncated at 60 KB. The HTML report and memgate-results.json have everything.\n';
  let cut = text.slice(0, MD_MAX_BYTES - 200);
  while (byteLength(cut) > MD_MAX_BYTES - 200) cut = cut.slice(0, -1000);
  return `${cut.slice(0, cut.lastIndexOf('\n'))}${note}`;
}
