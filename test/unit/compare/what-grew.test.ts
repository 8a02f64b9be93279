import { describe, expect, it } from 'vitest';
import { attributeRun, classify } from '../../../src/analysis/attribution.js';
import { checkRuntimeCeiling } from '../../../src/analysis/runtime-ceiling-check.js';
import { sizeScenario } from '../../../src/analysis/sizing.js';
import type { ScenarioVerdict } from '../../../src/compare/verdict.js';
import { whatGrew } from '../../../src/compare/what-grew.js';
import { RUN_RECORD_SCHEMA, type RunRecord, type StatSample } from '../../../src/runner/run-record.js';

const MiB = 1024 * 1024;

/** 20 s at 250 ms: idle 0-5 s, load 5-15 s, cooldown 15-20 s; `grow(t)` adds to each part from 5 s on. */
function record(
  grow: { anon?: number; file?: number; kernel?: number; heap?: number },
  extra: Partial<RunRecord> = {},
): RunRecord {
  const stats: StatSample[] = [];
  const rt = [];
  for (let t = 0; t <= 20_000; t += 250) {
    const f = Math.min(1, Math.max(0, (t - 5000) / 10_000));
    const anon = 50 * MiB + f * (grow.anon ?? 0);
    const file = 10 * MiB + f * (grow.file ?? 0);
    const kernel = 5 * MiB + f * (grow.kernel ?? 0);
    stats.push({
      tMs: t,
      usageBytes: anon + file + kernel,
      nonReclaimableBytes: anon + kernel,
      anonBytes: anon,
      fileBytes: file,
      kernelBytes: kernel,
      peakBytes: anon + file + kernel,
      limitBytes: 256 * MiB,
    });
    rt.push({ tMs: t, heapUsedBytes: 20 * MiB + f * (grow.heap ?? 0), outsideHeapBytes: MiB });
  }
  return {
    schema: RUN_RECORD_SCHEMA,
    scenario: 's',
    run: 0,
    side: 'current',
    driver: 'fake',
    target: { memoryLimitBytes: 256 * MiB },
    startedAt: '2026-01-01T00:00:00.000Z',
    intervalMs: 250,
    statsIntervalMs: 250,
    source: { kind: 'cgroup-v2', confidence: 'high', reason: '', peakSupported: true, psiSupported: true },
    fast: [],
    stats,
    phases: [
      { kind: 'idle', index: 0, startMs: 0, endMs: 5000 },
      { kind: 'load', index: 1, startMs: 5000, endMs: 15_000 },
      { kind: 'cooldown', index: 2, startMs: 15_000, endMs: 20_000 },
    ],
    load: [],
    events: [],
    oom: { classification: 'CLEAN', oomKills: 0, reasons: [] },
    self: { peakRssBytes: 0, budgetBytes: 1, withinBudget: true },
    logTail: [],
    warnings: [],
    valid: true,
    metrics: {
      endpoint: ':8080/metrics',
      runtime: 'node',
      samples: rt,
      scrapes: { ok: rt.length, failed: 0, skipped: 0 },
    },
    ...extra,
  };
}

describe('attribution', () => {
  it('names the part carrying the growth, from the cgroup breakdown and the runtime metrics', () => {
    expect(attributeRun(record({ anon: 40 * MiB, heap: 38 * MiB }), 'non_reclaimable')?.attribution).toBe(
      'runtime-heap',
    );
    expect(attributeRun(record({ anon: 40 * MiB, heap: 0 }), 'non_reclaimable')?.attribution).toBe(
      'outside-heap',
    );
    expect(attributeRun(record({ file: 40 * MiB }), 'non_reclaimable')?.attribution).toBe('page-cache');
    expect(
      attributeRun(record({ anon: 20 * MiB, heap: 10 * MiB, file: 20 * MiB }), 'usage')?.attribution,
    ).toBe('mixed');
    expect(attributeRun(record({}), 'usage')?.attribution).toBe('unknown');
  });

  it('carries the figures, the gate metric growth included', () => {
    const a = attributeRun(record({ anon: 40 * MiB, heap: 38 * MiB, kernel: 2 * MiB }), 'non_reclaimable')!;
    expect(a.growth.gateBytes).toBeCloseTo(42 * MiB, -5);
    expect(a.growth.runtimeHeapBytes).toBeCloseTo(38 * MiB, -5);
    expect(a.reason).toMatch(
      /^runtime-heap: heap \+38\.0 MiB, outside heap \+2\.0 MiB, page cache \+0 B, kernel \+2\.0 MiB/,
    );
  });

  it('without metrics, says what the cgroup can: anon grew, heap or native unknown', () => {
    const { metrics: _m, ...noMetrics } = record({ anon: 40 * MiB });
    const b = attributeRun(noMetrics, 'usage')!;
    expect(b.attribution).toBe('unknown');
    expect(b.reason).toMatch(/anon \+40\.0 MiB.*heap or native cannot be told without target\.metrics/);
    expect(classify({ gateBytes: 0, usageBytes: 40 * MiB, fileBytes: 40 * MiB })).toBe('page-cache');
  });
});

describe('what grew, per scenario', () => {
  const gate = { metric: 'non_reclaimable' } as Parameters<typeof whatGrew>[1];
  const verdict = (): ScenarioVerdict => ({
    scenario: 's',
    status: 'inconclusive',
    metrics: [{ metric: 'floor', status: 'inconclusive', unit: 'bytes', reason: 'no valid current runs' }],
    warnings: [],
  });
  it('explains a verdict only from runs that count: a cut-short run adds no attribution', () => {
    const cut = verdict();
    const out = whatGrew([record({ anon: 40 * MiB }, { valid: false })], gate, cut);
    expect(out.attribution).toBeUndefined();
    expect(cut.metrics[0]?.reason).toBe('no valid current runs');
    const counted = verdict();
    expect(whatGrew([record({ anon: 40 * MiB })], gate, counted).attribution).toBeDefined();
    expect(counted.metrics[0]?.reason).toMatch(/; attribution: /);
  });
});

describe('sizing', () => {
  it('kernel peak over the runs plus 25% headroom, rounded up to 16 MiB, in Kubernetes form', () => {
    const s = sizeScenario([record({ anon: 40 * MiB }), record({ anon: 60 * MiB })])!;
    expect(s.peakBytes).toBe(125 * MiB);
    expect(s.kubernetes).toBe(`${Math.ceil((125 * 1.25) / 16) * 16}Mi`);
    expect(s.pressure).toBe(false);
  });

  it('is raised above the limit when memory pressure capped the peak', () => {
    const r = record({ anon: 40 * MiB });
    r.stats[0]!.events = { max: 0 };
    r.stats.at(-1)!.events = { max: 12 };
    const s = sizeScenario([r])!;
    expect(s.pressure).toBe(true);
    expect(s.recommendedBytes).toBe(384 * MiB);
    expect(s.reason).toMatch(/^at least 384Mi: memory pressure/);
  });
});

describe('runtime ceiling check', () => {
  it('warns at or above the container limit, naming both numbers; silent below or when unknown', () => {
    const above = record(
      {},
      { runtimeCeiling: { runtime: 'node', heapLimitBytes: 1088 * MiB, source: 'v8' } },
    );
    const below = record(
      {},
      { runtimeCeiling: { runtime: 'node', heapLimitBytes: 128 * MiB, source: 'v8' } },
    );
    expect(checkRuntimeCeiling([above])?.warning).toBe(
      'runtime heap ceiling 1.1 GiB (v8) is at or above the container limit 256.0 MiB: the collector will not feel pressure before the OOM killer does',
    );
    expect(checkRuntimeCeiling([below])).toBeUndefined();
    expect(checkRuntimeCeiling([record({})])).toBeUndefined();
  });

  it('reads the ceiling from metrics (JVM max heap, GOMEMLIMIT) when the runtime was not asked', () => {
    const r = record({});
    r.metrics!.samples[0]!.heapLimitBytes = 256 * MiB;
    expect(checkRuntimeCeiling([r])?.source).toBe('node metrics');
  });
});
