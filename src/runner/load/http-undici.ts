/**
 * Request load over undici, for bodies too big for autocannon (it copies the body per connection).
 * One shared Buffer is sent by every request without copying; response bodies are drained and dropped.
 */
import { Pool } from 'undici';
import { createPacer, deadlineOf, targetUrl } from './deadline.js';
import type { LoadContext } from './load-generator.js';
import { errorKind, isAbortError, StatsRecorder } from './stats-recorder.js';

export interface RequestLoad {
  path: string;
  method: string;
  headers: Record<string, string>;
  connections: number;
  rate?: number;
  amount?: number;
  body: Buffer | undefined;
}

export async function runUndiciLoad(load: RequestLoad, ctx: LoadContext): Promise<StatsRecorder> {
  const stats = new StatsRecorder('http', ctx.phaseIndex, ctx.counters);
  const url = targetUrl(ctx.baseUrl, load.path);
  const pool = new Pool(url.origin, { connections: load.connections });
  const deadline = deadlineOf(ctx);
  const pace = createPacer(load.rate);
  const bodyBytes = load.body?.length ?? 0;
  stats.payload(bodyBytes);
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (!deadline.signal.aborted && (load.amount === undefined || issued < load.amount)) {
      issued += 1;
      await pace(deadline.signal);
      if (deadline.signal.aborted) return;
      await oneRequest(pool, url, load, stats, deadline.signal);
    }
  };
  try {
    await Promise.all(Array.from({ length: load.connections }, worker));
  } finally {
    deadline.dispose();
    await pool.destroy();
  }
  return stats;
}

async function oneRequest(
  pool: Pool,
  url: URL,
  load: RequestLoad,
  stats: StatsRecorder,
  signal: AbortSignal,
): Promise<void> {
  const startMs = performance.now();
  try {
    const res = await pool.request({
      path: url.pathname + url.search,
      method: load.method,
      headers: load.headers,
      body: load.body ?? null,
      signal,
    });
    stats.sent(load.body?.length ?? 0);
    let responseBytes = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      responseBytes += chunk.length;
      stats.received(chunk.length);
    }
    stats.response(res.statusCode, performance.now() - startMs, responseBytes);
  } catch (err) {
    if (!isAbortError(err, signal)) stats.error(errorKind(err));
  }
}
