/**
 * One self-contained HTML page: header, verdict table, per scenario an inline SVG chart and
 * evidence, warnings as footnotes. No scripts and no external assets; a CSP forbids both anyway.
 */
import type { Status } from '../compare/verdict.js';
import type { ScenarioResult } from '../results.js';
import { noRunCounts } from '../runner/validity.js';
import { definedOnly } from '../util/defined-only.js';
import { escapeHtml } from './escape.js';
import { collectEvidence, type Evidence } from './evidence.js';
import { collectFootnotes, footnoteRef, type Footnotes } from './footnotes.js';
import { htmlEvidence } from './html-evidence.js';
import type { BaselineSeries, Report, Reporter } from './report.js';
import { chartRun, gateMetricOf, oomTimeMs, statSeries, usageSeries } from './series.js';
import { renderSvgChart } from './svg-chart.js';
import { buildVerdictTable, exitMeaning, type VerdictTable } from './table-model.js';
import { whatGrewHtml } from './what-grew-render.js';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:960px;color:#222;padding:0 12px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.status{font-weight:600;text-transform:uppercase;font-size:12px;padding:1px 6px;border-radius:3px}
.pass{background:#dcf5e0;color:#17622b}.warn{background:#fff1c2;color:#7a5600}.fail{background:#ffd9d9;color:#a00}.inconclusive{background:#eadcff;color:#5a2d91}
pre.log{background:#111;color:#eee;padding:8px;overflow:auto;max-height:360px;font-size:12px}
.meta{color:#555}.notes{font-size:12px;color:#555}svg.chart{max-width:100%;height:auto;border:1px solid #eee}
`;

export const html: Reporter = { extension: 'html', render: renderHtml };

export function renderHtml(report: Report): string {
  const { results } = report;
  const notes = collectFootnotes(results);
  const evidence = collectEvidence(results.scenarios);
  const generatedAt = report.generatedAt ?? results.createdAt;
  const title = `memgate: ${results.verdict.toUpperCase()}, ${results.target.description}`;
  const fp = results.fingerprint;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>memgate ${badge(results.verdict)} <span class="meta">${escapeHtml(results.target.description)}</span></h1>
<p class="meta">${escapeHtml(exitMeaning(results.verdict, noRunCounts(results.scenarios.flatMap((s) => s.runs))))} · generated ${escapeHtml(generatedAt)} · memgate ${escapeHtml(results.tool.version)} · fingerprint ${escapeHtml(fp.targetHash.slice(0, 8))} (${fp.cpus} cpu, cgroup v${fp.cgroupVersion}, ${escapeHtml(fp.engine)})${results.commit === undefined ? '' : ` · commit ${escapeHtml(results.commit)}`}${sup(notes, '')}</p>
${tableHtml(buildVerdictTable(results))}
${results.scenarios.map((s) => scenarioHtml(s, notes, evidence, report.baselineSeries?.[s.name])).join('\n')}
${footnotesHtml(notes)}
</body>
</html>
`;
}

function scenarioHtml(
  s: ScenarioResult,
  notes: Footnotes,
  evidence: Evidence[],
  baseline?: BaselineSeries,
): string {
  const status = s.verdict?.status ?? 'inconclusive';
  const run = chartRun(s);
  const out = [
    `<section class="scenario" data-scenario="${escapeHtml(s.name)}">`,
    `<h2>${badge(status)} ${escapeHtml(s.name)}${sup(notes, s.name)}</h2>`,
  ];
  if (run !== undefined && run.stats.length > 0) {
    const oomMs = oomTimeMs(run);
    const limit = run.stats[run.stats.length - 1]?.limitBytes ?? run.target.memoryLimitBytes ?? null;
    out.push(
      renderSvgChart({
        title: s.name,
        metric: gateMetricOf(s),
        gate: statSeries(run, gateMetricOf(s)),
        usage: usageSeries(run),
        ...(baseline === undefined || baseline.tMs.length === 0 ? {} : { baseline }),
        phases: run.phases,
        limitBytes: limit,
        ...definedOnly({ oomMs }),
      }),
    );
    const image = run.target.image ?? run.target.argv?.join(' ');
    out.push(
      `<p class="meta">run ${run.run} of ${s.runs.length} · ${escapeHtml(image ?? '')} · source ${escapeHtml(run.source.kind)} (${run.source.confidence})</p>`,
    );
  } else {
    out.push('<p class="meta">No samples to draw.</p>');
  }
  out.push(...whatGrewHtml(s));
  const ev = evidence.find((e) => e.scenario === s.name);
  if (ev !== undefined) out.push(htmlEvidence(ev));
  out.push('</section>');
  return out.join('\n');
}

function tableHtml(table: VerdictTable): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((c) => {
      const text = escapeHtml(row.cells[c.key]);
      if (c.key === 'status') return `<td>${badge(row.status)}</td>`;
      return c.align === 'right' ? `<td class="num">${text}</td>` : `<td>${text}</td>`;
    });
    return `<tr class="row-${row.status}">${cells.join('')}</tr>`;
  });
  return `<table class="verdicts">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function badge(status: Status): string {
  return `<span class="status ${status}">${status}</span>`;
}

function sup(notes: Footnotes, scope: string): string {
  const ref = footnoteRef(notes, scope);
  return ref === '' ? '' : ` <sup class="note-ref">${ref}</sup>`;
}

function footnotesHtml(notes: Footnotes): string {
  if (notes.texts.length === 0) return '';
  const items = notes.texts.map((t) => `<li>${escapeHtml(t)}</li>`).join('\n');
  return `<h2>Warnings</h2>\n<ol class="notes">\n${items}\n</ol>`;
}
