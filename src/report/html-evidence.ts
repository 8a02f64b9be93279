/** HTML evidence for one failure; every target-derived string is escaped. */
import { formatBytes, formatDuration } from '../units.js';
import { cleanLogLine, escapeHtml } from './escape.js';
import type { Evidence } from './evidence.js';

/** The page has room for more log than a PR comment, but not for a whole 10,000-line log. */
export const HTML_LOG_LINES = 200;

export function htmlEvidence(ev: Evidence): string {
  const out = [`<details class="evidence" open><summary>Evidence (run ${ev.run})</summary>`, '<ul>'];
  for (const m of ev.failing) out.push(`<li><b>${escapeHtml(m.metric)}</b>: ${escapeHtml(m.reason)}</li>`);
  if (ev.deltas.length > 0) {
    const grew = ev.deltas
      .map((d) => `${d.component} ${d.deltaBytes > 0 ? '+' : ''}${formatBytes(d.deltaBytes)}`)
      .join(', ');
    out.push(
      `<li><b>What grew</b> (${formatDuration(ev.fromMs)} → ${formatDuration(ev.toMs)}): ${grew}</li>`,
    );
  }
  const reasons = ev.shapeReasons.map(escapeHtml).join('; ');
  out.push(
    `<li><b>Shape</b>: <code>${escapeHtml(ev.shape)}</code>${reasons === '' ? '' : `: ${reasons}`}</li>`,
  );
  if (ev.oom !== undefined) {
    const o = ev.oom;
    const facts = [`${o.oomKills} OOM kill${o.oomKills === 1 ? '' : 's'}`];
    if (o.exitCode !== undefined && o.exitCode !== null) facts.push(`exit ${o.exitCode}`);
    if (o.limitBytes !== undefined && o.limitBytes !== null) facts.push(`limit ${formatBytes(o.limitBytes)}`);
    const why = o.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
    out.push(
      `<li><b>OOM</b>: <code>${escapeHtml(o.classification)}</code> (${facts.join(', ')})<ul>${why}</ul></li>`,
    );
  }
  out.push('</ul>');
  if (ev.logTail.length > 0) {
    const shown = ev.logTail.slice(-HTML_LOG_LINES);
    const note = shown.length < ev.logTail.length ? ` (last ${shown.length} of ${ev.logTail.length})` : '';
    out.push(`<p>Last log lines${note}:</p>`);
    out.push(`<pre class="log">${shown.map((l) => escapeHtml(cleanLogLine(l, 500))).join('\n')}</pre>`);
  }
  out.push('</details>');
  return out.join('\n');
}
