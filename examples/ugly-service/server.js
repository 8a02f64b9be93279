// ugly-service: the reference service that memgate gates. node:http, plus prom-client for /metrics
// when it is installed (`npm ci` in this folder; the image build does it).
//
// Every memory pathology is switched by an environment variable, so one image can play the
// "good" baseline and the "bad" candidate:
//
//   PORT                     port to listen on (default 8080; 0 = pick a free port). Binds 0.0.0.0.
//   EXPORT_MODE              `streamed` (default): GET /export writes rows with backpressure.
//                            `buffered`: builds the whole body in memory first (memory ~ rows).
//   UPLOAD_MODE              `streamed` (default): POST /upload counts bytes and drops them.
//                            `buffered`: collects every chunk and Buffer.concat()s them, holding
//                            the buffer until the response is sent (memory ~ body size).
//   LEAK_BYTES_PER_REQUEST   bytes retained forever, as touched memory, per request (default 0).
//                            /healthz, /stats and /metrics neither leak nor count as requests.
//   LEAK_KIND                what leaks: `native` (default): Buffers, outside the JS heap.
//                            `heap`: JS arrays on the V8 heap. `file`: appended to /tmp/ugly-leak.bin
//                            and read back, so it stays in the page cache.
//   GARBAGE_KB_PER_REQUEST   KiB allocated, touched and dropped per request (default 0): short-lived
//                            garbage that raises the allocation rate without retaining anything.
//   CACHE_MAX_ENTRIES        unset: cache disabled. `0`: unbounded cache (a leak). N > 0: keep at
//                            most N entries, evicting the oldest. Every counted request stores a
//                            ~4 KiB entry under `?key=K` when given, else under a fresh
//                            auto-incrementing key.
//   SPIKE_MB                 MiB that GET /report allocates, touches, holds ~150 ms and drops (default 0).
//
// Endpoints:
//   GET  /healthz            200 `ok`
//   GET  /items              small JSON array (`?key=K` picks the cache key)
//   GET  /export?rows=N      JSON array of N rows of ~100 bytes each (default N = 1000)
//   POST /upload             {"bytes": <body length>}
//   POST /v1/complete        body {"prompt": string} (buffered) -> {"completion", "prompt_chars"}
//   POST /debug/gc           runs global.gc() when started with --expose-gc -> {"gc": true}; else 501
//   GET  /report             SPIKE_MB transient spike, then 200 {"spike_mb"}
//   GET  /stats              internal counters and process.memoryUsage()
//   GET  /metrics            Prometheus text from prom-client's default metrics (404 without prom-client)
//
// Prints `listening on <port>` when ready; exits 0 on SIGTERM/SIGINT (it may run as PID 1).
import { openSync, readSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';

// Optional: the process-driver tests run this file straight from the checkout.
const promClient = await import('prom-client').then(
  (m) => m.default ?? m,
  () => null,
);
const registry = promClient ? new promClient.Registry() : null;
if (promClient) promClient.collectDefaultMetrics({ register: registry });

const ROW_BYTES = 100;
const CACHE_ENTRY_BYTES = 4096;
const HOLD_SPIKE_MS = 150;

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const config = {
  port: intEnv('PORT', 8080),
  exportMode: process.env.EXPORT_MODE === 'buffered' ? 'buffered' : 'streamed',
  uploadMode: process.env.UPLOAD_MODE === 'buffered' ? 'buffered' : 'streamed',
  leakBytesPerRequest: intEnv('LEAK_BYTES_PER_REQUEST', 0),
  garbageKbPerRequest: intEnv('GARBAGE_KB_PER_REQUEST', 0),
  // null = cache disabled, 0 = unbounded, N = bounded.
  cacheMaxEntries: process.env.CACHE_MAX_ENTRIES === undefined ? null : intEnv('CACHE_MAX_ENTRIES', 0),
  spikeMb: intEnv('SPIKE_MB', 0),
  leakKind: ['heap', 'file'].includes(process.env.LEAK_KIND ?? '') ? process.env.LEAK_KIND : 'native',
};
const POINTER_BYTES = 8;
const FILE_LEAK = '/tmp/ugly-leak.bin';

const leaked = [];
const cache = new Map();
const counters = { requests: 0, leakedBytes: 0, cacheEvictions: 0, nextCacheKey: 0, garbageKb: 0 };

function retain(url) {
  counters.requests += 1;
  if (config.garbageKbPerRequest > 0) {
    // Touched so the pages are really there; the array is garbage as soon as this returns.
    const garbage = new Array(config.garbageKbPerRequest);
    for (let i = 0; i < garbage.length; i++) garbage[i] = Buffer.alloc(1024, i & 0xff).toString('latin1');
    counters.garbageKb += garbage.length;
  }
  if (config.leakBytesPerRequest > 0) {
    leak(config.leakBytesPerRequest);
    counters.leakedBytes += config.leakBytesPerRequest;
  }
  if (config.cacheMaxEntries !== null) {
    const key = url.searchParams.get('key') ?? `auto-${counters.nextCacheKey++}`;
    cache.delete(key); // re-insert so the Map's insertion order stays oldest-first
    cache.set(key, Buffer.alloc(CACHE_ENTRY_BYTES, 1));
    if (config.cacheMaxEntries > 0) {
      for (const oldest of cache.keys()) {
        if (cache.size <= config.cacheMaxEntries) break;
        cache.delete(oldest);
        counters.cacheEvictions += 1;
      }
    }
  }
}

let leakFd = null;
let leakFileBytes = 0;
function leak(bytes) {
  if (config.leakKind === 'heap') {
    // A JS array of small integers: every slot is a pointer-sized word on the V8 heap.
    leaked.push(new Array(Math.ceil(bytes / POINTER_BYTES)).fill(counters.requests));
  } else if (config.leakKind === 'file') {
    // Written and read back: the file's pages stay in the page cache, charged to this cgroup.
    leakFd ??= openSync(FILE_LEAK, 'w+');
    const chunk = Buffer.alloc(bytes, 1);
    writeSync(leakFd, chunk, 0, bytes, leakFileBytes);
    readSync(leakFd, chunk, 0, bytes, leakFileBytes);
    leakFileBytes += bytes;
  } else {
    leaked.push(Buffer.alloc(bytes, 1));
  }
}

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendText(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// One row, padded so that the row plus its `,\n` separator is ROW_BYTES bytes.
function exportRow(i) {
  const head = `{"id":${i},"name":"row-${i}","payload":"`;
  const tail = '"}';
  return head + 'x'.repeat(Math.max(0, ROW_BYTES - 2 - head.length - tail.length)) + tail;
}

function parseRows(url) {
  const raw = url.searchParams.get('rows');
  const rows = raw === null ? 1000 : Number(raw);
  return Number.isInteger(rows) && rows >= 0 ? rows : null;
}

function exportBuffered(res, rows) {
  const parts = new Array(rows);
  for (let i = 0; i < rows; i++) parts[i] = exportRow(i);
  const body = Buffer.from(`[\n${parts.join(',\n')}${rows > 0 ? '\n' : ''}]\n`);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function exportStreamed(req, res, rows) {
  res.writeHead(200, { 'content-type': 'application/json' });
  let i = 0;
  let aborted = false;
  res.on('close', () => {
    aborted = !res.writableFinished;
  });
  const pump = () => {
    if (aborted) return;
    if (i === 0 && !res.write('[\n')) return void res.once('drain', pump);
    // Write in small batches; stop as soon as the socket buffer is full and wait for 'drain'.
    while (i < rows) {
      let chunk = '';
      for (let n = 0; n < 64 && i < rows; n++, i++) chunk += exportRow(i) + (i < rows - 1 ? ',\n' : '\n');
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end(']\n');
  };
  if (rows === 0) return void res.end('[\n]\n');
  pump();
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function uploadStreamed(req, res) {
  let bytes = 0;
  req.on('data', (c) => {
    bytes += c.length;
  });
  req.on('end', () => sendJson(res, 200, { bytes }));
}

async function uploadBuffered(req, res) {
  const body = await readBody(req);
  // Hold the buffer until the response has been flushed, like a handler that parses it afterwards.
  res.on('finish', () => body.length);
  sendJson(res, 200, { bytes: body.length });
}

async function complete(req, res) {
  const raw = await readBody(req);
  let prompt;
  try {
    prompt = JSON.parse(raw.toString('utf8')).prompt;
  } catch {
    return sendJson(res, 400, { error: 'body must be JSON' });
  }
  if (typeof prompt !== 'string') return sendJson(res, 400, { error: 'prompt must be a string' });
  const words = prompt.split(/\s+/).filter(Boolean);
  const completion = `echo: ${words.slice(-8).join(' ')}`.trim();
  sendJson(res, 200, { completion, prompt_chars: prompt.length });
}

function report(res) {
  let spike = config.spikeMb > 0 ? Buffer.alloc(config.spikeMb * 1024 * 1024).fill(1) : null;
  setTimeout(() => {
    const held = spike === null ? 0 : spike.length;
    spike = null;
    sendJson(res, 200, { spike_mb: held / (1024 * 1024) });
  }, HOLD_SPIKE_MS);
}

function stats(res) {
  sendJson(res, 200, {
    requests: counters.requests,
    leaked_bytes: counters.leakedBytes,
    leak_bytes_per_request: config.leakBytesPerRequest,
    leak_kind: config.leakKind,
    cache_entries: cache.size,
    cache_max_entries: config.cacheMaxEntries,
    cache_evictions: counters.cacheEvictions,
    export_mode: config.exportMode,
    upload_mode: config.uploadMode,
    memory: process.memoryUsage(),
  });
}

async function metrics(res) {
  if (!registry) return sendJson(res, 404, { error: 'prom-client is not installed' });
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /healthz') return sendText(res, 200, 'ok');
  if (route === 'GET /stats') return stats(res);
  if (route === 'GET /metrics') return metrics(res);
  retain(url);
  switch (route) {
    case 'GET /items':
      return sendJson(res, 200, [
        { id: 1, name: 'alpha' },
        { id: 2, name: 'beta' },
        { id: 3, name: 'gamma' },
      ]);
    case 'GET /export': {
      const rows = parseRows(url);
      if (rows === null) return sendJson(res, 400, { error: 'rows must be a non-negative integer' });
      return config.exportMode === 'buffered' ? exportBuffered(res, rows) : exportStreamed(req, res, rows);
    }
    case 'POST /upload':
      return config.uploadMode === 'buffered' ? uploadBuffered(req, res) : uploadStreamed(req, res);
    case 'POST /v1/complete':
      return complete(req, res);
    case 'POST /debug/gc':
      if (typeof global.gc !== 'function')
        return sendJson(res, 501, { gc: false, error: 'start node with --expose-gc' });
      global.gc();
      return sendJson(res, 200, { gc: true });
    case 'GET /report':
      return report(res);
    default:
      req.resume();
      return sendJson(res, 404, { error: 'not found', path: url.pathname });
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) sendJson(res, 500, { error: String(err) });
    else res.destroy();
  });
});
server.keepAliveTimeout = 5000;

server.listen(config.port, '0.0.0.0', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address !== null ? address.port : config.port}`);
});

function shutdown(signal) {
  console.log(`${signal}: shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Never hang on a slow client: memgate measures stop time.
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
