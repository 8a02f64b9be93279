/**
 * What grew (README.md#what-grew-and-why): the growth of a run's memory from before its load to its end, split into
 * the runtime's heap, memory outside the heap (native, off-heap, external buffers), page cache and
 * kernel memory. The cgroup gives anon vs file vs kernel; the target's own metrics split anon into
 * heap and the rest. Each level is the median of a window of samples, so one GC cycle does not decide.
 */
import type { RunRecord, RuntimeSample, StatSample } from '../runner/run-record.js';
import { formatBytes, MiB } from '../units.js';
import { median } from './stats/descriptive.js';

export type AttributionLabel = 'runtime-heap' | 'outside-heap' | 'mixed' | 'page-cache' | 'unknown';

export interface GrowthParts {
  /** Growth of the gate metric over the same window. */
  gateBytes: number;
  usageBytes: number;
  anonBytes?: number;
  fileBytes?: number;
  kernelBytes?: number;
  /** From the target's metrics, when scraped. */
  runtimeHeapBytes?: number;
  outsideHeapBytes?: number;
}

export interface Attribution {
  attribution: AttributionLabel;
  growth: GrowthParts;
  /** One line with the figures, e.g. `runtime-heap: heap +48.0 MiB, outside heap +1.2 MiB, ...`. */
  reason: string;
}

export interface RunAttribution extends Attribution {
  run: number;
  side: 'current' | 'base';
}

/** Share of the growth one part must carry to be named alone; below it the growth is `mixed`. */
export const DOMINANT_SHARE = 0.7;
/** Growth below this is no growth to attribute. */
export const MIN_ATTRIBUTED_BYTES = 2 * MiB;
/** Fewest samples in each window. */
const MIN_WINDOW_SAMPLES = 3;
/** The end window: this share of the run, at its end. */
const END_WINDOW_SHARE = 0.2;

const GATE_FIELD = {
  non_reclaimable: 'nonReclaimableBytes',
  working_set: 'workingSetBytes',
  usage: 'usageBytes',
  anon: 'anonBytes',
} as const satisfies Record<string, keyof StatSample>;

type Timed = { tMs: number };

/** Samples before the first load or soak phase (at least the first few), and the last part of the run. */
function windows<T extends Timed>(record: RunRecord, samples: T[]): { start: T[]; end: T[] } | undefined {
  if (samples.length < 2 * MIN_WINDOW_SAMPLES) return undefined;
  const load = record.phases.find((p) => p.kind === 'load' || p.kind === 'soak');
  const pre = load === undefined ? [] : samples.filter((s) => s.tMs <= load.startMs);
  const start = pre.length >= MIN_WINDOW_SAMPLES ? pre : samples.slice(0, MIN_WINDOW_SAMPLES);
  const lastMs = samples.at(-1)!.tMs;
  const fromMs = lastMs - END_WINDOW_SHARE * (lastMs - samples[0]!.tMs);
  const tail = samples.filter((s) => s.tMs >= fromMs);
  const end = tail.length >= MIN_WINDOW_SAMPLES ? tail : samples.slice(-MIN_WINDOW_SAMPLES);
  return { start, end };
}

function growth<T extends Timed>(
  w: { start: T[]; end: T[] },
  pick: (s: T) => number | undefined,
): number | undefined {
  const a = w.start.map(pick).filter((v): v is number => v !== undefined);
  const b = w.end.map(pick).filter((v): v is number => v !== undefined);
  if (a.length === 0 || b.length === 0) return undefined;
  return median(b) - median(a);
}

const signed = (v: number): string => `${v < 0 ? '-' : '+'}${formatBytes(Math.abs(v))}`;

function describe(label: AttributionLabel, g: GrowthParts, metrics: boolean): string {
  const parts: string[] = [];
  if (g.runtimeHeapBytes !== undefined) parts.push(`heap ${signed(g.runtimeHeapBytes)}`);
  if (g.outsideHeapBytes !== undefined) parts.push(`outside heap ${signed(g.outsideHeapBytes)}`);
  if (g.runtimeHeapBytes === undefined && g.anonBytes !== undefined)
    parts.push(`anon ${signed(g.anonBytes)}`);
  if (g.fileBytes !== undefined) parts.push(`page cache ${signed(g.fileBytes)}`);
  if (g.kernelBytes !== undefined) parts.push(`kernel ${signed(g.kernelBytes)}`);
  const figures = `${parts.join(', ')} (usage ${signed(g.usageBytes)})`;
  if (label === 'unknown' && !metrics && (g.anonBytes ?? 0) >= MIN_ATTRIBUTED_BYTES)
    return `unknown: ${figures}; anon memory grew, heap or native cannot be told without target.metrics`;
  return `${label}: ${figures}`;
}

/** Names the part that carries most of the growth; kernel memory has no label of its own (unknown). */
export function classify(g: GrowthParts): AttributionLabel {
  const heap = g.runtimeHeapBytes;
  const outside =
    heap === undefined || g.anonBytes === undefined
      ? undefined
      : Math.max(0, g.anonBytes - Math.max(0, heap));
  type Part = [AttributionLabel | 'kernel' | 'anon', number];
  const anonParts: Part[] =
    heap === undefined
      ? [['anon', g.anonBytes ?? 0]]
      : [
          ['runtime-heap', heap],
          ['outside-heap', Math.max(outside ?? 0, g.outsideHeapBytes ?? 0)],
        ];
  const parts: Part[] = [...anonParts, ['page-cache', g.fileBytes ?? 0], ['kernel', g.kernelBytes ?? 0]];
  const positive = parts.map(([k, v]) => [k, Math.max(0, v)] as const);
  const total = positive.reduce((s, [, v]) => s + v, 0);
  if (total < MIN_ATTRIBUTED_BYTES) return 'unknown';
  const [top, v] = positive.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (v / total < DOMINANT_SHARE) return 'mixed';
  return top === 'kernel' || top === 'anon' ? 'unknown' : top;
}

export function attributeRun(
  record: RunRecord,
  gateMetric: keyof typeof GATE_FIELD,
): Attribution | undefined {
  const w = windows(record, record.stats);
  if (!w) return undefined;
  const field = GATE_FIELD[gateMetric];
  const gate = growth(w, (s) => s[field]);
  const usage = growth(w, (s) => s.usageBytes);
  if (usage === undefined) return undefined;
  const g: GrowthParts = { gateBytes: gate ?? usage, usageBytes: usage };
  const anon = growth(w, (s) => s.anonBytes);
  const file = growth(w, (s) => s.fileBytes);
  const kernel = growth(w, (s) => s.kernelBytes);
  if (anon !== undefined) g.anonBytes = anon;
  if (file !== undefined) g.fileBytes = file;
  if (kernel !== undefined) g.kernelBytes = kernel;
  const rt = record.metrics?.samples ?? [];
  const rw = windows<RuntimeSample>(record, rt);
  // Committed heap is what the cgroup sees as anon; used heap where the runtime publishes no committed figure.
  const heap = rw && growth(rw, (s) => s.heapCommittedBytes ?? s.heapUsedBytes);
  if (heap !== undefined) {
    g.runtimeHeapBytes = heap;
    // Everything anon that is not heap; the runtime's own outside-heap figure when anon is unknown.
    const outside = anon === undefined ? rw && growth(rw, (s) => s.outsideHeapBytes) : anon - heap;
    if (outside !== undefined) g.outsideHeapBytes = outside;
  }
  const label = classify(g);
  return { attribution: label, growth: g, reason: describe(label, g, heap !== undefined) };
}

/** The scenario's attribution: per-part medians over its current runs. */
export function attributeScenario(runs: RunAttribution[]): Attribution | undefined {
  const cur = runs.filter((r) => r.side === 'current');
  if (cur.length === 0) return undefined;
  const med = (pick: (g: GrowthParts) => number | undefined): number | undefined => {
    const v = cur.map((r) => pick(r.growth)).filter((x): x is number => x !== undefined);
    return v.length === 0 ? undefined : median(v);
  };
  const g: GrowthParts = {
    gateBytes: med((x) => x.gateBytes) ?? 0,
    usageBytes: med((x) => x.usageBytes) ?? 0,
  };
  for (const k of [
    'anonBytes',
    'fileBytes',
    'kernelBytes',
    'runtimeHeapBytes',
    'outsideHeapBytes',
  ] as const) {
    const v = med((x) => x[k]);
    if (v !== undefined) g[k] = v;
  }
  const label = classify(g);
  return { attribution: label, growth: g, reason: describe(label, g, g.runtimeHeapBytes !== undefined) };
}
