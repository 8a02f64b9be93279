/** The named steps of analyseRun (analyse.ts): each reads the record and returns one typed value of the summary. */
import type { GateSpec } from '../config/plan.js';
import type { RunRecord } from '../runner/run-record.js';
import { MiB, msToSec } from '../units.js';
import { blockFloors, validBlocks, type Blocks } from './blocks.js';
import { isCrashClass, isOom, largestPayload, limitOf, peakEvidence } from './evidence.js';
import type { Window } from './recovery.js';
import { analyseRecovery, preLoadFloor } from './recovery.js';
import { RUN_SUMMARY_SCHEMA, type RunSummary } from './run-summary.js';
import { buildSeries, despike, findGaps, pickSamples, restartIndices, type Series } from './series.js';
import { analyseSlope, type SlopeResult } from './slope.js';
import { median } from './stats/descriptive.js';
import { ANALYSIS } from './thresholds.js';
import { detectStep, warmupResidualBytes, type StepFit, type WarmupFit } from './warmup.js';
import { runWindows, type RunWindows } from './windows.js';

export function base(record: RunRecord, gate: GateSpec, warnings: string[]): RunSummary {
  return {
    schema: RUN_SUMMARY_SCHEMA,
    scenario: record.scenario,
    run: record.run,
    side: record.side,
    metric: gate.metric,
    valid: false,
    floorBytes: 0,
    slopeBytesPerSec: { value: 0, lo: 0, hi: 0, confidence: ANALYSIS.slopeConfidence, p: 1, decel: 1 },
    peakBytes: 0,
    peakExact: false,
    peakRobustBytes: 0,
    shape: 'unknown',
    shapeReasons: [],
    oom: isOom(record),
    oomClass: record.oom.classification,
    // A crash is evidence even in a run too short to analyse.
    ...(isCrashClass(record) ? { crash: true } : {}),
    blockMs: 0,
    blocks: 0,
    sigmaFloorBytes: 0,
    warmupEndMs: 0,
    limitBytes: limitOf(record) ?? null,
    warnings,
  };
}

function restartEvidence(record: RunRecord): boolean {
  return record.events.some((e) => e.kind === 'exit') || record.oom.oomKills > 0;
}

/** The longest restart-free stretch of the load window, and the number of restarts in the run. */
export function longestSegment(
  s: Series,
  load: Window,
  record: RunRecord,
): { win: Window; restarts: number } {
  // A sample below half the previous one is a restart only if the target did exit or restart: a
  // freed 300 MiB spike drops just as far, and every run starts a fresh target.
  const cuts = restartEvidence(record) ? restartIndices(s.y) : [];
  const bounds = [s.tMs[0] ?? load.startMs, ...cuts.map((i) => s.tMs[i]!), Infinity];
  let best: Window = load;
  let bestLen = -1;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const w = { startMs: Math.max(load.startMs, bounds[k]!), endMs: Math.min(load.endMs, bounds[k + 1]!) };
    if (w.endMs - w.startMs > bestLen) {
      best = w;
      bestLen = w.endMs - w.startMs;
    }
  }
  return { win: best, restarts: cuts.length };
}

interface SlopeStep {
  res: SlopeResult;
  tSec: Float64Array;
  floors: Float64Array;
  step: boolean;
}

export function slopeOn(
  b: Blocks,
  alpha: number,
  step: StepFit,
  warmup: WarmupFit,
  loadStartMs: number,
): SlopeStep {
  let tSec = Float64Array.from(b.tMs, (t) => msToSec(t));
  // The cut leaves a little of the warm-up curve (it ends where the rest is half a noise SD); over a
  // short steady window that tail is a slope of its own, which varied from run to run and hid leaks.
  let floors = Float64Array.from(b.floor, (f, i) => f + warmupResidualBytes(warmup, b.tMs[i]! - loadStartMs));
  if (step.step) {
    // Test the leak on the longer side of the step only; the level gate handles the step itself.
    const keepLate = b.floor.length - step.split >= step.split;
    tSec = keepLate ? tSec.subarray(step.split) : tSec.subarray(0, step.split);
    floors = keepLate ? floors.subarray(step.split) : floors.subarray(0, step.split);
  }
  const spanSec = tSec.length > 1 ? tSec[tSec.length - 1]! - tSec[0]! + msToSec(b.widthMs) : 0;
  return { res: analyseSlope(tSec, floors, spanSec, alpha), tSec, floors, step: step.step };
}

/** Smallest payload for which peak growth / payload is reported. */
export const AMPLIFICATION_MIN_PAYLOAD_BYTES = MiB;

/** Peak and amplification of a run whose steady window is too short for the other figures. */
export function withAmplification(
  out: RunSummary,
  record: RunRecord,
  s: Series,
  win: ReturnType<typeof runWindows>,
  widthMs: number,
): RunSummary {
  const payload = record.payloadBytes ?? largestPayload(record);
  if (payload < AMPLIFICATION_MIN_PAYLOAD_BYTES) return out;
  const peak = peakEvidence(record);
  const pre = preLoadFloor(s, win.idle, win.warmup, widthMs);
  return {
    ...out,
    peakBytes: peak.peakBytes,
    peakExact: peak.exact,
    largestPayloadBytes: payload,
    ...(record.payloadBytes === undefined ? {} : { payloadDeclared: true }),
    ...(pre ? { amplification: Math.max(0, peak.peakBytes - pre.floorBytes) / payload } : {}),
  };
}

/** Step 1: the gate metric's samples as a series; undefined (with a warning) when too few. */
export function seriesStep(record: RunRecord, gate: GateSpec, warnings: string[]): Series | undefined {
  const picked = pickSamples(record, gate.metric, warnings);
  if (picked.tMs.length < ANALYSIS.minSamples) {
    warnings.push(`only ${picked.tMs.length} samples of ${gate.metric}; need >= ${ANALYSIS.minSamples}`);
    return undefined;
  }
  return buildSeries(picked.tMs, picked.bytes);
}

/** Step 2: phase windows and sampling gaps. */
export function windowsStep(record: RunRecord, s: Series, warnings: string[]): RunWindows {
  const win = runWindows(record, s.tMs[0]!, s.tMs[s.tMs.length - 1]!);
  if (win.atRest) warnings.push('idle phases only: floor and peak gated on the last idle window (at rest)');
  else if (win.inferred)
    warnings.push('no load or soak phase marked; analysed the span between warm-up/idle and cool-down');
  const gaps = findGaps(s.tMs, s.medianDtMs);
  if (gaps.length > 0)
    warnings.push(`${gaps.length} sampling gap(s) longer than ${ANALYSIS.gapSteps}x the sample interval`);
  return win;
}

/** Step 4: the floor level: the median block floor, read after a step when the steady window has one. */
interface Level {
  floorBytes: number;
  step: StepFit;
}

export function levelStep(s: Series, steady: Blocks, win: Window, gcPeriodMs: number): Level {
  const tSec = Float64Array.from(steady.tMs, (t) => msToSec(t));
  const step = detectStep(tSec, steady.floor, ANALYSIS.minStepOfLevel, ANALYSIS.minStepBytes);
  // A mid-run step is a level change: the level the service settled at is after it. The median over
  // the whole window would split the difference and hide half of it from the level gate.
  const late = steady.floor.length - step.split;
  const from = step.step && late >= ANALYSIS.minBlocksAfterStep ? step.split : 0;
  // Slope blocks may be narrower than a GC cycle in a short window; a block without a GC trough has
  // a floor up the ramp. The level reads blocks that each span a few GC cycles.
  const levelWidthMs = ANALYSIS.levelBlockGcCycles * gcPeriodMs;
  if (levelWidthMs > steady.widthMs) {
    const startMs = from > 0 ? steady.tMs[from]! - steady.widthMs / 2 : win.startMs;
    const wide = validBlocks(blockFloors(s, startMs, win.endMs, levelWidthMs));
    if (wide.floor.length > 0) return { floorBytes: median(wide.floor), step };
  }
  return { floorBytes: median(steady.floor.subarray(from)), step };
}

/** Step 5: the slope is measured only on a long enough, unsegmented steady window. */
export function slopeMeasuredStep(
  segmented: boolean,
  steadyMs: number,
  m: number,
  warnings: string[],
): boolean {
  const ok = !segmented && steadyMs >= ANALYSIS.minSteadyMs && m >= ANALYSIS.minSteadyBlocks;
  if (!ok) {
    warnings.push(
      segmented
        ? 'restarts left no segment covering 1/3 of load; slope not measured'
        : `steady window ${msToSec(steadyMs).toFixed(0)} s / ${m} blocks is too short for a slope; need >= ${msToSec(ANALYSIS.minSteadyMs)} s and >= ${ANALYSIS.minSteadyBlocks} blocks`,
    );
  }
  return ok;
}

/** Step 6: peak of the gate metric (robust: two high samples) and raw, over the analysis window. */
interface Peak {
  robustBytes: number;
  rawBytes: number;
}

export function peakStep(s: Series, load: Window): Peak {
  let robustBytes = 0;
  let rawBytes = 0;
  for (let i = 0; i < s.tMs.length; i++) {
    if (s.tMs[i]! < load.startMs || s.tMs[i]! > load.endMs) continue;
    robustBytes = Math.max(robustBytes, s.yMax[i]!);
    rawBytes = Math.max(rawBytes, s.rawMax[i]!);
  }
  return { robustBytes, rawBytes };
}

/**
 * Step 6b: a spike between the gate metric's samples. The kernel watermark (or the 10 Hz usage) above
 * every usage read taken with the gate metric by more than max(5 % of the limit, 8 MiB) is memory the
 * gate metric's samples never saw; cache changes too slowly to make such a jump, so the excess is
 * added to the gate metric's peak (a freed 300 MiB buffer is an OOM risk whatever the metric).
 */
export function withSpikeBetweenSamples(
  pk: Peak,
  record: RunRecord,
  peak: ReturnType<typeof peakEvidence>,
  limit: number | null | undefined,
): Peak {
  // Robust (two-sample) usage peak at the gate metric's instants: a spike one of them happened to
  // catch counts as unseen too, since the gate metric's robust peak drops single samples.
  const usage = Float64Array.from(
    record.stats.filter((x) => Number.isFinite(x.usageBytes)),
    (x) => x.usageBytes,
  );
  let seen = usage.length > 0 ? -Infinity : Infinity;
  for (const v of despike(usage)) seen = Math.max(seen, v);
  const excess = peak.peakBytes - seen;
  const margin = Math.max(limit ? ANALYSIS.spikeOfLimit * limit : 0, ANALYSIS.spikeMinBytes);
  if (!(excess > margin)) return pk;
  return { ...pk, robustBytes: Math.max(pk.robustBytes, pk.robustBytes + excess) };
}

/** Step 7: recovery after load against the pre-load floor. */
export function recoveryStep(
  s: Series,
  win: RunWindows,
  widthMs: number,
  gate: GateSpec,
  warnings: string[],
): { pre: ReturnType<typeof preLoadFloor>; rec: ReturnType<typeof analyseRecovery> } {
  const pre = win.atRest ? undefined : preLoadFloor(s, win.idle, win.warmup, widthMs);
  if (pre?.approximate) warnings.push('pre-load floor approximate: idle window shorter than 30 s or missing');
  const rec =
    pre && win.cooldown
      ? analyseRecovery(s, win.cooldown, win.load.endMs, pre, widthMs, gate.recovery.withinMs)
      : undefined;
  if (!win.cooldown && !win.atRest) warnings.push('no cool-down phase: recovery not measured');
  return { pre, rec };
}
