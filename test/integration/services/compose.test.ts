/**
 * `target.compose` end to end through `memgate run`: the fixture Compose file (cache-service + redis)
 * comes up under memgate's project name, the named service is measured and gated, the other service's
 * memory is recorded, and `down` leaves nothing labelled behind.
 */
import { describe, expect, test } from 'vitest';
import { detectCompose } from '../../../src/runner/drivers/compose-cli.js';
import { hasDocker } from '../../helpers/docker.js';
import { CHECK_ITEMS, FIXTURES, hasRedisImage, leftovers, runConfig } from './run-config.js';

const MiB = 2 ** 20;
const compose = hasDocker ? await detectCompose('docker').catch(() => undefined) : undefined;
if (hasDocker && compose === undefined) {
  if (process.env['MEMGATE_REQUIRE_DOCKER'] === '1') {
    throw new Error(
      'MEMGATE_REQUIRE_DOCKER=1 but neither `docker compose` nor `docker-compose` is installed',
    );
  }
  console.warn('[skip] compose tests: no docker compose / docker-compose');
}

const config = (service: string) => `
version: 1
target:
  compose: { file: ${FIXTURES}/compose.yaml, service: ${service} }
  port: 8080
  memory: 128MiB
  ready: { http: /healthz, timeout: 30s }
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

describe.runIf(hasDocker && compose !== undefined && hasRedisImage())('target.compose', () => {
  test('the named service is measured and gated; the others are recorded; down removes all', async () => {
    const { outcome, results } = await runConfig(config('api'));
    expect(outcome.exitCode).toBe(0);
    const scenario = results.scenarios[0];
    const run = scenario?.runs[0];
    if (!scenario || !run) throw new Error('no run recorded');
    expect(run.target.image).toBe(`compose:${FIXTURES}/compose.yaml#api`);
    expect(run.load.find((l) => l.generator === 'http')?.statusCodes).toEqual({ '200': 450 });
    expect(run.load.find((l) => l.generator === 'command')?.exitCode).toBe(0);
    // The override set the measured service's limit (no swap).
    expect(run.stats.at(-1)?.limitBytes).toBe(128 * MiB);

    expect(run.services?.map((s) => s.name)).toEqual(['redis']);
    const redis = run.services?.[0];
    expect(redis?.stats.length).toBeGreaterThanOrEqual(20);
    const redisMax = Math.max(...(redis?.stats.map((s) => s.usageBytes) ?? [0]));
    expect(redisMax).toBeGreaterThan(256 * 1024);

    const summary = scenario.summaries[0];
    expect(scenario.summaries).toHaveLength(1);
    expect(summary?.valid).toBe(true);
    expect(summary?.limitBytes).toBe(128 * MiB);
    expect(summary?.peakBytes).toBeGreaterThan(2 * redisMax);

    expect(leftovers()).toEqual({ containers: [], networks: [] });
    console.log(
      `compose (${compose?.argv.join(' ')} ${compose?.version}): api peak ${((summary?.peakBytes ?? 0) / MiB).toFixed(1)} MiB, redis max ${(redisMax / MiB).toFixed(1)} MiB over ${redis?.stats.length} samples`,
    );
  });

  test('an unknown service is a config error naming the services, before anything starts', async () => {
    const err = await runConfig(config('nope')).then(
      () => undefined,
      (e: unknown) => e as { exitCode?: number; message?: string; hint?: string },
    );
    expect(err?.exitCode).toBe(2);
    expect(err?.message).toMatch(/no service "nope"/);
    expect(err?.hint).toMatch(/api, redis/);
    expect(leftovers()).toEqual({ containers: [], networks: [] });
  });
});
