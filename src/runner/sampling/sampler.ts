/**
 * The two sampling loops (docs/design/measurement.md#sampler): a fast loop reading usage only and a slow loop reading
 * the full breakdown. Each is a self-correcting setTimeout chain on process.hrtime.bigint(): it aims at
 * t0 + k * interval and stores the actual read time. Ticks the event loop skipped (a gap longer than
 * 2x the interval) are recorded as gaps and warnings, never interpolated.
 */
import { nsToMs } from '../../units.js';
import type { LoadCounters } from '../load/load-generator.js';
import type { FastSample, StatSample } from '../run-record.js';
import type { MemorySource } from './memory-source.js';
import { FastColumns } from './sample-buffer.js';
import { readSelfRssBytes } from './self-rss.js';

export interface SamplerOptions {
  source: MemorySource;
  intervalMs: number;
  statsIntervalMs: number;
  /** Cumulative load counters, recorded on every slow tick. */
  counters?: () => LoadCounters;
  /** Monotonic clock in ns: the run's one clock (run-clock.ts) that phase marks share; default process.hrtime.bigint. */
  clock?: () => bigint;
  /** t = 0 of the run in clock ns (default: now). */
  t0Ns?: bigint;
  /** Called once when the source reports the target gone. */
  onGone?: (tMs: number) => void;
  /** Sees every sample as it is taken (the run journal writes them to disk). */
  sink?: SampleSink;
}

export interface SampleSink {
  fast(tMs: number, usageBytes: number): void;
  stat(sample: StatSample): void;
}

export interface SampleGap {
  loop: 'fast' | 'stats';
  fromMs: number;
  toMs: number;
}

export interface SamplerResult {
  fast: FastSample[];
  stats: StatSample[];
  gaps: SampleGap[];
  warnings: string[];
  peakSelfRssBytes: number;
  /** True when the source went away (target exited, cgroup removed) before stop(). */
  gone: boolean;
}

export interface SamplerHandle {
  latestFast(): FastSample | undefined;
  latestStats(): StatSample | undefined;
  peakSelfRssBytes(): number;
  /** Milliseconds since t0 on the sampler's clock. */
  nowMs(): number;
  stop(): Promise<SamplerResult>;
}

interface Loop {
  intervalMs: number;
  k: number;
  lastMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
  busy: Promise<void> | undefined;
}

export function startSampler(opts: SamplerOptions): SamplerHandle {
  const clock = opts.clock ?? process.hrtime.bigint;
  const t0 = opts.t0Ns ?? clock();
  const nowMs = (): number => nsToMs(Number(clock() - t0));
  const startMs = nowMs();
  const fastCols = new FastColumns();
  const stats: StatSample[] = [];
  const gaps: SampleGap[] = [];
  const warnings: string[] = [];
  let peakSelf = readSelfRssBytes();
  let stopped = false;
  let gone = false;
  const minMs = opts.source.minIntervalMs ?? 0;
  const fast: Loop = {
    intervalMs: Math.max(opts.intervalMs, minMs),
    k: 0,
    lastMs: undefined,
    timer: undefined,
    busy: undefined,
  };
  const slow: Loop = {
    intervalMs: Math.max(opts.statsIntervalMs, minMs),
    k: 0,
    lastMs: undefined,
    timer: undefined,
    busy: undefined,
  };

  const markGone = (t: number): void => {
    if (gone) return;
    gone = true;
    warnings.push(`memory source ${opts.source.info.kind} went away at ${Math.round(t)} ms (target exited?)`);
    opts.onGone?.(t);
  };

  const noteGap = (loop: Loop, name: SampleGap['loop'], t: number): void => {
    if (loop.lastMs !== undefined && t - loop.lastMs > 2 * loop.intervalMs) {
      gaps.push({ loop: name, fromMs: loop.lastMs, toMs: t });
      warnings.push(
        `${name} sampling gap ${Math.round(loop.lastMs)}-${Math.round(t)} ms (event loop blocked?)`,
      );
    }
    loop.lastMs = t;
  };

  const recordFast = (value: number | undefined, t: number): void => {
    if (value === undefined) return markGone(t);
    noteGap(fast, 'fast', t);
    fastCols.push(t, value);
    opts.sink?.fast(t, value);
  };

  const fastTick = (): void => {
    const t = nowMs();
    const v = opts.source.readUsage();
    if (typeof v === 'number' || v === undefined) recordFast(v, t);
    else
      fast.busy = v
        .then((x) => recordFast(x, t))
        .catch((e: unknown) => void warnings.push(`fast read failed: ${String(e)}`));
  };

  const slowTick = async (): Promise<void> => {
    const t = nowMs();
    const reading = await opts.source.readStats();
    if (reading === undefined) return markGone(t);
    noteGap(slow, 'stats', t);
    const self = readSelfRssBytes();
    if (self > peakSelf) peakSelf = self;
    const sample: StatSample = { tMs: t, ...reading, selfRssBytes: self };
    if (opts.counters) Object.assign(sample, opts.counters());
    stats.push(sample);
    opts.sink?.stat(sample);
  };

  const schedule = (loop: Loop, tick: () => void | Promise<void>): void => {
    if (stopped || gone) return;
    const now = nowMs();
    // aim at the next slot on the grid; skipped slots are not replayed (that is a gap)
    loop.k = Math.max(loop.k + 1, Math.floor((now - startMs) / loop.intervalMs) + 1);
    const delay = Math.max(0, startMs + loop.k * loop.intervalMs - now);
    loop.timer = setTimeout(() => {
      if (stopped || gone) return;
      const r = tick();
      const busy = r instanceof Promise ? r : loop.busy;
      if (busy) {
        loop.busy = busy
          .catch((e: unknown) => void warnings.push(`read failed: ${String(e)}`))
          .finally(() => {
            loop.busy = undefined;
            schedule(loop, tick);
          });
      } else schedule(loop, tick);
    }, delay);
  };

  fastTick();
  void slowTick().finally(() => schedule(slow, slowTick));
  schedule(fast, fastTick);

  return {
    latestFast: () => fastCols.last(),
    latestStats: () => stats.at(-1),
    peakSelfRssBytes: () => peakSelf,
    nowMs,
    async stop(): Promise<SamplerResult> {
      stopped = true;
      clearTimeout(fast.timer);
      clearTimeout(slow.timer);
      await Promise.allSettled([fast.busy, slow.busy]);
      if (!gone) {
        stopped = false;
        await slowTick().catch((e: unknown) => void warnings.push(`final read failed: ${String(e)}`));
        stopped = true;
      }
      return { fast: fastCols.toSamples(), stats, gaps, warnings, peakSelfRssBytes: peakSelf, gone };
    },
  };
}
