/**
 * Infrastructure errors exit 3 and say what failed and what to do (SPEC section 2): no engine, a
 * missing image, a target that never gets ready. Each leaves no container behind.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';
import { containersOf, runCliInProcess, runCliProcess, tempDir } from '../../helpers/run-cli.js';

function config(dir: string, target: string): void {
  writeFileSync(
    join(dir, 'memgate.yml'),
    `version: 1
target: ${target}
repeat: 1
scenarios:
  - name: a
    phases: [ { idle: 1s } ]
`,
  );
}

test('no container engine: exit 3 with the set-up hint (built CLI, DOCKER_HOST at a dead socket)', async () => {
  const dir = tempDir();
  config(dir, `{ image: ${UGLY_IMAGE}, port: 8080 }`);
  const r = await runCliProcess(['run'], {
    cwd: dir,
    env: { DOCKER_HOST: 'unix:///tmp/no-such.sock' },
    timeoutMs: 60_000,
  });
  expect(r.code).toBe(3);
  expect(r.stderr).toContain('No container engine answers: `docker info` failed');
  expect(r.stderr).toMatch(/^hint: Start Docker .*scripts\/setup-docker\.sh.*target\.process/m);
  expect(r.stdout).not.toContain('▶');
});

describe.runIf(hasDocker)('with a Docker engine', () => {
  test('an image that does not exist: exit 3 naming the image, with the hint', async () => {
    const dir = tempDir();
    const image = 'memgate/no-such-image:never';
    config(dir, `{ image: ${image}, port: 8080 }`);
    const r = await runCliInProcess(['run'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Image ${image} is not available`);
    expect(r.stderr).toMatch(/^hint: Build or pull it first/m);
    expect(containersOf(r.pid)).toEqual([]);
  });

  test('a target that never gets ready: exit 3 with what was awaited and the log tail', async () => {
    const dir = tempDir();
    config(dir, `{ image: ${UGLY_IMAGE}, port: 8080, memory: 128MiB, ready: { http: /never, timeout: 2s } }`);
    const r = await runCliInProcess(['run'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /The target never became ready: waited 2s for GET http:\/\/[\d.]+:\d+\/never to answer 200 \(last: status 404\)/,
    );
    // The container's own log, as evidence.
    expect(r.stderr).toContain('  | listening on 8080');
    expect(r.stderr).toMatch(/^hint: Raise target\.ready\.timeout/m);
    expect(containersOf(r.pid)).toEqual([]);
  });
});
