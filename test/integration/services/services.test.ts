/**
 * `services:` end to end through `memgate run`: a target that needs a redis sidecar reaches it by its
 * service name on the private network, is gated on its own memory, and the sidecar's memory is
 * recorded beside it. Nothing labelled is left afterwards.
 */
import { describe, expect, test } from 'vitest';
import { hasDocker, NODE_IMAGE } from '../../helpers/docker.js';
import { CHECK_ITEMS, FIXTURES, hasRedisImage, leftovers, REDIS_IMAGE, runConfig } from './run-config.js';

const MiB = 2 ** 20;

const config = (serviceReady: string) => `
version: 1
target:
  image: ${NODE_IMAGE}
  command: [node, /app/cache-service.mjs]
  port: 8080
  memory: 128MiB
  env: { REDIS_HOST: cache }
  volumes: ["${FIXTURES}/cache-service.mjs:/app/cache-service.mjs:ro"]
  ready: { http: /healthz, timeout: 30s }
services:
  - name: cache
    image: ${REDIS_IMAGE}
    ready: ${serviceReady}
sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 1
scenarios:
  - name: items
    phases:
      - idle: 2s
      - load: { http: { path: /items, connections: 2, rate: 150, amount: 450 } }
      - load: { command: [node, -e, ${JSON.stringify(CHECK_ITEMS)}], env: { BASE_URL: "\${target.url}" } }
      - cooldown: 3s
`;

describe.runIf(hasDocker && hasRedisImage())('services: a redis sidecar', () => {
  test('the target reaches it by name, is gated alone, and its memory is recorded', async () => {
    const { outcome, results, stderr } = await runConfig(config('{ tcp: 6379, timeout: 30s }'));
    expect(stderr).not.toMatch(/ignored/);
    expect(outcome.exitCode).toBe(0);
    const scenario = results.scenarios[0];
    const run = scenario?.runs[0];
    if (!scenario || !run) throw new Error('no run recorded');

    // /healthz is 200 only once redis answered PING; every /items is an INCR (503 on any redis error).
    const http = run.load.find((l) => l.generator === 'http');
    expect(http?.statusCodes).toEqual({ '200': 450 });
    expect(run.load.find((l) => l.generator === 'command')?.exitCode).toBe(0);

    const cache = run.services?.find((s) => s.name === 'cache');
    expect(run.services?.map((s) => s.name)).toEqual(['cache']);
    expect(cache?.stats.length).toBeGreaterThanOrEqual(20); // ~8 s at 250 ms
    expect(cache?.source?.kind).toMatch(/cgroup|docker-api/);
    const cacheMax = Math.max(...(cache?.stats.map((s) => s.usageBytes) ?? [0]));
    expect(cacheMax).toBeGreaterThan(256 * 1024);
    // redis has no limit of its own; the target's limit is 128 MiB.
    expect(cache?.stats.at(-1)?.limitBytes ?? null).not.toBe(128 * MiB);
    expect(run.stats.at(-1)?.limitBytes).toBe(128 * MiB);

    // The verdict is computed from the target's samples only: one valid summary, the target's limit,
    // and the peak is the target's own kernel watermark (not the sidecar's, whose usage can be either
    // side of the target's depending on how much of redis's files the page cache charges to it).
    const summary = scenario.summaries[0];
    expect(scenario.summaries).toHaveLength(1);
    expect(summary?.valid).toBe(true);
    expect(summary?.limitBytes).toBe(128 * MiB);
    expect(scenario.verdict?.status).toMatch(/pass|warn|inconclusive/);
    const targetPeak = Math.max(...run.stats.map((s) => s.peakBytes ?? s.usageBytes));
    expect(summary?.peakBytes).toBe(targetPeak);
    const cachePeak = Math.max(...(cache?.stats.map((s) => s.peakBytes ?? s.usageBytes) ?? [0]));
    expect(summary?.peakBytes).not.toBe(cachePeak);

    expect(leftovers()).toEqual({ containers: [], networks: [] });
    console.log(
      `services: target peak ${(targetPeak / MiB).toFixed(1)} MiB, cache max ${(cacheMax / MiB).toFixed(1)} MiB over ${cache?.stats.length} samples (${cache?.source?.kind})`,
    );
  });

  test('a service that never becomes ready fails the run as infrastructure, and is removed', async () => {
    // Port 6390 is never opened by redis: the readiness check must time out.
    const { outcome, stderr } = await runConfig(config('{ tcp: 6390, timeout: 2s }')).catch((e: unknown) => ({
      outcome: { exitCode: (e as { exitCode?: number }).exitCode, error: String(e) },
      stderr: '',
    }));
    expect(stderr).toBe('');
    expect(outcome.exitCode).toBe(3);
    expect(String((outcome as { error?: string }).error)).toMatch(/Service cache never became ready/);
    expect(leftovers()).toEqual({ containers: [], networks: [] });
  });
});
