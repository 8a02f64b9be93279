/**
 * The `download` generator: responses streamed with undici `stream()` into a Writable that counts the
 * bytes and drops them, so a response of any size costs memgate no more than one chunk.
 */
import { Writable } from 'node:stream';
import { Pool } from 'undici';
import type { DownloadGenerator } from '../../config/plan.js';
import { deadlineOf, runPool, targetUrl } from './deadline.js';
import type { LoadGenerator } from './load-generator.js';
import { errorKind, isAbortError, StatsRecorder } from './stats-recorder.js';

/** A Writable that only counts what is written to it. */
export function countingSink(onBytes: (bytes: number) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback();
    },
  });
}

export const downloadGenerator: LoadGenerator<DownloadGenerator> = {
  kind: 'download',
  async run(spec, ctx) {
    const stats = new StatsRecorder('download', ctx.phaseIndex, ctx.counters);
    const url = targetUrl(ctx.baseUrl, spec.path);
    const pool = new Pool(url.origin, { connections: Math.max(1, spec.concurrency) });
    const deadline = deadlineOf(ctx);
    try {
      await runPool(spec.count, spec.concurrency, deadline.signal, async () => {
        const startMs = performance.now();
        let statusCode = 0;
        let responseBytes = 0;
        try {
          await pool.stream(
            {
              path: url.pathname + url.search,
              method: spec.method,
              headers: spec.headers,
              signal: deadline.signal,
            },
            (data) => {
              statusCode = data.statusCode;
              return countingSink((bytes) => {
                responseBytes += bytes;
                stats.received(bytes);
              });
            },
          );
          stats.response(statusCode, performance.now() - startMs, responseBytes);
        } catch (err) {
          if (!isAbortError(err, deadline.signal)) stats.error(errorKind(err));
        }
      });
    } finally {
      deadline.dispose();
      await pool.destroy();
    }
    return stats.finish();
  },
};
