/**
 * The standard runtime families of each client library, mapped to memgate's normalized series
 * (runtime_heap_used, runtime_heap_limit, runtime_outside_heap, runtime_gc_count). The runtime is
 * recognised by the families it exposes; a figure a runtime does not publish stays undefined.
 */
import type { RuntimeKind, RuntimeSample } from '../run-record.js';
import type { MetricSample } from './exposition.js';

/** Go reports "no limit" as math.MaxInt64; anything this large is no ceiling. */
const NO_LIMIT_BYTES = 2 ** 60;

type Normalized = Omit<RuntimeSample, 'tMs'>;
/** A runtime's figures before undefined ones are dropped. */
type Loose = { [K in keyof Omit<Normalized, 'series'>]: number | undefined };

class Families {
  private readonly byName = new Map<string, MetricSample[]>();
  constructor(samples: MetricSample[]) {
    for (const s of samples) {
      const list = this.byName.get(s.name);
      if (list) list.push(s);
      else this.byName.set(s.name, [s]);
    }
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  /** Sum over the samples of a family whose labels match; undefined when none does. */
  sum(name: string, match: Record<string, string> = {}, keep: (v: number) => boolean = () => true) {
    let total: number | undefined;
    for (const s of this.byName.get(name) ?? []) {
      if (!Object.entries(match).every(([k, v]) => s.labels[k] === v) || !keep(s.value)) continue;
      total = (total ?? 0) + s.value;
    }
    return total;
  }
  /** The first family present among the names, summed. */
  first(names: string[], match: Record<string, string> = {}, keep?: (v: number) => boolean) {
    for (const n of names) {
      const v = this.sum(n, match, keep);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

const positive = (v: number): boolean => v > 0;
const diff = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined ? undefined : Math.max(0, a - b);

export function detectRuntime(samples: MetricSample[]): RuntimeKind {
  const f = new Families(samples);
  if (f.has('nodejs_heap_size_used_bytes') || f.has('nodejs_external_memory_bytes')) return 'node';
  if (['jvm_memory_used_bytes', 'jvm_memory_bytes_used'].some((n) => f.has(n))) return 'jvm';
  if (f.has('go_memstats_heap_inuse_bytes') || f.has('go_memstats_heap_alloc_bytes')) return 'go';
  if (f.has('dotnet_total_memory_bytes') || f.has('dotnet_collection_count_total')) return 'dotnet';
  if (f.has('python_gc_collections_total') || f.has('python_info')) return 'python';
  return 'unknown';
}

function node(f: Families): Partial<Loose> {
  return {
    heapUsedBytes: f.sum('nodejs_heap_size_used_bytes'),
    heapCommittedBytes: f.sum('nodejs_heap_size_total_bytes'),
    // prom-client publishes no heap_size_limit; the ceiling is asked from V8 inside the target.
    outsideHeapBytes: f.sum('nodejs_external_memory_bytes'),
    gcCount: f.sum('nodejs_gc_duration_seconds_count'),
  };
}

function jvm(f: Families): Partial<Loose> {
  // Micrometer and client_java 1.x: jvm_memory_used_bytes; the JMX exporter / simpleclient: _bytes_used.
  const used = ['jvm_memory_used_bytes', 'jvm_memory_bytes_used'];
  const max = ['jvm_memory_max_bytes', 'jvm_memory_bytes_max'];
  const committed = ['jvm_memory_committed_bytes', 'jvm_memory_bytes_committed'];
  const nonHeap = f.first(used, { area: 'nonheap' });
  const direct =
    f.first(['jvm_buffer_memory_used_bytes'], { id: 'direct' }) ??
    f.first(['jvm_buffer_pool_used_bytes'], { pool: 'direct' });
  return {
    heapUsedBytes: f.first(used, { area: 'heap' }),
    heapCommittedBytes: f.first(committed, { area: 'heap' }),
    // Micrometer reports -1 for pools without a maximum (G1 eden, survivor): only real ceilings count.
    heapLimitBytes: f.first(max, { area: 'heap' }, positive),
    outsideHeapBytes:
      nonHeap === undefined && direct === undefined ? undefined : (nonHeap ?? 0) + (direct ?? 0),
    gcCount: f.first(['jvm_gc_pause_seconds_count', 'jvm_gc_collection_seconds_count']),
  };
}

function go(f: Families): Partial<Loose> {
  const limit = f.sum('go_gc_gomemlimit_bytes');
  return {
    heapUsedBytes: f.first(['go_memstats_heap_inuse_bytes', 'go_memstats_heap_alloc_bytes']),
    ...(limit !== undefined && limit < NO_LIMIT_BYTES ? { heapLimitBytes: limit } : {}),
    // What the Go runtime holds from the OS beyond its heap: stacks, span and GC metadata, buffers.
    outsideHeapBytes: diff(f.sum('go_memstats_sys_bytes'), f.sum('go_memstats_heap_sys_bytes')),
    gcCount: f.first(['go_gc_duration_seconds_count', 'go_gc_cycles_total_gc_cycles_total']),
  };
}

function dotnet(f: Families): Partial<Loose> {
  const heap = f.sum('dotnet_total_memory_bytes');
  return {
    heapUsedBytes: heap,
    outsideHeapBytes: diff(f.sum('process_private_memory_bytes'), heap),
    gcCount: f.sum('dotnet_collection_count_total'),
  };
}

function python(f: Families): Partial<Loose> {
  // prometheus_client publishes no heap figure: CPython's objects live in the process's own memory.
  return { gcCount: f.sum('python_gc_collections_total') };
}

const BY_RUNTIME: Record<RuntimeKind, (f: Families) => Partial<Loose>> = {
  node,
  jvm,
  go,
  dotnet,
  python,
  unknown: () => ({}),
};

/** Normalizes one scrape; `series` names other gauges kept as they are (summed over labels). */
export function normalizeRuntime(
  samples: MetricSample[],
  runtime: RuntimeKind,
  series: string[],
): Normalized {
  const f = new Families(samples);
  const out: Normalized = {};
  for (const [k, v] of Object.entries(BY_RUNTIME[runtime](f))) {
    if (v !== undefined) (out as Record<string, number>)[k] = v;
  }
  const named: Record<string, number> = {};
  for (const name of series) {
    const v = f.sum(name);
    if (v !== undefined) named[name] = v;
  }
  if (Object.keys(named).length > 0) out.series = named;
  return out;
}
