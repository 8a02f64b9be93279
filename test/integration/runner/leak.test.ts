/**
 * Foundation acceptance: the reference image under a 256 MiB limit, driven with real HTTP requests,
 * sampled through the real cgroup files. A leak of 64 KiB per request must show as memory growing with
 * the request count; no leak must stay flat.
 */
import { describe, expect, test } from 'vitest';
import type { RunRecord, StatSample } from '../../../src/runner/run-record.js';
import { runYamlOnce } from '../../helpers/docker-run.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';

const MiB = 1024 * 1024;
const REQUESTS = 1200;

const config = (leakBytes: number) => `
version: 1
target:
  image: ${UGLY_IMAGE}
  port: 8080
  memory: 256MiB
  env: { LEAK_BYTES_PER_REQUEST: "${leakBytes}" }
  ready: { http: /healthz, timeout: 30s }
  gc: { http: "POST /debug/gc" }
sampling: { interval: 100ms, stats_interval: 500ms }
scenarios:
  - name: leak-probe
    phases:
      - idle: 2s
      - load: { http: { path: /items, connections: 4, rate: 400, amount: ${REQUESTS} } }
      - cooldown: 2s
`;

const nonReclaimable = (s: StatSample) => s.nonReclaimableBytes ?? s.usageBytes;

function growth(record: RunRecord): { bytes: number; requests: number; perRequest: number[] } {
  const load = record.phases.find((p) => p.kind === 'load');
  if (!load) throw new Error('no load phase');
  const before = record.stats.filter((s) => s.tMs <= load.startMs).map(nonReclaimable);
  const after = record.stats.filter((s) => s.tMs >= load.endMs + 500).map(nonReclaimable);
  const during = record.stats.filter(
    (s) => s.tMs > load.startMs && s.tMs < load.endMs && (s.requests ?? 0) > 200,
  );
  const base = Math.min(...before);
  return {
    bytes: Math.min(...after) - base,
    requests: record.stats.at(-1)?.requests ?? 0,
    perRequest: during.map((s) => (nonReclaimable(s) - base) / (s.requests ?? 1)),
  };
}

describe.runIf(hasDocker)('reference service in a container (cgroup files, real load)', () => {
  test('64 KiB retained per request: memory grows with the request count', async () => {
    const record = await runYamlOnce(config(65536));
    expect(record.valid).toBe(true);
    expect(record.source.kind).toMatch(/^cgroup-v[12]$/);
    expect(record.oom.classification).toBe('STOPPED_BY_MEMGATE');
    const g = growth(record);
    expect(g.requests).toBeGreaterThanOrEqual(REQUESTS);
    // 1200 x 64 KiB = 75 MiB retained; allow for allocator overhead on top, never much less.
    expect(g.bytes).toBeGreaterThan(0.85 * REQUESTS * 65536);
    expect(g.bytes).toBeLessThan(2 * REQUESTS * 65536);
    // While the load runs, growth tracks the request count (not a one-off step).
    expect(g.perRequest.length).toBeGreaterThanOrEqual(2);
    for (const perRequest of g.perRequest) expect(perRequest).toBeGreaterThan(40 * 1024);
  });

  test('no leak: memory stays flat under the same load', async () => {
    const record = await runYamlOnce(config(0));
    expect(record.valid).toBe(true);
    const g = growth(record);
    expect(g.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(Math.abs(g.bytes)).toBeLessThan(12 * MiB);
  });
});
