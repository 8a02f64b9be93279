/**
 * Request load over autocannon: fixed-memory histograms, many connections, rate limiting. Only used
 * when body x connections is small (it copies the body per connection and buffers every response).
 * Stats come from its per-request events, so they match the undici driver's.
 */
import autocannon from 'autocannon';
import { msToSec } from '../../units.js';
import { definedOnly } from '../../util/defined-only.js';
import { deadlineOf, targetUrl } from './deadline.js';
import type { RequestLoad } from './http-undici.js';
import type { LoadContext } from './load-generator.js';
import { errorKind, StatsRecorder } from './stats-recorder.js';

/**
 * What autocannon records into instead of its WebAssembly histograms (hdr-histogram-js). memgate never
 * reads them: its stats come from the per-request events. And their end-of-run aggregate trapped once
 * ("RuntimeError: unreachable" in stdDeviation, on the cgroup v2 guest under emulation) inside one of
 * autocannon's timers, where no try/catch reaches: it killed memgate mid-run and left the target
 * running. `__custom` tells autocannon not to encode them into its result.
 */
const NO_HISTOGRAM = {
  __custom: true,
  recordValue: (): void => undefined,
  recordValueWithExpectedInterval: (): void => undefined,
  reset: (): void => undefined,
  destroy: (): void => undefined,
};
const NO_HISTOGRAMS = { latencies: NO_HISTOGRAM, requests: NO_HISTOGRAM, throughput: NO_HISTOGRAM };

/** How often autocannon checks its stop flag; bounds how long an abort takes. */
const STOP_CHECK_MS = 100;
const REQUEST_TIMEOUT_S = 30;

export async function runAutocannonLoad(load: RequestLoad, ctx: LoadContext): Promise<StatsRecorder> {
  const stats = new StatsRecorder('http', ctx.phaseIndex, ctx.counters);
  const bodyBytes = load.body?.length ?? 0;
  stats.payload(bodyBytes);
  const deadline = deadlineOf(ctx);
  if (deadline.signal.aborted) {
    deadline.dispose();
    return stats;
  }
  let finished!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finished = (err) => (err ? reject(err as Error) : resolve());
  });
  // The callback form returns the event-emitting instance (the promise form does not).
  const instance = autocannon(
    {
      url: targetUrl(ctx.baseUrl, load.path).href,
      method: load.method as autocannon.Request['method'],
      headers: load.headers,
      ...definedOnly({ body: load.body }),
      // autocannon throws when connections > amount.
      connections: load.amount === undefined ? load.connections : Math.min(load.connections, load.amount),
      ...definedOnly({ overallRate: load.rate, amount: load.amount }),
      // Without an amount the phase deadline stops it; the duration is only a backstop.
      duration: ctx.durationMs === undefined ? 0 : msToSec(ctx.durationMs),
      sampleInt: STOP_CHECK_MS,
      timeout: REQUEST_TIMEOUT_S,
      skipAggregateResult: true,
      // Not in autocannon's type definitions, read by its run(): see NO_HISTOGRAM.
      ...({ histograms: NO_HISTOGRAMS } as object),
    },
    (err) => finished(err),
  );
  instance.on(
    'response',
    (_client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => {
      stats.sent(bodyBytes);
      stats.received(resBytes);
      stats.response(statusCode, responseTimeMs, resBytes);
    },
  );
  instance.on('reqError', (err: unknown) => stats.error(errorKind(err)));
  const stop = (): void => instance.stop();
  deadline.signal.addEventListener('abort', stop, { once: true });
  try {
    await done;
  } finally {
    deadline.signal.removeEventListener('abort', stop);
    deadline.dispose();
  }
  return stats;
}
