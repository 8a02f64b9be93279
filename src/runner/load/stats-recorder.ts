/**
 * Collects one generator's outcome into `LoadStats` and keeps the run's live counters current.
 * Every driver (autocannon, undici, execa) reports through this one recorder so the stats agree.
 */
import { definedOnly } from '../../util/defined-only.js';
import type { LoadStats } from '../run-record.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { LoadCounters } from './load-generator.js';

type GeneratorKind = LoadStats['generator'];

export class StatsRecorder {
  private readonly latency = new LatencyHistogram();
  private readonly errors: Record<string, number> = {};
  private readonly statusCodes: Record<string, number> = {};
  private requests = 0;
  private bytesSent = 0;
  private bytesReceived = 0;
  private largestPayloadBytes = 0;
  private readonly startedMs = performance.now();

  constructor(
    private readonly generator: GeneratorKind,
    private readonly phaseIndex: number,
    private readonly counters: LoadCounters,
  ) {}

  sent(bytes: number): void {
    this.bytesSent += bytes;
    this.counters.bytesSent += bytes;
  }

  received(bytes: number): void {
    this.bytesReceived += bytes;
    this.counters.bytesReceived += bytes;
  }

  /** A completed request; a status outside 2xx also counts as a `non2xx` error. */
  response(statusCode: number, latencyMs: number, payloadBytes = 0): void {
    this.requests += 1;
    this.counters.requests += 1;
    increment(this.statusCodes, String(statusCode));
    if (statusCode < 200 || statusCode > 299) increment(this.errors, 'non2xx');
    this.latency.record(latencyMs);
    this.payload(payloadBytes);
  }

  payload(bytes: number): void {
    if (bytes > this.largestPayloadBytes) this.largestPayloadBytes = bytes;
  }

  error(kind: string): void {
    increment(this.errors, kind);
  }

  finish(extra: Pick<LoadStats, 'exitCode' | 'logFile'> = {}): LoadStats {
    const latencyMs = this.latency.summary();
    return {
      generator: this.generator,
      phaseIndex: this.phaseIndex,
      requests: this.requests,
      errors: { ...this.errors },
      statusCodes: { ...this.statusCodes },
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      ...definedOnly({ latencyMs }),
      largestPayloadBytes: this.largestPayloadBytes,
      durationMs: Math.round(performance.now() - this.startedMs),
      ...definedOnly({ exitCode: extra.exitCode, logFile: extra.logFile }),
    };
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Short kind of a request error for `LoadStats.errors`: an errno code, `timeout`, or the error name. */
export function errorKind(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'timeout';
  if (e?.message === 'request timed out') return 'timeout'; // autocannon's timeout error has no code
  // undici wraps socket failures; the errno code, when any, is on the cause.
  if (code === 'UND_ERR_SOCKET' && typeof e?.cause?.code === 'string') return e.cause.code;
  if (code !== undefined) return code;
  return typeof e?.name === 'string' ? e.name : 'error';
}

/** True when the error only says the request was cut by our own abort (phase end), not a failure. */
export function isAbortError(err: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  const e = err as { code?: unknown; name?: unknown } | null;
  return e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED' || e?.code === 'ABORT_ERR';
}
