/** Peak, limit, OOM and request-counter evidence from a RunRecord (docs/design/statistics.md#peak). */
import type { RunRecord } from '../runner/run-record.js';
import { MiB, msToSec } from '../units.js';
import type { Window } from './recovery.js';

export interface PeakEvidence {
  /** Kernel watermark when sampled, else the max sampled usage. */
  peakBytes: number;
  exact: boolean;
  /** Max sampled usage over the whole run (fast and stats). */
  sampledUsageMaxBytes: number;
}

export function peakEvidence(record: RunRecord): PeakEvidence {
  let sampled = 0;
  for (const s of record.fast) sampled = Math.max(sampled, s.usageBytes);
  let watermark = -1;
  for (const s of record.stats) {
    sampled = Math.max(sampled, s.usageBytes);
    if (typeof s.peakBytes === 'number') watermark = Math.max(watermark, s.peakBytes);
  }
  return watermark >= 0
    ? // The watermark is authoritative; a sampled value above it can only be a read glitch.
      { peakBytes: watermark, exact: true, sampledUsageMaxBytes: sampled }
    : { peakBytes: sampled, exact: false, sampledUsageMaxBytes: sampled };
}

/** The effective limit: last sampled limit, else the target's configured limit. */
export function limitOf(record: RunRecord): number | null | undefined {
  for (let i = record.stats.length - 1; i >= 0; i--) {
    const l = record.stats[i]!.limitBytes;
    if (l !== undefined) return l;
  }
  return record.target.memoryLimitBytes;
}

export function subSampleSpike(p: PeakEvidence, limit: number | null | undefined): boolean {
  if (!p.exact) return false;
  const margin = Math.max(limit ? 0.05 * limit : 0, 8 * MiB);
  return p.peakBytes - p.sampledUsageMaxBytes > margin;
}

export function atLimitFraction(record: RunRecord, limit: number | null | undefined): number {
  if (!limit || record.stats.length === 0) return 0;
  return record.stats.filter((s) => s.usageBytes >= 0.95 * limit).length / record.stats.length;
}

/** memory.events max rose during the run (usage hit the limit and reclaim ran). */
export function limitEventsRose(record: RunRecord): boolean {
  const v = record.stats.map((s) => s.events?.max).filter((x): x is number => typeof x === 'number');
  return v.length >= 2 && v[v.length - 1]! > v[0]!;
}

const OOM_CLASSES = new Set(['OOM_KILLED_MAIN', 'OOM_KILLED_CHILD']);
const CRASH_CLASSES = new Set(['OOM_KILLED_MAIN', 'OOM_KILLED_CHILD', 'SIGKILL_UNEXPLAINED', 'EXITED']);

export function isOom(record: RunRecord): boolean {
  return OOM_CLASSES.has(record.oom.classification) || record.oom.oomKills > 0;
}

export function isCrashClass(record: RunRecord): boolean {
  return CRASH_CLASSES.has(record.oom.classification) || record.oom.oomKills > 0;
}

/** Cumulative requests at the given times (linear interpolation); undefined without a counter. */
export function requestsAt(record: RunRecord, tMs: ArrayLike<number>): Float64Array | undefined {
  const pts = record.stats.filter((s) => typeof s.requests === 'number');
  if (pts.length < 2) return undefined;
  const out = new Float64Array(tMs.length);
  let j = 0;
  for (let i = 0; i < tMs.length; i++) {
    const t = tMs[i]!;
    while (j + 1 < pts.length - 1 && pts[j + 1]!.tMs <= t) j++;
    const a = pts[j]!;
    const b = pts[Math.min(j + 1, pts.length - 1)]!;
    const f = b.tMs === a.tMs ? 0 : Math.min(1, Math.max(0, (t - a.tMs) / (b.tMs - a.tMs)));
    out[i] = a.requests! + f * (b.requests! - a.requests!);
  }
  return out;
}

/** Mean completed requests per second over a window, from the counter or the load statistics. */
export function meanRps(record: RunRecord, win: Window, req?: Float64Array): number | undefined {
  const sec = msToSec(win.endMs - win.startMs);
  if (sec <= 0) return undefined;
  if (req && req.length >= 2) {
    const r = (req[req.length - 1]! - req[0]!) / sec;
    if (r > 0) return r;
  }
  const loadPhases = new Set(
    record.phases.filter((p) => p.kind === 'load' || p.kind === 'soak').map((p) => p.index),
  );
  const stats = record.load.filter((l) => loadPhases.has(l.phaseIndex));
  const n = stats.reduce((a, l) => a + l.requests, 0);
  return n > 0 ? n / sec : undefined;
}

export function largestPayload(record: RunRecord): number {
  return record.load.reduce((a, l) => Math.max(a, l.largestPayloadBytes), 0);
}
