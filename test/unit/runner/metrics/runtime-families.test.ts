import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../../../src/runner/metrics/exposition.js';
import { detectRuntime, normalizeRuntime } from '../../../../src/runner/metrics/runtime-families.js';

const fixture = (name: string) =>
  parseExposition(readFileSync(new URL(`../../../fixtures/metrics/${name}.prom`, import.meta.url), 'utf8'));

function normalized(name: string, series: string[] = []) {
  const samples = fixture(name);
  const runtime = detectRuntime(samples);
  return { runtime, ...normalizeRuntime(samples, runtime, series) };
}

describe('exposition parsing', () => {
  it('keeps labels and _count of a labelled histogram (the parser alone drops them)', () => {
    const counts = fixture('node-prom-client').filter((s) => s.name === 'nodejs_gc_duration_seconds_count');
    expect(counts).toEqual([
      { name: 'nodejs_gc_duration_seconds_count', labels: { kind: 'minor' }, value: 14 },
      { name: 'nodejs_gc_duration_seconds_count', labels: { kind: 'major' }, value: 3 },
    ]);
  });

  it('unescapes label values and reads Java-style numbers and trailing commas', () => {
    const cache = fixture('python-prometheus-client').filter((s) => s.name === 'app_cache_entries');
    expect(cache.map((s) => s.labels['note'])).toEqual(['say "hi"\\n', 'line\nbreak']);
    const old = fixture('jvm-micrometer').find((s) => s.labels['id'] === 'G1 Old Gen');
    expect(old?.value).toBe(21495808);
  });

  it('skips NaN and garbage lines instead of throwing on them', () => {
    expect(parseExposition('a NaN\nb 3\n')).toEqual([{ name: 'b', labels: {}, value: 3 }]);
  });
});

describe('runtime families', () => {
  it('Node (prom-client): heap used and committed, external, GC count over kinds; no heap limit', () => {
    expect(normalized('node-prom-client')).toEqual({
      runtime: 'node',
      heapUsedBytes: 7841824,
      heapCommittedBytes: 9736192,
      outsideHeapBytes: 1734603,
      gcCount: 17,
    });
  });

  it('JVM (Micrometer): heap pools summed, -1 maxima ignored, non-heap plus direct buffers outside', () => {
    expect(normalized('jvm-micrometer')).toEqual({
      runtime: 'jvm',
      heapUsedBytes: 4194304 + 21495808 + 33554432,
      heapCommittedBytes: 4194304 + 33554432 + 46137344,
      heapLimitBytes: 536870912,
      outsideHeapBytes: 46127312 + 15221504 + 6094048 + 8388608,
      gcCount: 12,
    });
  });

  it('JVM (JMX exporter / simpleclient names)', () => {
    expect(normalized('jvm-jmx-exporter')).toEqual({
      runtime: 'jvm',
      heapUsedBytes: 54525952,
      heapCommittedBytes: 83886080,
      heapLimitBytes: 268435456,
      outsideHeapBytes: 63512312 + 1048576,
      gcCount: 27,
    });
  });

  it('Go (client_golang): heap in use, GOMEMLIMIT, runtime memory outside the heap', () => {
    expect(normalized('go-client-golang')).toEqual({
      runtime: 'go',
      heapUsedBytes: 14761984,
      heapLimitBytes: 402653184,
      outsideHeapBytes: 29971728 - 20807680,
      gcCount: 57,
    });
  });

  it('Go without GOMEMLIMIT (math.MaxInt64) has no ceiling', () => {
    expect(normalized('go-no-limit')).toEqual({ runtime: 'go', heapUsedBytes: 4194304 });
  });

  it('Python (prometheus_client): GC collections; named gauges kept as they are', () => {
    expect(
      normalized('python-prometheus-client', ['process_resident_memory_bytes', 'app_cache_entries']),
    ).toEqual({
      runtime: 'python',
      gcCount: 63,
      series: { process_resident_memory_bytes: 26415104, app_cache_entries: 200 },
    });
  });

  it('.NET (prometheus-net): GC heap, private memory beyond it, collections over generations', () => {
    expect(normalized('dotnet-prometheus-net')).toEqual({
      runtime: 'dotnet',
      heapUsedBytes: 18874368,
      outsideHeapBytes: 73400320 - 18874368,
      gcCount: 36,
    });
  });

  it('an endpoint with none of the families is unknown; a named series missing is left out', () => {
    const samples = parseExposition('# TYPE queue_depth gauge\nqueue_depth 5\n');
    expect(detectRuntime(samples)).toBe('unknown');
    expect(normalizeRuntime(samples, 'unknown', ['queue_depth', 'absent'])).toEqual({
      series: { queue_depth: 5 },
    });
  });
});
