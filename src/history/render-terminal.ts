/** `memgate history` on a terminal: per scenario and metric a sparkline, the latest value, the change points. */
import { sparkline } from '../report/sparkline.js';
import type { HistoryAnalysis } from './analyse-history.js';
import {
  commitRange,
  describeChange,
  formatMetric,
  formatP,
  latestValue,
  METRIC_LABEL,
  shortCommit,
} from './render-common.js';

const SPARK_WIDTH = 40;

export function renderHistoryTerminal(analysis: HistoryAnalysis): string {
  if (analysis.nights === 0)
    return 'memgate history: no nights recorded yet (run `memgate history append RESULTS.json`).\n';
  const latest = analysis.latest;
  const out = [
    `memgate history: ${analysis.nights} night${analysis.nights === 1 ? '' : 's'}` +
      (latest ? `, latest ${latest.date} (${shortCommit(latest.commit)})` : ''),
  ];
  for (const s of analysis.scenarios) {
    out.push('', s.scenario);
    const width = Math.max(...s.metrics.map((m) => METRIC_LABEL[m.metric].length));
    for (const m of s.metrics) {
      const last = latestValue(m);
      out.push(
        `  ${METRIC_LABEL[m.metric].padEnd(width)}  ${sparkline(m.values, SPARK_WIDTH).padEnd(Math.min(SPARK_WIDTH, m.values.length))}  ${last === undefined ? '-' : formatMetric(m.metric, last)}`,
      );
      for (const cp of m.changePoints) {
        out.push(
          `    ${cp.fresh ? 'NEW ' : ''}change at night ${cp.night + 1} (${cp.date.slice(0, 10)}): ${describeChange(m.metric, cp)}, p=${formatP(cp.p)}, commits ${commitRange(cp)}`,
        );
      }
    }
  }
  return `${out.join('\n')}\n`;
}
