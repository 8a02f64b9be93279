/**
 * Steady window (docs/design/statistics.md#block-width, docs/design/statistics.md#steady): block width from the GC cadence, block floors,
 * residual warm-up removal, and up to two autocorrelation bumps of W.
 */
import { msToSec } from '../units.js';
import {
  blockFloors,
  blocksFrom,
  chooseBlockWidth,
  validBlocks,
  type Blocks,
  type GcCycles,
} from './blocks.js';
import type { Window } from './recovery.js';
import type { Series } from './series.js';
import { lag1, residuals } from './slope.js';
import { median } from './stats/descriptive.js';
import { theilSen } from './stats/trend.js';
import { ANALYSIS } from './thresholds.js';
import { fitWarmup, type WarmupFit } from './warmup.js';

export interface Steady {
  /** Valid blocks of the analysis window (load + soak, longest segment). */
  all: Blocks;
  /** Valid blocks after the warm-up end. */
  steady: Blocks;
  widthMs: number;
  warmup: WarmupFit;
  /** Absolute start of the steady window, ms. */
  startMs: number;
  endMs: number;
  invalidFraction: number;
}

function rhoOf(b: Blocks): number {
  if (b.floor.length < 5) return 0;
  const t = Float64Array.from(b.tMs, (x) => msToSec(x));
  const ts = theilSen(t, b.floor);
  return lag1(residuals(t, b.floor, ts.slope, ts.intercept));
}

function build(s: Series, win: Window, widthMs: number, loadStartMs: number): Steady {
  const raw = blockFloors(s, win.startMs, win.endMs, widthMs);
  const all = validBlocks(raw);
  const level = all.floor.length > 0 ? median(all.floor) : 0;
  const eps = Math.max(0.001 * level, 1);
  const tRel = Float64Array.from(all.tMs, (t) => t - loadStartMs);
  // The first block holds the level from before the load's own ramp (its floor is the pre-load
  // level): leaving it in bends the fitted curve to a faster warm-up that ends too early.
  const first = tRel.length > 0 && tRel[0]! < widthMs ? 1 : 0;
  const warmup = fitWarmup(
    tRel.subarray(first),
    all.floor.subarray(first),
    widthMs,
    eps,
    0.5 * (win.endMs - win.startMs),
  );
  const startMs = Math.max(win.startMs, loadStartMs + warmup.endMs);
  const steadyRaw = blocksFrom(raw, startMs);
  const invalid = steadyRaw.valid.length - steadyRaw.valid.reduce((a, v) => a + v, 0);
  return {
    all,
    steady: validBlocks(steadyRaw),
    widthMs,
    warmup,
    startMs,
    endMs: win.endMs,
    invalidFraction: steadyRaw.valid.length > 0 ? invalid / steadyRaw.valid.length : 1,
  };
}

export function steadyWindow(
  s: Series,
  win: Window,
  gc: GcCycles,
  loadStartMs: number,
  warnings: string[],
): Steady {
  const spanMs = win.endMs - win.startMs;
  let w = chooseBlockWidth(gc.periodMs, spanMs, warnings);
  let st = build(s, win, w, loadStartMs);
  for (let bump = 0; bump < 2; bump++) {
    const rho = rhoOf(st.steady);
    if (rho <= 0.5 || (st.endMs - st.startMs) / (2 * w) < 20) break;
    w *= 2;
    st = build(s, win, w, loadStartMs);
  }
  return rechooseOnSteady(s, st, gc, warnings);
}

/**
 * W was chosen on the whole window; after the warm-up cut the steady window is shorter and may hold
 * too few blocks for a slope. Choose W again on the steady window alone and rebuild its blocks.
 */
function rechooseOnSteady(s: Series, st: Steady, gc: GcCycles, warnings: string[]): Steady {
  const steadyMs = st.endMs - st.startMs;
  if (steadyMs <= 0 || steadyMs / st.widthMs >= ANALYSIS.minSteadyBlocks) return st;
  const w = chooseBlockWidth(gc.periodMs, steadyMs, warnings);
  if (w >= st.widthMs) return st;
  const raw = blockFloors(s, st.startMs, st.endMs, w);
  const invalid = raw.valid.length - raw.valid.reduce((a, v) => a + v, 0);
  return {
    ...st,
    steady: validBlocks(raw),
    widthMs: w,
    invalidFraction: raw.valid.length > 0 ? invalid / raw.valid.length : 1,
  };
}
