import { describe, expect, test } from 'vitest';
import { createPacer, runPool, targetUrl } from '../../../src/runner/load/deadline.js';
import { chooseHttpDriver, requestOf } from '../../../src/runner/load/http.js';
import { LatencyHistogram } from '../../../src/runner/load/latency-histogram.js';
import { errorKind, StatsRecorder } from '../../../src/runner/load/stats-recorder.js';

describe('LatencyHistogram', () => {
  test('percentiles of 1..1000 ms are within 1% of nearest rank', () => {
    const h = new LatencyHistogram();
    for (let ms = 1000; ms >= 1; ms--) h.record(ms);
    expect(h.count).toBe(1000);
    const s = h.summary()!;
    expect(s.p50).toBeGreaterThanOrEqual(500);
    expect(s.p50).toBeLessThanOrEqual(505);
    expect(s.p90).toBeGreaterThanOrEqual(900);
    expect(s.p90).toBeLessThanOrEqual(909);
    expect(s.p99).toBeGreaterThanOrEqual(990);
    expect(s.p99).toBeLessThanOrEqual(1000);
    expect(s.max).toBe(1000);
  });

  test('a skewed distribution: p99 sees the slow tail, p50 does not', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 980; i++) h.record(2);
    for (let i = 0; i < 20; i++) h.record(3000);
    const s = h.summary()!;
    expect(s.p50).toBeCloseTo(2, 1);
    expect(s.p90).toBeCloseTo(2, 1);
    expect(s.p99).toBe(3000);
  });

  test('no samples: no summary; sub-10µs and bad values are handled', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toBeUndefined();
    h.record(Number.NaN);
    h.record(-1);
    expect(h.count).toBe(0);
    h.record(0.001);
    expect(h.summary()!.p50).toBeCloseTo(0.001, 6);
  });
});

describe('StatsRecorder', () => {
  test('aggregates responses, errors and bytes, and keeps the live counters current', () => {
    const counters = { requests: 0, bytesSent: 0, bytesReceived: 0 };
    const r = new StatsRecorder('http', 2, counters);
    r.sent(100);
    r.received(40);
    r.response(200, 5, 40);
    r.response(200, 7, 10);
    r.response(503, 9);
    r.error('ECONNREFUSED');
    r.error('ECONNREFUSED');
    r.payload(100);
    expect(counters).toEqual({ requests: 3, bytesSent: 100, bytesReceived: 40 });
    const stats = r.finish();
    expect(stats).toMatchObject({
      generator: 'http',
      phaseIndex: 2,
      requests: 3,
      statusCodes: { '200': 2, '503': 1 },
      errors: { non2xx: 1, ECONNREFUSED: 2 },
      bytesSent: 100,
      bytesReceived: 40,
      largestPayloadBytes: 100,
    });
    expect(stats.latencyMs!.max).toBe(9);
    expect(stats).not.toHaveProperty('exitCode');
  });

  test('errorKind names errno codes, timeouts and socket causes', () => {
    expect(errorKind(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorKind(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBe('timeout');
    expect(errorKind(new Error('request timed out'))).toBe('timeout');
    expect(
      errorKind(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET', cause: { code: 'ECONNRESET' } })),
    ).toBe('ECONNRESET');
    expect(errorKind(new TypeError('bad'))).toBe('TypeError');
    expect(errorKind(undefined)).toBe('error');
  });
});

describe('http driver choice', () => {
  test('autocannon unless body x connections is over 48 MiB or the rate splits badly', () => {
    expect(chooseHttpDriver(0, 500)).toBe('autocannon');
    expect(chooseHttpDriver(6 * 1024 * 1024, 8)).toBe('autocannon');
    expect(chooseHttpDriver(6 * 1024 * 1024, 9)).toBe('undici');
    expect(chooseHttpDriver(100, 10, 5)).toBe('undici');
    expect(chooseHttpDriver(100, 10, 12.5)).toBe('undici');
    expect(chooseHttpDriver(100, 10, 500)).toBe('autocannon');
  });

  test('json bodies get a content-type unless one is given', () => {
    const base = { kind: 'http' as const, path: '/', method: 'POST', connections: 1 };
    expect(requestOf({ ...base, headers: {}, json: { a: 1 } }).headers['content-type']).toBe(
      'application/json',
    );
    expect(requestOf({ ...base, headers: { 'Content-Type': 'text/x' }, json: { a: 1 } }).headers).toEqual({
      'Content-Type': 'text/x',
    });
    expect(requestOf({ ...base, headers: {}, body: 'hé' }).body!.length).toBe(3);
  });
});

describe('deadline helpers', () => {
  test('runPool never runs more than the concurrency and runs each index once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await runPool(10, 3, new AbortController().signal, async (i) => {
      running += 1;
      most = Math.max(most, running);
      seen.push(i);
      await new Promise((r) => setTimeout(r, 2));
      running -= 1;
    });
    expect(most).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('the pacer spaces starts at the rate', async () => {
    const pace = createPacer(100);
    const signal = new AbortController().signal;
    const start = performance.now();
    for (let i = 0; i < 11; i++) await pace(signal);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(400);
  });

  test('targetUrl keeps a base path prefix', () => {
    expect(targetUrl('http://h:1/api/', '/items?x=1').href).toBe('http://h:1/api/items?x=1');
    expect(targetUrl('http://h:1', 'items').href).toBe('http://h:1/items');
  });
});
