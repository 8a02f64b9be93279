/**
 * Pure inline SVG for one run: gate metric line (usage faint), phases shaded and labelled, baseline
 * dashed, peak and OOM marked, limit line. Every text is escaped; no scripts, no external assets.
 */
import type { PhaseMark } from '../runner/run-record.js';
import { formatBytes, formatDuration } from '../units.js';
import { escapeHtml } from './escape.js';
import { downsample, type Series } from './series.js';

export interface ChartInput {
  title: string;
  metric: string;
  gate: Series;
  usage?: Series;
  baseline?: Series;
  phases: PhaseMark[];
  limitBytes?: number | null;
  oomMs?: number;
}

export const SVG_MAX_POINTS = 400;
const W = 860;
const H = 280;
const M = { left: 72, right: 24, top: 28, bottom: 36 };
const PHASE_FILL: Record<string, string> = {
  idle: '#f2f2f2',
  warmup: '#fff4d6',
  load: '#ffe0e0',
  soak: '#ffd0b0',
  cooldown: '#dff3e4',
};

export function renderSvgChart(input: ChartInput): string {
  const gate = downsample(input.gate, SVG_MAX_POINTS);
  const usage = input.usage ? downsample(input.usage, SVG_MAX_POINTS) : undefined;
  const baseline = input.baseline ? downsample(input.baseline, SVG_MAX_POINTS) : undefined;
  const all = [gate, usage, baseline].filter((s): s is Series => s !== undefined);
  const endMs = Math.max(1, ...all.flatMap((s) => s.tMs), ...input.phases.map((p) => p.endMs));
  const dataMax = Math.max(1, ...all.flatMap((s) => s.bytes));
  const limit = input.limitBytes ?? undefined;
  const limitOnScale = limit !== undefined && limit <= dataMax * 1.5;
  const yMax = Math.max(dataMax, limitOnScale ? limit : 0) * 1.08;
  const x = (t: number): number => M.left + (t / endMs) * (W - M.left - M.right);
  const y = (b: number): number => H - M.bottom - (b / yMax) * (H - M.top - M.bottom);
  const points = (s: Series): string =>
    s.tMs.map((t, i) => `${x(t).toFixed(1)},${y(s.bytes[i] ?? 0).toFixed(1)}`).join(' ');

  const out = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(`${input.title}: ${input.metric} over time`)}">`,
    `<title>${escapeHtml(`${input.title}: ${input.metric} over time`)}</title>`,
    ...phaseBands(input.phases, x),
    ...axes(endMs, yMax, x, y),
  ];
  if (usage)
    out.push(
      `<polyline class="usage" points="${points(usage)}" fill="none" stroke="#8aa4c8" stroke-width="1" opacity="0.45"/>`,
    );
  if (baseline)
    out.push(
      `<polyline class="baseline" points="${points(baseline)}" fill="none" stroke="#555" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
  out.push(`<polyline class="gate" points="${points(gate)}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`);
  if (limit !== undefined) out.push(...limitLine(limit, limitOnScale, y));
  out.push(...peakMarker(input.gate, x, y));
  if (input.oomMs !== undefined) out.push(...oomMarker(input.oomMs, x));
  out.push(...legend(input.metric, usage !== undefined, baseline !== undefined), '</svg>');
  return out.join('\n');
}

function phaseBands(phases: PhaseMark[], x: (t: number) => number): string[] {
  const out = ['<g class="phases">'];
  for (const p of phases) {
    const x0 = x(p.startMs);
    const w = Math.max(0, x(p.endMs) - x0);
    out.push(
      `<rect class="phase-band phase-${p.kind}" data-phase="${p.kind}" x="${x0.toFixed(1)}" y="${M.top}" width="${w.toFixed(1)}" height="${H - M.top - M.bottom}" fill="${PHASE_FILL[p.kind] ?? '#eee'}"/>`,
      `<text class="phase-label" x="${(x0 + 4).toFixed(1)}" y="${M.top + 12}" font-size="11" fill="#666">${p.kind}</text>`,
    );
  }
  out.push('</g>');
  return out;
}

function axes(endMs: number, yMax: number, x: (t: number) => number, y: (b: number) => number): string[] {
  const out = ['<g class="axes" font-size="11" fill="#444">'];
  for (let i = 0; i <= 4; i++) {
    const b = (yMax / 1.08) * (i / 4);
    const yy = y(b).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    out.push(
      `<text x="${M.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${formatBytes(b)}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const t = (endMs * i) / 5;
    out.push(
      `<text x="${x(t).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${formatDuration(t)}</text>`,
    );
  }
  out.push('</g>');
  return out;
}

function limitLine(limit: number, onScale: boolean, y: (b: number) => number): string[] {
  if (!onScale) {
    return [
      `<text class="limit-note" x="${W - M.right}" y="${M.top - 8}" text-anchor="end" font-size="11" fill="#b00">limit ${formatBytes(limit)} (above chart)</text>`,
    ];
  }
  const yy = y(limit).toFixed(1);
  return [
    `<line class="limit-line" x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#b00" stroke-dasharray="2 3"/>`,
    `<text x="${W - M.right - 4}" y="${(Number(yy) - 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#b00">limit ${formatBytes(limit)}</text>`,
  ];
}

function peakMarker(gate: Series, x: (t: number) => number, y: (b: number) => number): string[] {
  let best = 0;
  gate.bytes.forEach((b, i) => {
    if (b > (gate.bytes[best] ?? -Infinity)) best = i;
  });
  const t = gate.tMs[best];
  const b = gate.bytes[best];
  if (t === undefined || b === undefined) return [];
  const cx = x(t);
  const cy = y(b);
  // Near the right edge (where an OOM usually is) the label goes left of the point, below the limit.
  const nearEnd = cx > W - M.right - 80;
  const label = nearEnd
    ? `x="${(cx - 8).toFixed(1)}" y="${(cy + 16).toFixed(1)}" text-anchor="end"`
    : `x="${cx.toFixed(1)}" y="${(cy - 8).toFixed(1)}" text-anchor="middle"`;
  return [
    `<circle class="peak-marker" cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="4" fill="#1f5fbf"/>`,
    `<text class="peak-label" ${label} font-size="11" fill="#1f5fbf">peak ${formatBytes(b)}</text>`,
  ];
}

function oomMarker(tMs: number, x: (t: number) => number): string[] {
  const xx = x(tMs).toFixed(1);
  return [
    `<line class="oom-marker" x1="${xx}" x2="${xx}" y1="${M.top}" y2="${H - M.bottom}" stroke="#d00" stroke-width="2"/>`,
    `<text class="oom-label" x="${(Number(xx) - 4).toFixed(1)}" y="${(H - M.bottom - 8).toFixed(1)}" text-anchor="end" font-size="12" font-weight="bold" fill="#d00">OOM kill</text>`,
  ];
}

function legend(metric: string, usage: boolean, baseline: boolean): string[] {
  const items: [string, string][] = [[escapeHtml(metric), 'stroke="#1f5fbf" stroke-width="2"']];
  if (usage) items.push(['usage', 'stroke="#8aa4c8" opacity="0.6"']);
  if (baseline) items.push(['baseline', 'stroke="#555" stroke-dasharray="6 4"']);
  const out = ['<g class="legend" font-size="11" fill="#333">'];
  items.forEach(([label, stroke], i) => {
    const lx = M.left + i * 130;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="14" y2="14" ${stroke}/>`,
      `<text x="${lx + 30}" y="18">${label}</text>`,
    );
  });
  out.push('</g>');
  return out;
}
