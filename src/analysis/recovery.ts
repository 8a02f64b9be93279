/**
 * Recovery after load (docs/design/statistics.md#recovery): pre-load floor from the idle window, the first time
 * the floor stays within tolerance for 3 blocks after load, and the residual at the end of cool-down.
 */
import { definedOnly } from '../util/defined-only.js';
import { blockFloors, validBlocks } from './blocks.js';
import type { Series } from './series.js';
import { median, robustSigma } from './stats/descriptive.js';
import { ANALYSIS } from './thresholds.js';

export type RecoveryStatus = 'recovered' | 'slow' | 'not_recovered';

export interface Window {
  startMs: number;
  endMs: number;
}

export interface PreLoad {
  floorBytes: number;
  sigmaBytes: number;
  approximate: boolean;
}

/** Median block floor over the idle window (blocks of min(W, 10 s), at least 3). */
export function preLoadFloor(
  s: Series,
  idle: Window | undefined,
  warmup: Window | undefined,
  widthMs: number,
): PreLoad | undefined {
  let win = idle;
  let approximate = false;
  if (!win && warmup) {
    win = { startMs: warmup.endMs - (warmup.endMs - warmup.startMs) / 4, endMs: warmup.endMs };
    approximate = true;
  }
  if (!win) return undefined;
  // A point of a bucketed series summarises the medianDtMs around it: keep only points whose span
  // lies inside the window, or a 1 s bucket straddling the idle start brings in warm-up samples.
  // A bucket may start a few ms before the phase mark (the first sample is taken as the idle begins,
  // on its own schedule): such a bucket is inside. Without this slack a 1 s idle kept no bucket at all.
  const trim = Math.max(0, s.medianDtMs / 2 - ANALYSIS.phaseMarkSlackMs);
  if (win.endMs - win.startMs > 2 * trim) win = { startMs: win.startMs + trim, endMs: win.endMs - trim + 1 };
  const len = win.endMs - win.startMs;
  if (!(len > 0)) return undefined;
  // A window shorter than the smallest block is one block (rounding would leave it none).
  const w = len < ANALYSIS.recoveryBlockMinMs ? len : recoveryBlockMs(widthMs, len);
  const b = validBlocks(blockFloors(s, win.startMs, win.endMs, w));
  if (b.floor.length === 0) return undefined;
  if (b.floor.length < ANALYSIS.preLoadMinBlocks || len < ANALYSIS.preLoadMinMs) approximate = true;
  return {
    floorBytes: median(b.floor),
    sigmaBytes: b.floor.length >= ANALYSIS.preLoadMinBlocks ? robustSigma(b.floor) : 0,
    approximate,
  };
}

export interface Recovery {
  residualBytes: number;
  /** From end of load to the first of 3 consecutive blocks within tolerance; undefined = never. */
  recoveryMs?: number;
  status: RecoveryStatus;
  toleranceBytes: number;
}

export function analyseRecovery(
  s: Series,
  cooldown: Window,
  loadEndMs: number,
  pre: PreLoad,
  widthMs: number,
  withinMs: number,
): Recovery | undefined {
  const len = cooldown.endMs - cooldown.startMs;
  if (len <= 0) return undefined;
  const w = recoveryBlockMs(widthMs, len);
  const b = validBlocks(blockFloors(s, cooldown.startMs, cooldown.endMs, w));
  if (b.floor.length === 0) return undefined;
  const tol = Math.max(
    ANALYSIS.recoveryToleranceOfFloor * pre.floorBytes,
    ANALYSIS.recoveryToleranceBytes,
    ANALYSIS.recoveryToleranceSigmas * pre.sigmaBytes,
  );
  const within = (i: number): boolean => b.floor[i]! <= pre.floorBytes + tol;
  let recoveryMs: number | undefined;
  for (let i = 0; i + ANALYSIS.recoveredBlocks <= b.floor.length; i++) {
    if (Array.from({ length: ANALYSIS.recoveredBlocks }, (_, k) => within(i + k)).every(Boolean)) {
      recoveryMs = Math.max(0, b.tMs[i]! - w / 2 - loadEndMs);
      break;
    }
  }
  const tailMs = Math.max(ANALYSIS.recoveryTailMs, len / 3);
  const tail: number[] = [];
  for (let i = 0; i < b.floor.length; i++) if (b.tMs[i]! >= cooldown.endMs - tailMs) tail.push(b.floor[i]!);
  const residualBytes = median(tail) - pre.floorBytes;
  const status: RecoveryStatus =
    recoveryMs === undefined ? 'not_recovered' : recoveryMs <= withinMs ? 'recovered' : 'slow';
  return { residualBytes, ...definedOnly({ recoveryMs }), status, toleranceBytes: tol };
}

/** Blocks for the idle and cool-down windows: the run's W, bounded, at least 3 per window. */
function recoveryBlockMs(widthMs: number, windowMs: number): number {
  return Math.max(ANALYSIS.recoveryBlockMinMs, Math.min(widthMs, ANALYSIS.recoveryBlockMaxMs, windowMs / 3));
}
