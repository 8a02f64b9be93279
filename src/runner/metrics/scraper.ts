/**
 * Scrapes the target's own Prometheus endpoint once per stats interval, on its own timer beside the
 * memory sampler: a slow or hung endpoint costs a skipped scrape, never a late memory sample. At most
 * one request is in flight; each has a timeout under the interval, and a body over a cap is dropped so
 * memgate's own memory stays bounded whatever the endpoint returns.
 */
import { errorText } from '../../errors.js';
import { MiB } from '../../units.js';
import { definedOnly } from '../../util/defined-only.js';
import type { RuntimeKind, RuntimeMetricsRecord, RuntimeSample } from '../run-record.js';
import { parseExposition } from './exposition.js';
import { detectRuntime, normalizeRuntime } from './runtime-families.js';

/** Share of the interval a scrape may take before it is abandoned. */
const TIMEOUT_SHARE = 0.8;
/** No scrape waits longer than this, whatever the interval. */
const MAX_TIMEOUT_MS = 5_000;
/** Larger expositions are dropped (a runtime's families fit in a few KiB). */
export const MAX_EXPOSITION_BYTES = 4 * MiB;

export interface ScraperOptions {
  /** Full URL on the host, e.g. http://127.0.0.1:32768/metrics. */
  url: string;
  /** Path and port inside the target, for the record. */
  endpoint: string;
  intervalMs: number;
  series: string[];
  /** Milliseconds since the run's t = 0. */
  nowMs: () => number;
}

export interface ScraperHandle {
  latest(): RuntimeSample | undefined;
  runtime(): RuntimeKind;
  stop(): Promise<RuntimeMetricsRecord>;
}

async function fetchText(url: string, timeoutMs: number): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const length = Number(res.headers.get('content-length') ?? 0);
  if (!res.ok || length > MAX_EXPOSITION_BYTES) {
    await res.body?.cancel();
    throw new Error(res.ok ? `exposition of ${length} bytes is over the cap` : `HTTP ${res.status}`);
  }
  const text = await res.text();
  if (text.length > MAX_EXPOSITION_BYTES) throw new Error('exposition over the cap');
  return text;
}

export function startMetricsScraper(opts: ScraperOptions): ScraperHandle {
  const timeoutMs = Math.min(MAX_TIMEOUT_MS, Math.max(1, opts.intervalMs * TIMEOUT_SHARE));
  const samples: RuntimeSample[] = [];
  const scrapes = { ok: 0, failed: 0, skipped: 0 };
  let runtime: RuntimeKind = 'unknown';
  let lastError: string | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const scrape = async (): Promise<void> => {
    const tMs = opts.nowMs();
    try {
      const parsed = parseExposition(await fetchText(opts.url, timeoutMs));
      if (runtime === 'unknown') runtime = detectRuntime(parsed);
      samples.push({ tMs, ...normalizeRuntime(parsed, runtime, opts.series) });
      scrapes.ok += 1;
    } catch (e) {
      scrapes.failed += 1;
      lastError ??= `${opts.endpoint}: ${errorText(e)}`;
    }
  };

  const tick = (): void => {
    if (stopped) return;
    if (inFlight) {
      scrapes.skipped += 1;
      return;
    }
    inFlight = scrape().finally(() => {
      inFlight = undefined;
    });
  };
  const timer = setInterval(tick, opts.intervalMs);
  tick();

  return {
    latest: () => samples.at(-1),
    runtime: () => runtime,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      return {
        endpoint: opts.endpoint,
        runtime,
        samples,
        scrapes,
        ...definedOnly({ lastError }),
      };
    },
  };
}
