import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsScraper } from '../../../../src/runner/metrics/scraper.js';

const nodeText = readFileSync(
  new URL('../../../fixtures/metrics/node-prom-client.prom', import.meta.url),
  'utf8',
);
let server: Server | undefined;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

describe('metrics scraper', () => {
  it('scrapes every interval and records normalized samples on the run clock', async () => {
    const url = await serve((_req, res) => res.end(nodeText));
    const t0 = performance.now();
    const h = startMetricsScraper({
      url,
      endpoint: ':8080/metrics',
      intervalMs: 50,
      series: [],
      nowMs: () => performance.now() - t0,
    });
    await sleep(280);
    const rec = await h.stop();
    expect(rec.runtime).toBe('node');
    expect(rec.scrapes.ok).toBeGreaterThanOrEqual(4);
    expect(rec.samples[0]).toMatchObject({ heapUsedBytes: 7841824, outsideHeapBytes: 1734603, gcCount: 17 });
    expect(rec.samples.every((s, i) => i === 0 || s.tMs > rec.samples[i - 1]!.tMs)).toBe(true);
  });

  it('a hung endpoint times out, skips ticks while in flight and never holds stop past the timeout', async () => {
    const url = await serve(() => undefined); // never answers
    const t0 = performance.now();
    const h = startMetricsScraper({
      url,
      endpoint: ':8080/metrics',
      intervalMs: 100,
      series: [],
      nowMs: () => performance.now() - t0,
    });
    await sleep(350);
    const before = performance.now();
    const rec = await h.stop();
    expect(performance.now() - before).toBeLessThan(150);
    expect(rec.samples).toHaveLength(0);
    expect(rec.scrapes.failed).toBeGreaterThanOrEqual(3);
    expect(rec.lastError).toMatch(/:8080\/metrics/);
  });

  it('an error status is a failed scrape, not an exception', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    const h = startMetricsScraper({
      url,
      endpoint: ':9464/metrics',
      intervalMs: 40,
      series: [],
      nowMs: () => 0,
    });
    await sleep(100);
    const rec = await h.stop();
    expect(rec.scrapes.ok).toBe(0);
    expect(rec.lastError).toMatch(/HTTP 500/);
  });
});
