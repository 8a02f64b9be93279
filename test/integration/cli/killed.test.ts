/**
 * memgate killed with SIGKILL mid-soak (no cleanup possible): the samples taken so far stay readable
 * and analysable from the run journal, and the next memgate run sweeps the dead session's container.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';

const cli = (args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });

function containersOf(pid: number): string[] {
  return execFileSync('docker', ['ps', '-aq', '--filter', `label=memgate.pid=${pid}`], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.trim() !== '');
}

describe.runIf(hasDocker)('memgate killed mid-run', () => {
  test('the journal keeps the samples; the next run sweeps the orphaned container', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memgate-killed-'));
    const config = join(dir, 'memgate.yml');
    const out = join(dir, 'out');
    writeFileSync(
      config,
      `version: 1
target: { image: ${UGLY_IMAGE}, port: 8080, memory: 256MiB, ready: { http: /healthz, timeout: 30s } }
repeat: 1
sampling: { interval: 100ms, stats_interval: 500ms }
scenarios:
  - name: soak
    phases:
      - idle: 1s
      - soak: { duration: 120s, http: { path: /items, connections: 2, rate: 50 } }
  - name: quick
    phases:
      - idle: 1s
`,
    );
    const child = spawn(process.execPath, ['dist/cli.js', 'run', '-c', config, '--out', out, '-s', 'soak'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const deadline = Date.now() + 45_000;
    while (!/soak/.test(stdout.split('\n').slice(1).join('\n')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 5000)); // five seconds into the soak
    const pid = child.pid ?? 0;
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(containersOf(pid)).toHaveLength(1); // nobody could clean up

    // The cut-off run is readable and analysable from its journal.
    const report = cli(['report', join(out, 'memgate-results.json'), '--format', 'json']);
    expect(report.status).toBe(0);
    const results = JSON.parse(report.stdout) as Results;
    const soak = results.scenarios.find((s) => s.name === 'soak');
    expect(soak?.runs).toHaveLength(1);
    const run = soak?.runs[0];
    expect(run?.stats.length).toBeGreaterThanOrEqual(8);
    expect(run?.fast.length).toBeGreaterThanOrEqual(40);
    expect(run?.oom.classification).toBe('UNKNOWN');
    expect(run?.warnings.join()).toMatch(/cut off/);
    expect(run?.stats.at(-1)?.requests ?? 0).toBeGreaterThan(100);
    expect(soak?.summaries[0]?.floorBytes ?? 0).toBeGreaterThan(1024 * 1024);

    // The next memgate run removes the dead session's container before it starts its own.
    // (On a shared engine another memgate may sweep it first; in CI this run is the only one.)
    const orphaned = containersOf(pid).length;
    const next = cli(['run', '-c', config, '--out', join(dir, 'out2'), '-s', 'quick', '--format', 'json']);
    expect(next.status, next.stderr).toBe(0);
    if (orphaned > 0) expect(next.stderr).toMatch(/removed 1 container\(s\) left by a memgate that died/);
    expect(containersOf(pid)).toEqual([]);
  });
});
