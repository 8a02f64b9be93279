/**
 * `services:` take the target's container keys: a sidecar whose config file is mounted (`volumes:`,
 * relative to memgate.yml), started by `entrypoint:` with `command:` as its arguments, in `workdir:`.
 * The mounted redis.conf moves redis to port 6390, and the sidecar is awaited on 6390: if any key
 * were ignored, readiness would time out and memgate would exit 3.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasDocker, NODE_IMAGE } from '../../helpers/docker.js';
import { containersOf, runCliProcess, tempDir } from '../../helpers/run-cli.js';
import { hasRedisImage, REDIS_IMAGE } from './run-config.js';

describe.runIf(hasDocker && hasRedisImage())('services: container keys', () => {
  test('a mounted config file, entrypoint, command and workdir reach the sidecar', async () => {
    const dir = tempDir('memgate-svc-keys-');
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'redis.conf'), 'port 6390\nprotected-mode no\nsave ""\n');
    writeFileSync(
      join(dir, 'memgate.yml'),
      [
        'version: 1',
        'target:',
        `  image: ${NODE_IMAGE}`,
        '  command: [node, -e, "setInterval(() => {}, 1000)"]',
        '  memory: 64MiB',
        'services:',
        '  - name: cache',
        `    image: ${REDIS_IMAGE}`,
        '    entrypoint: [redis-server]',
        '    command: [redis.conf]',
        '    workdir: /conf',
        '    volumes: ["./conf:/conf:ro"]',
        '    ready: { tcp: 6390, timeout: 20s }',
        'sampling: { interval: 100ms, stats_interval: 250ms }',
        'repeat: 1',
        'scenarios:',
        '  - name: s',
        '    phases: [{ idle: 2s }]',
      ].join('\n'),
    );
    const r = await runCliProcess(['run', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/not ready|exited/);
    expect(r.code).not.toBe(3);
    expect(containersOf(r.pid)).toEqual([]);
  }, 90_000);
});
