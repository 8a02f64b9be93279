/**
 * The history as a standalone HTML page: per scenario an inline SVG of the nightly floor with the
 * change points marked, and a table of change points. Every string is escaped; no scripts.
 */
import { escapeHtml } from '../report/escape.js';
import type { HistoryAnalysis, MetricTrend, ScenarioTrend } from './analyse-history.js';
import { commitRange, describeChange, formatMetric, formatP, METRIC_LABEL } from './render-common.js';

const W = 720;
const H = 220;
const M = { left: 80, right: 16, top: 16, bottom: 32 };

export function renderHistoryHtml(analysis: HistoryAnalysis): string {
  const body = analysis.scenarios.map(scenarioSection).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>memgate nightly history</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.new{color:#b00;font-weight:bold}</style>
</head><body>
<h1>memgate nightly history</h1>
<p>${analysis.nights} night${analysis.nights === 1 ? '' : 's'}${analysis.latest ? `, latest ${escapeHtml(analysis.latest.date)} (${escapeHtml(analysis.latest.commit)})` : ''}.</p>
${body}
</body></html>
`;
}

function scenarioSection(s: ScenarioTrend): string {
  const floor = s.metrics.find((m) => m.metric === 'floorBytes');
  const rows = s.metrics.flatMap((m) =>
    m.changePoints.map(
      (cp) =>
        `<tr${cp.fresh ? ' class="new"' : ''}><td>${METRIC_LABEL[m.metric]}</td><td>${cp.night + 1}</td><td>${escapeHtml(cp.date)}</td><td>${escapeHtml(describeChange(m.metric, cp))}</td><td>${formatP(cp.p)}</td><td>${escapeHtml(commitRange(cp))}</td></tr>`,
    ),
  );
  const table =
    rows.length === 0
      ? '<p>No change points.</p>'
      : `<table><thead><tr><th>metric</th><th>night</th><th>date</th><th>change</th><th>p</th><th>commits</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section><h2>${escapeHtml(s.scenario)}</h2>\n${floor && floor.values.length >= 2 ? floorSvg(s.scenario, floor) : ''}\n${table}</section>`;
}

/** The nightly floor over night numbers, a dashed red line at each change point. */
export function floorSvg(scenario: string, floor: MetricTrend): string {
  const first = floor.nights[0]!;
  const last = floor.nights[floor.nights.length - 1]!;
  const lo = Math.min(...floor.values);
  const hi = Math.max(...floor.values);
  const pad = Math.max((hi - lo) * 0.1, hi * 0.01, 1);
  const x = (night: number): number =>
    M.left + ((night - first) / Math.max(1, last - first)) * (W - M.left - M.right);
  const y = (v: number): number =>
    H - M.bottom - ((v - lo + pad) / (hi - lo + 2 * pad)) * (H - M.top - M.bottom);
  const points = floor.values.map((v, i) => `${x(floor.nights[i]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const label = escapeHtml(`${scenario}: nightly floor`);
  const marks = floor.changePoints.map(
    (cp) =>
      `<line class="change-point" x1="${x(cp.night).toFixed(1)}" x2="${x(cp.night).toFixed(1)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#c00" stroke-dasharray="4 3"><title>${escapeHtml(`${describeChange('floorBytes', cp)}, commits ${commitRange(cp)}`)}</title></line>`,
  );
  return [
    `<svg class="history-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#999"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#999"/>`,
    `<text x="${M.left - 6}" y="${y(hi).toFixed(1)}" font-size="11" text-anchor="end">${escapeHtml(formatMetric('floorBytes', hi))}</text>`,
    `<text x="${M.left - 6}" y="${y(lo).toFixed(1)}" font-size="11" text-anchor="end">${escapeHtml(formatMetric('floorBytes', lo))}</text>`,
    `<text x="${M.left}" y="${H - 10}" font-size="11">night ${first + 1}</text>`,
    `<text x="${W - M.right}" y="${H - 10}" font-size="11" text-anchor="end">night ${last + 1}</text>`,
    ...marks,
    `<polyline class="floor" points="${points}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`,
    '</svg>',
  ].join('\n');
}
