/** Phase windows of a run (docs/design/statistics.md#windows): load+soak, the idle before it, the cool-down after. */
import type { PhaseMark, RunRecord } from '../runner/run-record.js';
import type { Window } from './recovery.js';

export interface RunWindows {
  load: Window;
  idle?: Window;
  warmup?: Window;
  cooldown?: Window;
  /** True when no load or soak phase was marked and the window was inferred. */
  inferred: boolean;
  /** Only idle phases: the analysis window is the last idle phase (the footprint at rest). */
  atRest?: boolean;
}

// Phase marks and samples share the run's clock now; the slack, from when they did not, is kept so
// that records and verdicts stay as they were.
const SLACK_MS = 1500;

function span(ps: PhaseMark[]): Window | undefined {
  if (ps.length === 0) return undefined;
  return { startMs: Math.min(...ps.map((p) => p.startMs)), endMs: Math.max(...ps.map((p) => p.endMs)) };
}

export function runWindows(record: RunRecord, firstMs: number, lastMs: number): RunWindows {
  const phases = [...record.phases].sort((a, b) => a.startMs - b.startMs);
  const active = phases.filter((p) => p.kind === 'load' || p.kind === 'soak');
  let load = span(active);
  const inferred = load === undefined;
  const idles = phases.filter((p) => p.kind === 'idle');
  // Only idle phases (the footprint at rest, a common first config): gate the last idle window itself.
  // Not for a run cut short: cut off mid-phase (e.g. read back from its journal), it never marked the
  // phase it was in, and that unmarked span is what there is to analyse.
  const onlyIdle = phases.every((p) => p.kind === 'idle' || p.kind === 'warmup');
  if (!load && idles.length > 0 && onlyIdle && record.cutShort === undefined) {
    const rest = idles[idles.length - 1]!;
    return {
      load: { startMs: rest.startMs, endMs: Math.min(rest.endMs, lastMs + 1) },
      inferred,
      atRest: true,
    };
  }
  if (!load) {
    const before = phases.filter((p) => p.kind === 'warmup' || p.kind === 'idle');
    const after = phases.filter((p) => p.kind === 'cooldown');
    const start = before.length > 0 ? Math.max(...before.map((p) => p.endMs)) : firstMs;
    const end = after.length > 0 ? Math.min(...after.map((p) => p.startMs)) : lastMs;
    load = end > start ? { startMs: start, endMs: end } : { startMs: firstMs, endMs: lastMs };
  }
  const l = load;
  const last = <T>(xs: T[]): T | undefined => xs[xs.length - 1];
  const idle = last(phases.filter((p) => p.kind === 'idle' && p.endMs <= l.startMs + SLACK_MS));
  const warmup = last(phases.filter((p) => p.kind === 'warmup' && p.endMs <= l.startMs + SLACK_MS));
  const cooldown = phases.find((p) => p.kind === 'cooldown' && p.startMs >= l.endMs - SLACK_MS);
  const w = (p: PhaseMark | undefined): Window | undefined =>
    p ? { startMs: p.startMs, endMs: Math.min(p.endMs, lastMs + 1) } : undefined;
  const out: RunWindows = { load: l, inferred };
  const iw = w(idle);
  const ww = w(warmup);
  const cw = w(cooldown);
  if (iw) out.idle = iw;
  if (ww) out.warmup = ww;
  if (cw) out.cooldown = cw;
  return out;
}
