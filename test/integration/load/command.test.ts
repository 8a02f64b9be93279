import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { CommandGenerator } from '../../../src/config/plan.js';
import { commandGenerator } from '../../../src/runner/load/command.js';
import { loadContext } from '../../fixtures/load/context.js';
import { spawnServer, type FixtureServer, type ServerStats } from '../../fixtures/servers/spawn-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(() => server.close());
beforeEach(() => server.json('/__reset', 'POST'));

const sh = (script: string, env: Record<string, string> = {}): CommandGenerator => ({
  kind: 'command',
  argv: ['sh', '-c', script],
  env,
  cwd: process.cwd(),
});

describe('command generator', () => {
  test('a curl loop gets MEMGATE_TARGET_URL, exits 0 and leaves its output in the log file', async () => {
    const script =
      'for i in 1 2 3; do curl -s "$MEMGATE_TARGET_URL/items" >/dev/null; done; echo done-out; echo done-err >&2';
    const stats = await commandGenerator.run(sh(script), loadContext(server.url));
    expect(stats.exitCode).toBe(0);
    expect(stats.errors).toEqual({});
    expect((await server.json<ServerStats>('/__stats')).byPath['/items']).toBe(3);
    expect(stats.logFile).toBeDefined();
    const log = readFileSync(stats.logFile!, 'utf8');
    expect(log).toContain('done-out');
    expect(log).toContain('done-err');
  });

  test('${target.url} in argv and env is replaced by the base URL', async () => {
    const stats = await commandGenerator.run(
      {
        ...sh('echo "$0 $T"', { T: '${target.url}/t' }),
        argv: ['sh', '-c', 'echo "arg=$1 env=$T"', 'x', '${target.url}/a'],
      },
      loadContext(server.url),
    );
    expect(readFileSync(stats.logFile!, 'utf8').trim()).toBe(`arg=${server.url}/a env=${server.url}/t`);
  });

  test('a load tool gets ${target.host} and ${target.port} in argv, no shell in between', async () => {
    const stats = await commandGenerator.run(
      {
        kind: 'command',
        argv: ['curl', '-sf', '-o', '/dev/null', 'http://${target.host}:${target.port}/items'],
        env: {},
        cwd: process.cwd(),
      },
      loadContext(server.url),
    );
    expect(stats.exitCode).toBe(0);
    expect((await server.json<ServerStats>('/__stats')).byPath['/items']).toBe(1);
  });

  test('MEMGATE_TARGET_HOST and MEMGATE_TARGET_PORT are in its environment', async () => {
    const stats = await commandGenerator.run(
      {
        kind: 'command',
        argv: ['printenv', 'MEMGATE_TARGET_HOST', 'MEMGATE_TARGET_PORT', 'ADDR'],
        env: { ADDR: '${target.host}/${target.port}' },
        cwd: process.cwd(),
      },
      loadContext(server.url),
    );
    const { hostname, port } = new URL(server.url);
    expect(readFileSync(stats.logFile!, 'utf8').trim().split('\n')).toEqual([
      hostname,
      port,
      `${hostname}/${port}`,
    ]);
  });

  test('a failing command records its exit code as an error kind, without throwing', async () => {
    const stats = await commandGenerator.run(sh('echo boom >&2; exit 7'), loadContext(server.url));
    expect(stats.exitCode).toBe(7);
    expect(stats.errors).toEqual({ 'exit:7': 1 });
    expect(readFileSync(stats.logFile!, 'utf8')).toContain('boom');
  });

  test('a command still running at the phase end is stopped, which is not an error', async () => {
    const start = performance.now();
    const stats = await commandGenerator.run(sh('sleep 30'), loadContext(server.url, { durationMs: 300 }));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(stats.errors).toEqual({});
    expect(stats.exitCode).toBeNull();
  });

  test('stopping reaches the children too: a curl loop stops hitting the target at the phase end', async () => {
    const loop = 'while :; do curl -s "$MEMGATE_TARGET_URL/items" >/dev/null; sleep 0.02; done';
    await commandGenerator.run(sh(loop), loadContext(server.url, { durationMs: 500 }));
    await new Promise((r) => setTimeout(r, 200));
    const after = (await server.json<ServerStats>('/__stats')).byPath['/items'] ?? 0;
    await new Promise((r) => setTimeout(r, 400));
    expect(after).toBeGreaterThan(2);
    expect((await server.json<ServerStats>('/__stats')).byPath['/items']).toBe(after);
  });

  test('a command that ignores SIGTERM is killed 3 s later', async () => {
    const controller = new AbortController();
    const ctx = loadContext(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const start = performance.now();
    const stats = await commandGenerator.run(sh("trap '' TERM; while :; do sleep 0.1; done"), ctx);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThan(3000);
    expect(elapsed).toBeLessThan(5500);
    expect(stats.errors).toEqual({});
  });

  test('a program that is not on PATH is recorded, and its log says why', async () => {
    const stats = await commandGenerator.run(
      { kind: 'command', argv: ['memgate-no-such-tool'], env: {}, cwd: process.cwd() },
      loadContext(server.url),
    );
    expect(stats.errors).toEqual({ 'spawn:ENOENT': 1 });
    expect(existsSync(stats.logFile!)).toBe(true);
    expect(readFileSync(stats.logFile!, 'utf8')).toMatch(/ENOENT/);
  });
});
