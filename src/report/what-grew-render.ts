/** Markdown and HTML renderings of the section-8 report pieces (see what-grew.ts). */
import type { ScenarioResult } from '../results.js';
import { MiB, msToSec } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import { escapeHtml, escapeMd } from './escape.js';
import { mermaidText } from './mermaid.js';
import { chartRun, gridSeries, resampleClamped } from './series.js';
import { renderSvgChart } from './svg-chart.js';
import { GROWER_COLUMNS, growerCells, runtimeSeries, topGrowers, whatGrewLines } from './what-grew.js';

const RUNTIME_CHART_POINTS = 60;

export function whatGrewMarkdown(s: ScenarioResult, charts: boolean): string[] {
  const out: string[] = [];
  const run = chartRun(s);
  const rt = run ? runtimeSeries(run) : {};
  if (charts && rt.heap) {
    const grid = gridSeries(rt.heap, RUNTIME_CHART_POINTS);
    const heap = grid.bytes.map((b) => Math.round((b / MiB) * 10) / 10);
    const outside = rt.outside
      ? resampleClamped(rt.outside, grid.tMs).map((b) => Math.round((b / MiB) * 10) / 10)
      : [];
    const top = Math.max(...heap, ...outside);
    const endS = Math.round(msToSec(grid.tMs.at(-1) ?? 0));
    const startS = Math.round(msToSec(grid.tMs[0] ?? 0));
    out.push(
      '',
      '```mermaid',
      'xychart-beta',
      `  title "${mermaidText(s.name)}: runtime heap${outside.length > 0 ? ', outside heap' : ''}"`,
      `  x-axis "time (s)" ${startS} --> ${Math.max(endS, startS + 1)}`,
      `  y-axis "MiB" 0 --> ${Math.ceil(top * 1.1) || 1}`,
      `  line [${heap.join(', ')}]`,
      ...(outside.length > 0 ? [`  line [${outside.join(', ')}]`] : []),
      '```',
    );
  }
  const lines = whatGrewLines(s);
  if (lines.length > 0) out.push('', ...lines.map((l) => `- **${l.label}**: ${escapeMd(l.text)}`));
  const growers = topGrowers(s);
  if (growers && growers.length > 0) {
    out.push('', '**Class histogram, top growers (base vs current)**', '');
    out.push(`| ${GROWER_COLUMNS.join(' | ')} |`, `| --- | ---: | ---: | ---: |`);
    for (const g of growers) out.push(`| ${growerCells(g).map(escapeMd).join(' | ')} |`);
  }
  return out;
}

export function whatGrewHtml(s: ScenarioResult): string[] {
  const out: string[] = [];
  const run = chartRun(s);
  const rt = run ? runtimeSeries(run) : {};
  if (run && rt.heap) {
    out.push(
      renderSvgChart({
        title: `${s.name} runtime`,
        metric: 'runtime_heap_used (outside heap faint)',
        gate: rt.heap,
        ...definedOnly({ usage: rt.outside }),
        phases: run.phases,
        limitBytes: rt.limitBytes ?? null,
      }),
    );
  }
  const lines = whatGrewLines(s);
  if (lines.length > 0) {
    const items = lines.map((l) => {
      const text =
        l.label === 'evidence'
          ? escapeHtml(l.text).replace(/(evidence\/[^\s,;]+)/g, '<a href="$1">$1</a>')
          : escapeHtml(l.text);
      return `<li><b>${escapeHtml(l.label)}</b>: ${text}</li>`;
    });
    out.push(`<ul class="what-grew">\n${items.join('\n')}\n</ul>`);
  }
  const growers = topGrowers(s);
  if (growers && growers.length > 0) {
    const head = GROWER_COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
    const rows = growers.map(
      (g) =>
        `<tr>${growerCells(g)
          .map((c, i) => `<td${i > 0 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)
          .join('')}</tr>`,
    );
    out.push(
      `<h3>Class histogram: top growers, base vs current</h3>\n<table class="growers">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`,
    );
  }
  return out;
}
