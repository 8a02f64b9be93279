import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { GeneratorSpec, HttpGenerator } from '../../../src/config/plan.js';
import { generators, runPhaseLoad } from '../../../src/runner/load/run-phase-load.js';
import { loadContext, MiB } from '../../fixtures/load/context.js';
import { spawnServer, type FixtureServer, type ServerStats } from '../../fixtures/servers/spawn-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(() => server.close());
beforeEach(() => server.json('/__reset', 'POST'));

const http = (connections: number): HttpGenerator => ({
  kind: 'http',
  path: '/items',
  method: 'GET',
  headers: {},
  connections,
});
const endlessDownload: GeneratorSpec = {
  kind: 'download',
  path: `/download?bytes=${64 * 1024 * MiB}`,
  method: 'GET',
  count: 1,
  concurrency: 1,
  headers: {},
};
const sleeper: GeneratorSpec = { kind: 'command', argv: ['sleep', '30'], env: {}, cwd: process.cwd() };

describe('runPhaseLoad', () => {
  test('the registry has one generator per kind', () => {
    expect(Object.fromEntries(Object.entries(generators).map(([k, g]) => [k, g.kind]))).toEqual({
      http: 'http',
      upload: 'upload',
      download: 'download',
      command: 'command',
    });
  });

  test('fan-out: 500 keep-alive connections next to an upload, stats in spec order', async () => {
    // Long enough that two 8 MiB uploads finish beside 500 connections on a loaded 2-core CI machine.
    const ctx = loadContext(server.url, { durationMs: 4000 });
    const upload: GeneratorSpec = {
      kind: 'upload',
      path: '/sink',
      method: 'PUT',
      sizeBytes: 8 * MiB,
      count: 2,
      concurrency: 1,
      contentType: 'application/octet-stream',
      headers: {},
    };
    const [httpStats, uploadStats] = await runPhaseLoad([http(500), upload], ctx);
    expect(httpStats!.generator).toBe('http');
    expect(httpStats!.requests).toBeGreaterThan(0);
    expect(Object.keys(httpStats!.statusCodes)).toEqual(['200']);
    expect(uploadStats!.generator).toBe('upload');
    expect(uploadStats!.requests).toBe(2);
    const seen = await server.json<ServerStats>('/__stats');
    expect(seen.maxOpenSockets).toBeGreaterThanOrEqual(450);
    expect(ctx.counters.requests).toBe(httpStats!.requests + uploadStats!.requests);
  });

  test('with a duration the phase lasts that long, even when generators finish early', async () => {
    const start = performance.now();
    const [stats] = await runPhaseLoad(
      [{ ...http(2), amount: 5 }],
      loadContext(server.url, { durationMs: 600 }),
    );
    expect(performance.now() - start).toBeGreaterThanOrEqual(590);
    expect(stats!.requests).toBe(5);
  });

  test('with no duration it ends when every generator is done; no generators is an empty phase', async () => {
    const start = performance.now();
    const stats = await runPhaseLoad([{ ...http(2), amount: 5 }], loadContext(server.url));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(stats.map((s) => s.requests)).toEqual([5]);
    expect(await runPhaseLoad([], loadContext(server.url))).toEqual([]);
  });

  test('the phase duration stops every kind of generator', async () => {
    const start = performance.now();
    const stats = await runPhaseLoad(
      [http(4), endlessDownload, sleeper],
      loadContext(server.url, { durationMs: 700 }),
    );
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(690);
    expect(elapsed).toBeLessThan(2000);
    expect(stats.map((s) => s.generator)).toEqual(['http', 'download', 'command']);
    expect(stats.every((s) => Object.keys(s.errors).length === 0)).toBe(true);
  });

  test('abort stops everything promptly', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const start = performance.now();
    const stats = await runPhaseLoad(
      [http(50), endlessDownload, sleeper],
      loadContext(server.url, { durationMs: 60_000, signal: controller.signal }),
    );
    expect(performance.now() - start).toBeLessThan(1500);
    expect(stats).toHaveLength(3);
    expect(stats[1]!.bytesReceived).toBeGreaterThan(0);
  });

  test('a generator that cannot run stops the others and its error is thrown', async () => {
    const start = performance.now();
    await expect(runPhaseLoad([endlessDownload, http(2)], loadContext(server.url))).rejects.toThrow(
      /never end/,
    );
    expect(performance.now() - start).toBeLessThan(1500);
  });
});
