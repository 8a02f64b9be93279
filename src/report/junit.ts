/**
 * JUnit XML for CI test reporters: one <testsuite> per scenario, one <testcase> per metric;
 * fail -> <failure>, inconclusive -> <skipped>, warnings in <system-out>.
 */
import type { ScenarioResult } from '../results.js';
import { msToSec } from '../units.js';
import { escapeXml, escapeXmlText } from './escape.js';
import type { Report, Reporter } from './report.js';
import { buildVerdictTable, type VerdictRow } from './table-model.js';

export const junit: Reporter = { extension: 'xml', render: renderJunit };

export function renderJunit(report: Report): string {
  const { results } = report;
  const rows = buildVerdictTable(results).rows;
  const suites = results.scenarios.map((s) =>
    suite(
      s,
      rows.filter((r) => r.cells.scenario === s.name),
    ),
  );
  const count = (status: string): number => rows.filter((r) => r.status === status).length;
  const attrs = `name="memgate" tests="${rows.length}" failures="${count('fail')}" errors="0" skipped="${count('inconclusive')}" time="${seconds(results.scenarios)}"`;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs}>`, ...suites];
  if (results.warnings.length > 0)
    out.push(`  <system-out>${escapeXmlText(results.warnings.join('\n'))}</system-out>`);
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function suite(s: ScenarioResult, rows: VerdictRow[]): string {
  const failures = rows.filter((r) => r.status === 'fail').length;
  const skipped = rows.filter((r) => r.status === 'inconclusive').length;
  const name = escapeXml(s.name);
  const lines = [
    `  <testsuite name="${name}" tests="${rows.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds([s])}">`,
    ...rows.map((r) => testcase(s.name, r)),
  ];
  const warnings = [...(s.verdict?.warnings ?? []), ...s.runs.flatMap((r) => r.warnings)];
  if (warnings.length > 0)
    lines.push(`    <system-out>${escapeXmlText([...new Set(warnings)].join('\n'))}</system-out>`);
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function testcase(scenario: string, row: VerdictRow): string {
  const c = row.cells;
  const open = `    <testcase classname="memgate.${escapeXml(scenario)}" name="${escapeXml(c.metric)}" time="0">`;
  const detail = [
    `current: ${c.current || '-'}`,
    `baseline: ${c.baseline || '-'}`,
    `effect: ${c.effect || '-'}`,
    `threshold: ${c.threshold || '-'}`,
    `p: ${c.p || '-'}`,
  ].join(', ');
  switch (row.status) {
    case 'fail':
      return `${open}\n      <failure message="${escapeXml(c.reason)}" type="memory-regression">${escapeXmlText(`${c.reason}\n${detail}`)}</failure>\n    </testcase>`;
    case 'inconclusive':
      return `${open}\n      <skipped message="${escapeXml(`inconclusive: ${c.reason}`)}"/>\n    </testcase>`;
    case 'warn':
      return `${open}\n      <system-out>${escapeXmlText(`warn: ${c.reason}\n${detail}`)}</system-out>\n    </testcase>`;
    case 'pass':
      return `${open}</testcase>`;
  }
}

/** Wall time of the scenario's runs, seconds, from the last sample of each run. */
function seconds(scenarios: ScenarioResult[]): string {
  let ms = 0;
  for (const s of scenarios) for (const r of s.runs) ms += r.stats[r.stats.length - 1]?.tMs ?? 0;
  return msToSec(ms).toFixed(3);
}
