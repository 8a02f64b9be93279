/**
 * memgate's own peak RSS while it uploads and downloads payloads of growing size (10 MiB .. 2 GiB)
 * against a local streaming server in a child process (so the server's memory is not counted).
 * Expected: flat. RSS is sampled every 50 ms; `rssIncreaseMiB` is over the RSS just before each row.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadGenerator } from '../src/runner/load/download.js';
import { httpGenerator } from '../src/runner/load/http.js';
import type { LoadContext } from '../src/runner/load/load-generator.js';
import { uploadGenerator } from '../src/runner/load/upload.js';
import type { LoadStats } from '../src/runner/run-record.js';
import { spawnServer } from '../test/fixtures/servers/spawn-server.js';
import type { BenchResult } from './types.js';

const MiB = 1024 * 1024;
const PAYLOADS: [string, number][] = [
  ['10MiB', 10 * MiB],
  ['100MiB', 100 * MiB],
  ['1GiB', 1024 * MiB],
  ['2GiB', 2048 * MiB],
];

function context(baseUrl: string, logDir: string): LoadContext {
  return {
    baseUrl,
    phaseIndex: 0,
    durationMs: undefined,
    counters: { requests: 0, bytesSent: 0, bytesReceived: 0 },
    signal: new AbortController().signal,
    logDir,
  };
}

async function measure(
  kind: string,
  payload: string,
  bytes: number,
  transfer: () => Promise<LoadStats>,
): Promise<Record<string, string | number>> {
  (globalThis as { gc?: () => void }).gc?.();
  const beforeBytes = process.memoryUsage.rss();
  let peakBytes = beforeBytes;
  const timer = setInterval(() => (peakBytes = Math.max(peakBytes, process.memoryUsage.rss())), 50);
  const startMs = performance.now();
  const stats = await transfer();
  const seconds = (performance.now() - startMs) / 1000;
  clearInterval(timer);
  peakBytes = Math.max(peakBytes, process.memoryUsage.rss());
  const moved = kind === 'download' ? stats.bytesReceived : stats.bytesSent;
  if (moved !== bytes) throw new Error(`${kind} ${payload}: moved ${moved} bytes, expected ${bytes}`);
  return {
    kind,
    payload,
    peakRssMiB: Math.round(peakBytes / MiB),
    rssIncreaseMiB: Math.round((peakBytes - beforeBytes) / MiB),
    seconds: Number(seconds.toFixed(2)),
    MiBps: Math.round(bytes / MiB / seconds),
  };
}

export async function run(): Promise<BenchResult> {
  const server = await spawnServer();
  const logDir = mkdtempSync(join(tmpdir(), 'memgate-bench-'));
  const rows: Record<string, string | number>[] = [];
  try {
    for (const [payload, bytes] of PAYLOADS) {
      const ctx = context(server.url, logDir);
      rows.push(
        await measure('upload', payload, bytes, () =>
          uploadGenerator.run(
            {
              kind: 'upload',
              path: '/sink',
              method: 'POST',
              sizeBytes: bytes,
              count: 1,
              concurrency: 1,
              contentType: 'application/octet-stream',
              headers: {},
            },
            ctx,
          ),
        ),
      );
      rows.push(
        await measure('download', payload, bytes, () =>
          downloadGenerator.run(
            {
              kind: 'download',
              path: `/download?bytes=${bytes}`,
              method: 'GET',
              count: 1,
              concurrency: 1,
              headers: {},
            },
            ctx,
          ),
        ),
      );
    }
    // Long prompt: a 20 MiB generated JSON body on 16 connections (320 MiB if autocannon copied it
    // per connection) goes to the undici driver, which sends one shared Buffer.
    const promptBytes = 20 * MiB;
    const json = { prompt: { text: 'lorem ipsum ', sizeBytes: promptBytes } };
    const bodyBytes = promptBytes + '{"prompt":""}'.length;
    rows.push(
      await measure('http-json x16', '20MiB', 48 * bodyBytes, () =>
        httpGenerator.run(
          { kind: 'http', path: '/sink', method: 'POST', headers: {}, connections: 16, amount: 48, json },
          { ...context(server.url, logDir), durationMs: 60_000 },
        ),
      ),
    );
  } finally {
    await server.close();
  }
  return {
    name: 'payload-rss',
    rows,
    notes: [
      'upload/download: one transfer per row, concurrency 1, loopback, server in a child process.',
      'http-json x16: 48 POSTs of one 20 MiB generated JSON body over 16 connections (routed to undici); payload is per request, MiBps over all 48.',
      'peakRssMiB is this process; rssIncreaseMiB is over its RSS just before the row (after a gc when --expose-gc).',
      `Node ${process.version}.`,
    ],
  };
}
