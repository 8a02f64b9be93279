/**
 * Ctrl-C in the middle of a run: memgate must stop the load, remove its container, keep the results of
 * finished runs, and exit 3 with a clear message. Runs the built CLI as a real child process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasDocker, memgateContainers, UGLY_IMAGE } from '../../helpers/docker.js';

describe.runIf(hasDocker)('memgate run interrupted', () => {
  test('SIGINT during load removes the container and exits 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memgate-sigint-'));
    const config = join(dir, 'memgate.yml');
    writeFileSync(
      config,
      `version: 1
target: { image: ${UGLY_IMAGE}, port: 8080, memory: 256MiB, ready: { http: /healthz, timeout: 30s } }
repeat: 1
scenarios:
  - name: long
    phases:
      - load: { duration: 60s, http: { path: /items, connections: 4 } }
`,
    );
    const child = spawn(process.execPath, ['dist/cli.js', 'run', '-c', config, '--out', join(dir, 'out')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Wait until the load phase runs and the container exists, then interrupt.
    const deadline = Date.now() + 45_000;
    while (!/load/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(stdout).toMatch(/load/);
    const pid = child.pid ?? 0;
    expect(memgateContainers(undefined, pid).length).toBeGreaterThan(0);
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const code = await exited;

    expect(Date.now() - interruptedAt).toBeLessThan(20_000);
    expect(code).toBe(3);
    expect(stderr).toMatch(/Interrupted by SIGINT/);
    expect(memgateContainers(undefined, pid)).toEqual([]);
  });
});
