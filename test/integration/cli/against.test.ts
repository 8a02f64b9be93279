/**
 * `memgate run --against IMAGE`: the candidate and the base image run interleaved in the same job
 * (A B A B ...) and are compared directly, with no stored baseline. The candidate here is the reference
 * image with a 64 KiB/request leak baked in; the base is the plain image.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';
import { runCliProcess, tempDir } from '../../helpers/run-cli.js';

const LEAKY = 'memgate/ugly-service:against-test';

describe.runIf(hasDocker)('memgate run --against', () => {
  beforeAll(() => {
    const dir = tempDir('memgate-against-img-');
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${UGLY_IMAGE}\nENV LEAK_BYTES_PER_REQUEST=65536\n`);
    execFileSync('docker', ['build', '-q', '-t', LEAKY, dir], { stdio: 'pipe' });
  });
  afterAll(() => {
    execFileSync('docker', ['rmi', '-f', LEAKY], { stdio: 'ignore' });
  });

  test('interleaves both images and fails the leaking candidate on floor', { timeout: 300_000 }, async () => {
    const dir = tempDir('memgate-against-');
    const config = join(dir, 'memgate.yml');
    writeFileSync(
      config,
      `version: 1
target:
  image: ${LEAKY}
  port: 8080
  memory: 256MiB
  ready: { http: /healthz, timeout: 30s }
  gc: { http: "POST /debug/gc" }
sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 3
scenarios:
  - name: items
    phases:
      - idle: 2s
      - load: { duration: 4s, http: { path: /items, connections: 2, rate: 150 } }
      - cooldown: 2s
`,
    );
    const out = join(dir, 'out');
    const r = await runCliProcess(
      ['run', '-c', config, '--against', UGLY_IMAGE, '--out', out, '--format', 'json'],
      {
        timeoutMs: 300_000,
      },
    );
    const results = JSON.parse(readFileSync(join(out, 'memgate-results.json'), 'utf8')) as Results;
    const runs = results.scenarios[0]?.runs ?? [];
    // Interleaved in ABBA order, so a drift of the host hits both sides alike; pairs share a run id.
    expect(runs.slice(0, 6).map((x) => x.side)).toEqual([
      'current',
      'base',
      'base',
      'current',
      'current',
      'base',
    ]);
    expect(runs.slice(0, 6).map((x) => x.run)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(runs.filter((x) => x.side === 'base').every((x) => x.target.image === UGLY_IMAGE)).toBe(true);
    expect(results.target.against).toBe(UGLY_IMAGE);
    const floor = results.scenarios[0]?.verdict?.metrics.find((m) => m.metric === 'floor');
    expect(floor?.status, floor?.reason).toBe('fail');
    // 600 requests x 64 KiB retained over the load; the floor is the median over the steady window.
    expect(floor?.effect ?? 0).toBeGreaterThan(10 * 1024 * 1024);
    // A fail is confirmed with extra interleaved pairs before it counts.
    expect(runs).toHaveLength(12);
    expect(results.scenarios[0]?.verdict?.warnings.join(' ')).toMatch(/confirmed with 3 extra runs/);
    expect(r.code, r.stderr).toBe(1);
  });
});
