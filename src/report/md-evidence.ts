/** Markdown evidence for one failure: a collapsible <details> block. */
import { formatBytes, formatDuration } from '../units.js';
import { cleanLogLine, codeFence, escapeMd } from './escape.js';
import type { Evidence } from './evidence.js';

export interface EvidenceLimits {
  /** Last log lines shown per failure. */
  logLines: number;
  /** Longest log line kept, in characters. */
  lineChars: number;
  /** False = one summary line instead of the full block. */
  full: boolean;
}

export function mdEvidence(ev: Evidence, limits: EvidenceLimits): string {
  const failing = ev.failing.map((m) => m.metric).join(', ') || 'OOM';
  const title = `Evidence: ${escapeMd(ev.scenario)} (run ${ev.run}; failing: ${failing})`;
  if (!limits.full)
    return `<details><summary>${title}</summary>\n\nShape: ${escapeMd(ev.shape)}. Details cut for size: see the HTML report.\n\n</details>`;
  const out = [`<details><summary>${title}</summary>`, ''];
  for (const m of ev.failing) out.push(`- **${m.metric}**: ${escapeMd(m.reason)}`);
  if (ev.deltas.length > 0) {
    const span = `${formatDuration(ev.fromMs)} → ${formatDuration(ev.toMs)}`;
    const grew = ev.deltas.map((d) => `${d.component} ${signed(d.deltaBytes)}`).join(', ');
    out.push(`- **What grew** (${span}): ${grew}`);
  }
  const reasons = ev.shapeReasons.map(escapeMd).join('; ');
  out.push(`- **Shape**: \`${escapeMd(ev.shape)}\`${reasons === '' ? '' : `: ${reasons}`}`);
  if (ev.oom !== undefined) {
    const o = ev.oom;
    const facts = [
      `${o.oomKills} OOM kill${o.oomKills === 1 ? '' : 's'}`,
      ...(o.exitCode === undefined || o.exitCode === null ? [] : [`exit ${o.exitCode}`]),
      ...(o.limitBytes === undefined || o.limitBytes === null ? [] : [`limit ${formatBytes(o.limitBytes)}`]),
    ];
    out.push(`- **OOM**: \`${o.classification}\` (${facts.join(', ')})`);
    for (const r of o.reasons) out.push(`  - ${escapeMd(r)}`);
  }
  out.push(...logBlock(ev.logTail, limits));
  out.push('', '</details>');
  return out.join('\n');
}

function logBlock(logTail: string[], limits: EvidenceLimits): string[] {
  if (logTail.length === 0) return [];
  if (limits.logLines === 0) return ['', `_${logTail.length} log lines omitted for size._`];
  const shown = logTail.slice(-limits.logLines).map((l) => cleanLogLine(l, limits.lineChars));
  const body = shown.join('\n');
  const fence = codeFence(body);
  const note = shown.length < logTail.length ? ` (last ${shown.length} of ${logTail.length})` : '';
  return ['', `Last log lines${note}:`, '', `${fence}text`, body, fence];
}

function signed(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}
