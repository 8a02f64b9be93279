import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { DownloadGenerator, UploadGenerator } from '../../../src/config/plan.js';
import { downloadGenerator } from '../../../src/runner/load/download.js';
import { uploadGenerator } from '../../../src/runner/load/upload.js';
import { loadContext, MiB } from '../../fixtures/load/context.js';
import { spawnServer, type FixtureServer, type ServerStats } from '../../fixtures/servers/spawn-server.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(() => server.close());
beforeEach(() => server.json('/__reset', 'POST'));

const upload = (sizeBytes: number, over: Partial<UploadGenerator> = {}): UploadGenerator => ({
  kind: 'upload',
  path: '/sink',
  method: 'POST',
  sizeBytes,
  count: 1,
  concurrency: 1,
  contentType: 'application/octet-stream',
  headers: {},
  ...over,
});

const download = (bytes: number, over: Partial<DownloadGenerator> = {}): DownloadGenerator => ({
  kind: 'download',
  path: `/download?bytes=${bytes}`,
  method: 'GET',
  count: 1,
  concurrency: 1,
  headers: {},
  ...over,
});

/** Runs `work` while sampling this process's RSS every 50 ms. */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; beforeBytes: number; peakBytes: number }> {
  const beforeBytes = process.memoryUsage.rss();
  let peakBytes = beforeBytes;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, process.memoryUsage.rss());
  }, 50);
  try {
    const result = await work();
    peakBytes = Math.max(peakBytes, process.memoryUsage.rss());
    return { result, beforeBytes, peakBytes };
  } finally {
    clearInterval(timer);
  }
}

describe('upload generator', () => {
  test('a 50 MiB upload arrives with the exact byte count', async () => {
    const ctx = loadContext(server.url);
    const stats = await uploadGenerator.run(upload(50 * MiB), ctx);
    const seen = await server.json<ServerStats>('/__stats');
    expect(seen.uploads).toEqual([50 * MiB]);
    expect(stats).toMatchObject({ requests: 1, bytesSent: 50 * MiB, statusCodes: { '200': 1 }, errors: {} });
    expect(stats.largestPayloadBytes).toBe(50 * MiB);
    expect(ctx.counters.bytesSent).toBe(50 * MiB);
    expect(stats.bytesReceived).toBe(JSON.stringify({ bytes: 50 * MiB }).length);
  });

  test('count uploads, concurrency at a time', async () => {
    const stats = await uploadGenerator.run(
      // the held answer makes the overlap certain: a 3 MiB local upload can finish before the next starts
      upload(3 * MiB + 7, { count: 5, concurrency: 2, path: '/sink?holdMs=300' }),
      loadContext(server.url),
    );
    const seen = await server.json<ServerStats>('/__stats');
    expect(seen.uploads).toEqual(new Array(5).fill(3 * MiB + 7));
    expect(seen.maxInFlight).toBe(2);
    expect(stats.requests).toBe(5);
  });
});

describe('download generator', () => {
  test('a 50 MiB streamed response is counted exactly', async () => {
    const ctx = loadContext(server.url);
    const stats = await downloadGenerator.run(download(50 * MiB, { count: 2, concurrency: 2 }), ctx);
    expect(stats).toMatchObject({
      requests: 2,
      bytesReceived: 100 * MiB,
      statusCodes: { '200': 2 },
      errors: {},
    });
    expect(stats.largestPayloadBytes).toBe(50 * MiB);
    expect(ctx.counters.bytesReceived).toBe(100 * MiB);
  });

  test('a 404 is a non2xx error and a refused connection is ECONNREFUSED', async () => {
    const stats = await downloadGenerator.run({ ...download(0), path: '/nope' }, loadContext(server.url));
    expect(stats.statusCodes).toEqual({ '404': 1 });
    expect(stats.errors).toEqual({ non2xx: 1 });
    const gone = await spawnServer();
    await gone.close();
    const refused = await downloadGenerator.run(download(10), loadContext(gone.url));
    expect(refused.errors).toEqual({ ECONNREFUSED: 1 });
  });

  test('abort mid-transfer stops promptly and is not an error', async () => {
    const controller = new AbortController();
    const ctx = loadContext(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const start = performance.now();
    const stats = await downloadGenerator.run(download(64 * 1024 * MiB), ctx); // 64 GiB: cannot finish
    expect(performance.now() - start).toBeLessThan(1500);
    expect(stats.errors).toEqual({});
    expect(stats.bytesReceived).toBeGreaterThan(0);
  });
});

describe('memgate stays small whatever the payload', () => {
  test('a 1 GiB upload and a 1 GiB download add under 100 MiB of RSS', async () => {
    const GiB = 1024 * MiB;
    const up = await withPeakRss(() => uploadGenerator.run(upload(GiB), loadContext(server.url)));
    const down = await withPeakRss(() => downloadGenerator.run(download(GiB), loadContext(server.url)));
    expect(up.result.bytesSent).toBe(GiB);
    expect((await server.json<ServerStats>('/__stats')).uploads).toEqual([GiB]);
    expect(down.result.bytesReceived).toBe(GiB);
    const report = (name: string, m: { beforeBytes: number; peakBytes: number }): string =>
      `${name}: peak ${(m.peakBytes / MiB).toFixed(0)} MiB, +${((m.peakBytes - m.beforeBytes) / MiB).toFixed(0)} MiB`;
    console.log(`[rss] ${report('upload 1 GiB', up)}; ${report('download 1 GiB', down)}`);
    expect(up.peakBytes - up.beforeBytes).toBeLessThan(100 * MiB);
    expect(down.peakBytes - down.beforeBytes).toBeLessThan(100 * MiB);
  });
});
