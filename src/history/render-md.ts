/**
 * The history in Markdown: per scenario a Mermaid `xychart-beta` line of the nightly floor, then a
 * table of every change point with its commit range. Used for the nightly tracking issue too.
 */
import { escapeMd } from '../report/escape.js';
import { mermaidText } from '../report/mermaid.js';
import { MiB } from '../units.js';
import type { HistoryAnalysis, MetricTrend, ScenarioTrend } from './analyse-history.js';
import { commitRange, describeChange, formatP, METRIC_LABEL, shortCommit } from './render-common.js';

export const HISTORY_MD_MARKER = '<!-- memgate-history -->';

/** A hidden key per change point, so the tracking issue knows which ones it already mentions. */
export function changePointKey(scenario: string, metric: string, night: number): string {
  return `<!-- memgate-cp ${encodeURIComponent(scenario)} ${metric} ${night} -->`;
}

export function renderHistoryMd(analysis: HistoryAnalysis): string {
  const latest = analysis.latest;
  const out = [
    HISTORY_MD_MARKER,
    '## memgate nightly history',
    '',
    `${analysis.nights} night${analysis.nights === 1 ? '' : 's'}` +
      (latest
        ? `, latest ${escapeMd(latest.date)} (\`${shortCommit(latest.commit).replace(/`/g, '')}\`)`
        : '') +
      '.',
  ];
  for (const s of analysis.scenarios) out.push('', ...scenarioSection(s));
  return `${out.join('\n')}\n`;
}

function scenarioSection(s: ScenarioTrend): string[] {
  const out = [`### ${escapeMd(s.scenario)}`, ''];
  const floor = s.metrics.find((m) => m.metric === 'floorBytes');
  if (floor && floor.values.length >= 2) out.push(floorChart(s.scenario, floor), '');
  const rows = s.metrics.flatMap((m) =>
    m.changePoints.map(
      (cp) =>
        `| ${METRIC_LABEL[m.metric]} | ${cp.night + 1} (${escapeMd(cp.date.slice(0, 10))}) | ${escapeMd(describeChange(m.metric, cp))} | ${formatP(cp.p)} | ${escapeMd(commitRange(cp))} | ${cp.fresh ? 'new' : ''} ${changePointKey(s.scenario, m.metric, cp.night)} |`,
    ),
  );
  if (rows.length === 0) {
    out.push('No change points.');
    return out;
  }
  out.push('| metric | night | change | p | commits | |', '| --- | --- | --- | --- | --- | --- |', ...rows);
  return out;
}

function floorChart(scenario: string, floor: MetricTrend): string {
  const mib = floor.values.map((v) => Math.round((v / MiB) * 10) / 10);
  const top = Math.max(...mib);
  const bottom = Math.min(...mib);
  const pad = Math.max(1, (top - bottom) * 0.2);
  const marks = floor.changePoints.map((cp) => cp.night + 1).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(scenario)}: nightly floor (MiB)${marks ? `, changes at night ${marks}` : ''}"`,
    `  x-axis "night" 1 --> ${Math.max(2, floor.nights[floor.nights.length - 1]! + 1)}`,
    `  y-axis "floor (MiB)" ${Math.max(0, Math.floor(bottom - pad))} --> ${Math.ceil(top + pad)}`,
    `  line [${mib.join(', ')}]`,
    '```',
  ].join('\n');
}
