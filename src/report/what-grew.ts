/**
 * Report pieces for README.md#what-grew-and-why, shared by the terminal, Markdown and HTML reports: attribution,
 * sizing, the runtime ceiling, evidence files, class-histogram top growers (base vs current), and the
 * runtime series (heap, outside heap) beside the cgroup curve.
 */
import type { ScenarioResult } from '../results.js';
import type { EvidenceStepResult, RunRecord } from '../runner/run-record.js';
import { formatBytes } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import type { Series } from './series.js';

/** Top growers listed per scenario. */
export const TOP_GROWERS = 10;

export interface Grower {
  name: string;
  baseBytes: number;
  currentBytes: number;
  baseCount: number;
  currentCount: number;
}

/** `name: text` lines: what grew, the limit it needs, the ceiling, where the evidence is. */
export function whatGrewLines(s: ScenarioResult): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  if (s.attribution) out.push({ label: 'what grew', text: s.attribution.reason });
  if (s.sizing)
    out.push({
      label: 'sizing',
      text: `resources.limits.memory: ${s.sizing.kubernetes} (${s.sizing.reason})`,
    });
  if (s.runtimeCeiling) out.push({ label: 'runtime ceiling', text: s.runtimeCeiling.warning });
  for (const r of s.runs) {
    if (!r.evidence) continue;
    const files = r.evidence.steps.flatMap((st) => st.files);
    const failed = r.evidence.steps.filter((st) => !st.ok).length;
    out.push({
      label: 'evidence',
      text: `${r.side === 'base' ? 'base ' : ''}run ${r.run} (${r.evidence.trigger}): ${files.length > 0 ? files.join(', ') : 'no files'}${failed > 0 ? `; ${failed} step(s) failed` : ''}`,
    });
  }
  return out;
}

function histogramOf(runs: RunRecord[]): EvidenceStepResult['histogram'] {
  for (let i = runs.length - 1; i >= 0; i--) {
    const h = runs[i]!.evidence?.steps.find((st) => st.histogram !== undefined)?.histogram;
    if (h) return h;
  }
  return undefined;
}

/** Rows that grew most from a base run's histogram to a current run's; undefined unless both have one. */
export function topGrowers(
  s: ScenarioResult,
  baseHistogram?: EvidenceStepResult['histogram'],
): Grower[] | undefined {
  const base = baseHistogram ?? histogramOf(s.runs.filter((r) => r.side === 'base'));
  const cur = histogramOf(s.runs.filter((r) => r.side === 'current'));
  if (!base || !cur) return undefined;
  const before = new Map(base.map((r) => [r.name, r]));
  return cur
    .map((r) => ({
      name: r.name,
      baseBytes: before.get(r.name)?.bytes ?? 0,
      currentBytes: r.bytes,
      baseCount: before.get(r.name)?.count ?? 0,
      currentCount: r.count,
    }))
    .sort((a, b) => b.currentBytes - b.baseBytes - (a.currentBytes - a.baseBytes))
    .slice(0, TOP_GROWERS);
}

export function growerCells(g: Grower): string[] {
  const d = g.currentBytes - g.baseBytes;
  return [
    g.name,
    `${formatBytes(g.baseBytes)} (${g.baseCount})`,
    `${formatBytes(g.currentBytes)} (${g.currentCount})`,
    `${d < 0 ? '-' : '+'}${formatBytes(Math.abs(d))}`,
  ];
}

export const GROWER_COLUMNS = ['class', 'base bytes (count)', 'current bytes (count)', 'growth'];

/** The runtime series of one run, as chart series (absent when never scraped). */
export function runtimeSeries(run: RunRecord): { heap?: Series; outside?: Series; limitBytes?: number } {
  const samples = run.metrics?.samples ?? [];
  const pick = (f: (x: (typeof samples)[number]) => number | undefined): Series | undefined => {
    const pts = samples.filter((x) => f(x) !== undefined);
    return pts.length < 2 ? undefined : { tMs: pts.map((x) => x.tMs), bytes: pts.map((x) => f(x)!) };
  };
  const heap = pick((x) => x.heapUsedBytes);
  const outside = pick((x) => x.outsideHeapBytes);
  const limit = samples.map((x) => x.heapLimitBytes).find((v) => v !== undefined);
  return {
    ...definedOnly({ heap, outside, limitBytes: limit }),
  };
}
