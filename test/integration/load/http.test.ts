import hdr from 'hdr-histogram-js';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { HttpGenerator } from '../../../src/config/plan.js';
import { httpGenerator } from '../../../src/runner/load/http.js';
import { loadContext, MiB } from '../../fixtures/load/context.js';
import { spawnServer, type FixtureServer, type ServerStats } from '../../fixtures/servers/spawn-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(() => server.close());
beforeEach(() => server.json('/__reset', 'POST'));

const spec = (over: Partial<HttpGenerator> = {}): HttpGenerator => ({
  kind: 'http',
  path: '/items',
  method: 'GET',
  headers: {},
  connections: 4,
  ...over,
});

describe('http generator', () => {
  test('counts requests and status codes, agrees with the server, and stops at the duration', async () => {
    const ctx = loadContext(server.url, { durationMs: 1000 });
    const start = performance.now();
    const stats = await httpGenerator.run(spec(), ctx);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThan(900);
    expect(elapsed).toBeLessThan(2500);
    expect(stats.requests).toBeGreaterThan(50);
    expect(stats.statusCodes).toEqual({ '200': stats.requests });
    expect(stats.errors).toEqual({});
    expect(ctx.counters.requests).toBe(stats.requests);
    expect(stats.bytesReceived).toBeGreaterThan(stats.requests * 40);
    expect(stats.latencyMs!.p50).toBeGreaterThan(0);
    expect(stats.latencyMs!.p99).toBeLessThanOrEqual(stats.latencyMs!.max);
    const seen = await server.json<ServerStats>('/__stats');
    // The server may have answered a few requests that were cut when autocannon stopped.
    expect(seen.byPath['/items']).toBeGreaterThanOrEqual(stats.requests);
    expect(seen.byPath['/items']).toBeLessThanOrEqual(stats.requests + 4);
  });

  test('autocannon builds none of its WebAssembly histograms (their aggregate once crashed memgate)', async () => {
    const build = vi.spyOn(hdr, 'build');
    const stats = await httpGenerator.run(
      spec({ rate: 40, connections: 2 }),
      loadContext(server.url, { durationMs: 1200 }),
    );
    expect(build).not.toHaveBeenCalled();
    expect(stats.requests).toBeGreaterThan(20);
    expect(stats.latencyMs!.p50).toBeGreaterThan(0);
  });

  test("overallRate is roughly respected (autocannon sends each second's quota as a burst)", async () => {
    const stats = await httpGenerator.run(
      spec({ rate: 40, connections: 4 }),
      loadContext(server.url, { durationMs: 2000 }),
    );
    // Unlimited, this server answers thousands; 2 s at 40/s with per-second bursts is 80 to 120.
    expect(stats.requests).toBeGreaterThanOrEqual(60);
    expect(stats.requests).toBeLessThanOrEqual(130);
  });

  test('a rate below the connection count is paced by the undici loop', async () => {
    const stats = await httpGenerator.run(
      spec({ rate: 5, connections: 20 }),
      loadContext(server.url, { durationMs: 2000 }),
    );
    expect(stats.requests).toBeGreaterThanOrEqual(8);
    expect(stats.requests).toBeLessThanOrEqual(12);
  });

  test('amount stops after that many requests, without a duration', async () => {
    const stats = await httpGenerator.run(spec({ amount: 37, connections: 5 }), loadContext(server.url));
    expect(stats.requests).toBe(37);
    expect((await server.json<ServerStats>('/__stats')).byPath['/items']).toBe(37);
  });

  test('non-2xx answers are counted by code and as errors', async () => {
    const stats = await httpGenerator.run(
      spec({ path: '/status/503', amount: 10, connections: 2 }),
      loadContext(server.url),
    );
    expect(stats.statusCodes).toEqual({ '503': 10 });
    expect(stats.errors).toEqual({ non2xx: 10 });
  });

  test('a refused connection is an ECONNREFUSED error, not a throw', async () => {
    const closed = await spawnServer();
    const url = closed.url;
    await closed.close();
    const stats = await httpGenerator.run(spec({ connections: 2 }), loadContext(url, { durationMs: 300 }));
    expect(stats.requests).toBe(0);
    expect(stats.errors.ECONNREFUSED).toBeGreaterThan(0);
  });

  test('a big generated JSON body over the autocannon budget goes through undici, every byte arriving', async () => {
    const sizeBytes = 10 * MiB; // x 8 connections = 80 MiB > 48 MiB
    const ctx = loadContext(server.url);
    const stats = await httpGenerator.run(
      spec({
        path: '/sink',
        method: 'POST',
        connections: 8,
        amount: 16,
        json: { prompt: { text: 'lorem ', sizeBytes } },
      }),
      ctx,
    );
    const seen = await server.json<ServerStats>('/__stats');
    const bodyBytes = sizeBytes + '{"prompt":""}'.length;
    expect(stats.requests).toBe(16);
    expect(seen.uploads).toEqual(new Array(16).fill(bodyBytes));
    expect(stats.bytesSent).toBe(16 * bodyBytes);
    expect(ctx.counters.bytesSent).toBe(16 * bodyBytes);
    expect(stats.largestPayloadBytes).toBe(bodyBytes);
  });

  test('abort stops the load promptly', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const start = performance.now();
    const stats = await httpGenerator.run(
      spec(),
      loadContext(server.url, { durationMs: 30_000, signal: controller.signal }),
    );
    expect(performance.now() - start).toBeLessThan(1500);
    expect(stats.requests).toBeGreaterThan(0);
  });

  test('no amount and no duration is refused with a hint', async () => {
    await expect(httpGenerator.run(spec(), loadContext(server.url))).rejects.toThrow(/never end/);
  });
});
