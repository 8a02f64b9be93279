/**
 * The `upload` generator: a generated body of any size, streamed with undici as slices of one shared
 * 64 KiB Buffer, so memgate's memory does not grow with the upload size.
 */
import { Readable } from 'node:stream';
import { Pool } from 'undici';
import type { UploadGenerator } from '../../config/plan.js';
import { KiB } from '../../units.js';
import { deadlineOf, runPool, targetUrl } from './deadline.js';
import type { LoadGenerator } from './load-generator.js';
import { errorKind, isAbortError, StatsRecorder } from './stats-recorder.js';

const CHUNK_BYTES = 64 * KiB;
const FILL = Buffer.alloc(CHUNK_BYTES, 'memgate upload ');

/** A stream of `sizeBytes` bytes cut from one shared chunk; `onBytes` sees each slice as it is read. */
export function generatedBody(sizeBytes: number, onBytes: (bytes: number) => void): Readable {
  let remaining = sizeBytes;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      const bytes = Math.min(remaining, CHUNK_BYTES);
      remaining -= bytes;
      onBytes(bytes);
      this.push(bytes === CHUNK_BYTES ? FILL : FILL.subarray(0, bytes));
    },
  });
}

export const uploadGenerator: LoadGenerator<UploadGenerator> = {
  kind: 'upload',
  async run(spec, ctx) {
    const stats = new StatsRecorder('upload', ctx.phaseIndex, ctx.counters);
    const url = targetUrl(ctx.baseUrl, spec.path);
    const pool = new Pool(url.origin, { connections: Math.max(1, spec.concurrency) });
    const deadline = deadlineOf(ctx);
    const headers = {
      ...spec.headers,
      'content-type': spec.contentType,
      'content-length': String(spec.sizeBytes),
    };
    try {
      await runPool(spec.count, spec.concurrency, deadline.signal, async () => {
        const startMs = performance.now();
        try {
          const res = await pool.request({
            path: url.pathname + url.search,
            method: spec.method,
            headers,
            body: generatedBody(spec.sizeBytes, (bytes) => stats.sent(bytes)),
            signal: deadline.signal,
          });
          let responseBytes = 0;
          for await (const chunk of res.body as AsyncIterable<Buffer>) {
            responseBytes += chunk.length;
            stats.received(chunk.length);
          }
          stats.response(
            res.statusCode,
            performance.now() - startMs,
            Math.max(spec.sizeBytes, responseBytes),
          );
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
