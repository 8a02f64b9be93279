/**
 * A newcomer's first day, through the built CLI, from a fresh git repository with the reference
 * service as a local process: `init`, a first `run` (no baseline: inconclusive, the next step printed),
 * `baseline accept`, a second `run` (pass), and a leaking build (fail, exit 1). The starter's phases are
 * shortened to a few seconds and its path pointed at an endpoint that does work, as a user would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { runCliProcess, tempDir } from '../../helpers/run-cli.js';

const SERVER = resolve(import.meta.dirname, '../../../examples/ugly-service/server.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

test('first day: init, run (inconclusive), baseline accept, run (pass), a leak (fail)', async () => {
  const dir = tempDir('memgate-first-day-');
  execFileSync('git', ['init', '-q', dir]);
  const port = await freePort();
  // The service reads its port from PORT; the process target inherits memgate's environment.
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCliProcess(args, { cwd: dir, env: { PORT: String(port), ...env }, timeoutMs: 120_000 });

  const init = await cli(['init', '--process', `node ${SERVER}`, '--port', String(port)]);
  expect(init.code, init.stderr).toBe(0);
  expect(init.stdout).toBe(
    "wrote memgate.yml: check target and the starter's path, then run `memgate run`\n",
  );
  const config = readFileSync(join(dir, 'memgate.yml'), 'utf8');
  expect(config).toContain('load: { duration: 10s, http: { path: /healthz, connections: 4 } }');
  writeFileSync(
    join(dir, 'memgate.yml'),
    config
      .replace('- idle: 3s', '- idle: 1s')
      .replace('duration: 10s, http: { path: /healthz', 'duration: 3s, http: { path: /items')
      .replace('- cooldown: 5s', '- cooldown: 2s'),
  );

  const first = await cli(['run']);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/^INCONCLUSIVE +starter +\(3 runs/m);
  expect(first.stdout).toContain('memgate: INCONCLUSIVE');
  expect(first.stdout).toContain(
    'next: accept this run as the baseline: memgate baseline accept memgate-out/memgate-results.json',
  );
  expect(first.stdout).toContain('reports: memgate-out/memgate-results.json, memgate-out/memgate-report.md');

  const accept = await cli(['baseline', 'accept', 'memgate-out/memgate-results.json']);
  expect(accept.code, accept.stderr).toBe(0);
  expect(accept.stdout).toBe('baseline .memgate/baseline.json: starter (3 runs)\n');
  expect(existsSync(join(dir, '.memgate', 'baseline.json'))).toBe(true);

  const second = await cli(['run', '--format', 'terminal,json']);
  expect(second.code, second.stdout).toBe(0);
  // Same build: a pass (a warning, exit 0, can come from a noisy shared machine, never a fail).
  expect(second.stdout, second.stdout).toMatch(/^(PASS|WARN) +starter /m);
  expect(second.stdout).toMatch(
    /memgate: (PASS \(exit 0: no regression\)|WARN \(exit 0: passed with warnings\))/,
  );
  expect(second.stdout).not.toContain('next: accept');

  // A build that retains 64 KiB per request: hundreds of MiB over a few seconds of load.
  const leak = await cli(['run', '--format', 'terminal,json'], { LEAK_BYTES_PER_REQUEST: '65536' });
  expect(leak.code, leak.stdout).toBe(1);
  expect(leak.stdout).toMatch(/^FAIL +starter /m);
  expect(leak.stdout).toContain('memgate: FAIL (exit 1: memory regression)');
}, 240_000);
