/** JUnit XML for the history: one testcase per scenario; a change point that appeared tonight fails it. */
import { escapeXml, escapeXmlText } from '../report/escape.js';
import type { HistoryAnalysis } from './analyse-history.js';
import { commitRange, describeChange, formatP, METRIC_LABEL } from './render-common.js';

export function renderHistoryJunit(analysis: HistoryAnalysis): string {
  const cases = analysis.scenarios.map((s) => {
    const fresh = s.metrics.flatMap((m) =>
      m.changePoints
        .filter((cp) => cp.fresh)
        .map(
          (cp) =>
            `${METRIC_LABEL[m.metric]}: ${describeChange(m.metric, cp)} at night ${cp.night + 1}, p=${formatP(cp.p)}, commits ${commitRange(cp)}`,
        ),
    );
    const name = escapeXml(s.scenario);
    if (fresh.length === 0) return `    <testcase classname="memgate.history" name="${name}"/>`;
    return [
      `    <testcase classname="memgate.history" name="${name}">`,
      `      <failure message="${escapeXml(`new change point: ${fresh[0]}`)}">${escapeXmlText(fresh.join('\n'))}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  const failures = cases.filter((c) => c.includes('<failure')).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="memgate history" tests="${cases.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="memgate history" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
