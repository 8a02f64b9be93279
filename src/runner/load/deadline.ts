/** Time helpers shared by the generators: the phase deadline as a signal, abortable sleep, a worker pool. */
import { setMaxListeners } from 'node:events';
import { secToMs } from '../../units.js';
import type { LoadContext } from './load-generator.js';

export interface Deadline {
  /** Aborts on the caller's signal or when the phase duration is over. */
  signal: AbortSignal;
  dispose(): void;
}

/** `ctx.signal` plus the phase duration (if any) as one signal. */
export function deadlineOf(ctx: Pick<LoadContext, 'signal' | 'durationMs'>): Deadline {
  const controller = new AbortController();
  // Every in-flight request listens on it (hundreds with fan-out); that is expected, not a leak.
  setMaxListeners(0, controller.signal);
  const abort = (): void => controller.abort(ctx.signal.reason ?? new Error('load aborted'));
  if (ctx.signal.aborted) abort();
  else ctx.signal.addEventListener('abort', abort, { once: true });
  const timer =
    ctx.durationMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new Error('phase duration over')), ctx.durationMs);
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      ctx.signal.removeEventListener('abort', abort);
    },
  };
}

/** Resolves after `ms` or as soon as `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once; stops starting new ones on abort. */
export async function runPool(
  count: number,
  concurrency: number,
  signal: AbortSignal,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!signal.aborted && next < count) await task(next++);
  };
  const workers = Math.max(1, Math.min(concurrency, count));
  await Promise.all(Array.from({ length: workers }, worker));
}

/**
 * Spaces request starts evenly at `ratePerSec` over all workers: ticket i starts at i / rate.
 * Undefined rate = no pacing.
 */
export function createPacer(ratePerSec: number | undefined): (signal: AbortSignal) => Promise<void> {
  if (ratePerSec === undefined || ratePerSec <= 0) return () => Promise.resolve();
  const startMs = performance.now();
  let ticket = 0;
  return (signal) => sleep(startMs + secToMs(ticket++) / ratePerSec - performance.now(), signal);
}

/** `base` + `path`, keeping any path prefix of the base URL. */
export function targetUrl(baseUrl: string, path: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return new URL(`${base}${path.startsWith('/') ? path : `/${path}`}`);
}
