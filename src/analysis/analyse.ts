/**
 * analyseRun: RunRecord -> RunSummary. Pure and deterministic. Named steps, each returning a typed
 * value: series (gate metric, lower envelope), windows, segment, steady (GC cadence, blocks, warm-up
 * cut, W chosen again on the steady window), level (floor, after a step if one), slope (trend test,
 * power), peak (gate metric; kernel watermark beside it as the spike detector), recovery, shape.
 */
import type { RunRecord } from '../runner/run-record.js';
import type { GateSpec } from '../scenarios/plan.js';
import { blockFloors, detectGc, validBlocks, type Blocks } from './blocks.js';
import { compositionShift } from './composition.js';
import {
  atLimitFraction,
  isCrashClass,
  isOom,
  largestPayload,
  limitEventsRose,
  limitOf,
  meanRps,
  peakEvidence,
  requestsAt,
  subSampleSpike,
} from './evidence.js';
import { analyseJob } from './job.js';
import type { Window } from './recovery.js';
import { analyseRecovery, preLoadFloor } from './recovery.js';
import { RUN_SUMMARY_SCHEMA, type RunSummary } from './run-summary.js';
import { buildSeries, despike, findGaps, pickSamples, restartIndices, type Series } from './series.js';
import { classifyShape } from './shape.js';
import { analyseSlope, slopePerRequest, type SlopeResult } from './slope.js';
import { detectSpikes } from './spikes.js';
import { median } from './stats/descriptive.js';
import { theilSen } from './stats/trend.js';
import { steadyWindow } from './steady.js';
import { ANALYSIS } from './thresholds.js';
import { detectStep, warmupResidualBytes, type StepFit, type WarmupFit } from './warmup.js';
import { runWindows, type RunWindows } from './windows.js';

function base(record: RunRecord, gate: GateSpec, warnings: string[]): RunSummary {
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
function longestSegment(s: Series, load: Window, record: RunRecord): { win: Window; restarts: number } {
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

function slopeOn(b: Blocks, alpha: number, step: StepFit, warmup: WarmupFit, loadStartMs: number): SlopeStep {
  let tSec = Float64Array.from(b.tMs, (t) => t / 1000);
  // The cut leaves a little of the warm-up curve (it ends where the rest is half a noise SD); over a
  // short steady window that tail is a slope of its own, which varied from run to run and hid leaks.
  let floors = Float64Array.from(b.floor, (f, i) => f + warmupResidualBytes(warmup, b.tMs[i]! - loadStartMs));
  if (step.step) {
    // Test the leak on the longer side of the step only; the level gate handles the step itself.
    const keepLate = b.floor.length - step.split >= step.split;
    tSec = keepLate ? tSec.subarray(step.split) : tSec.subarray(0, step.split);
    floors = keepLate ? floors.subarray(step.split) : floors.subarray(0, step.split);
  }
  const spanSec = tSec.length > 1 ? tSec[tSec.length - 1]! - tSec[0]! + b.widthMs / 1000 : 0;
  return { res: analyseSlope(tSec, floors, spanSec, alpha), tSec, floors, step: step.step };
}

/** Smallest payload for which peak growth / payload is reported. */
export const AMPLIFICATION_MIN_PAYLOAD_BYTES = 1024 * 1024;

/** Peak and amplification of a run whose steady window is too short for the other figures. */
function withAmplification(
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
function seriesStep(record: RunRecord, gate: GateSpec, warnings: string[]): Series | undefined {
  const picked = pickSamples(record, gate.metric, warnings);
  if (picked.tMs.length < ANALYSIS.minSamples) {
    warnings.push(`only ${picked.tMs.length} samples of ${gate.metric}; need >= ${ANALYSIS.minSamples}`);
    return undefined;
  }
  return buildSeries(picked.tMs, picked.bytes);
}

/** Step 2: phase windows and sampling gaps. */
function windowsStep(record: RunRecord, s: Series, warnings: string[]): RunWindows {
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

function levelStep(s: Series, steady: Blocks, win: Window, gcPeriodMs: number): Level {
  const tSec = Float64Array.from(steady.tMs, (t) => t / 1000);
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
function slopeMeasuredStep(segmented: boolean, steadyMs: number, m: number, warnings: string[]): boolean {
  const ok = !segmented && steadyMs >= ANALYSIS.minSteadyMs && m >= ANALYSIS.minSteadyBlocks;
  if (!ok) {
    warnings.push(
      segmented
        ? 'restarts left no segment covering 1/3 of load; slope not measured'
        : `steady window ${(steadyMs / 1000).toFixed(0)} s / ${m} blocks is too short for a slope; need >= ${ANALYSIS.minSteadyMs / 1000} s and >= ${ANALYSIS.minSteadyBlocks} blocks`,
    );
  }
  return ok;
}

/** Step 6: peak of the gate metric (robust: two high samples) and raw, over the analysis window. */
interface Peak {
  robustBytes: number;
  rawBytes: number;
}

function peakStep(s: Series, load: Window): Peak {
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
function withSpikeBetweenSamples(
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
function recoveryStep(
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

export function analyseRun(record: RunRecord, gate: GateSpec): RunSummary {
  const warnings: string[] = [];
  const out = base(record, gate, warnings);
  if (record.job !== undefined) return analyseJob(record, gate, out);
  // An invalid run (runner/validity.ts says why, in its warnings) is still analysed: its figures are
  // evidence. It never counts: the summary keeps valid = false.
  const s = seriesStep(record, gate, warnings);
  if (!s) return out;
  const win = windowsStep(record, s, warnings);

  const seg = longestSegment(s, win.load, record);
  const loadMs = win.load.endMs - win.load.startMs;
  const segmented = seg.restarts > 0 && seg.win.endMs - seg.win.startMs < loadMs * ANALYSIS.minSegmentOfLoad;
  const gc = detectGc(s, seg.win.startMs, seg.win.endMs);
  const st = steadyWindow(s, seg.win, gc, win.load.startMs, warnings);
  const steady = st.steady;
  const m = steady.floor.length;
  if (m < ANALYSIS.minFloorBlocks) {
    warnings.push(`steady window has ${m} valid blocks; need >= ${ANALYSIS.minFloorBlocks} for a floor`);
    // A single big upload or download is too short for a floor, but its amplification is still a figure.
    return withAmplification(out, record, s, win, st.widthMs);
  }
  const steadyMs = st.endMs - st.startMs;
  if (st.invalidFraction > ANALYSIS.maxInvalidBlockFraction) {
    warnings.push(
      `${(st.invalidFraction * 100).toFixed(0)}% of steady blocks have under half their samples (gaps); run is inconclusive`,
    );
    return out;
  }
  const level = levelStep(s, steady, { startMs: st.startMs, endMs: st.endMs }, gc.periodMs);
  const floorBytes = level.floorBytes;
  const sl = slopeOn(steady, gate.alpha, level.step, st.warmup, win.load.startMs);
  const slopeMeasured = slopeMeasuredStep(segmented, steadyMs, m, warnings);
  if (st.warmup.capped) warnings.push('warm-up still settling at 50% of load+soak; extend the soak');

  const req = requestsAt(
    record,
    sl.tSec.map((t) => t * 1000),
  );
  const rps = meanRps(
    record,
    { startMs: st.startMs, endMs: st.endMs },
    requestsAt(record, [st.startMs, st.endMs]),
  );
  const perReq = req ? slopePerRequest(req, sl.floors) : rps ? sl.res.bytesPerSec / rps : undefined;

  const peak = peakEvidence(record);
  const limit = limitOf(record);
  const pk = withSpikeBetweenSamples(peakStep(s, win.load), record, peak, limit);
  const subSpike = subSampleSpike(peak, limit);
  const { pre, rec } = recoveryStep(s, win, st.widthMs, gate, warnings);

  const spikes = detectSpikes(s, st.all, seg.win.startMs, floorBytes);
  const crash = seg.restarts > 0 || isCrashClass(record);
  const ceilSlope = theilSen(
    Float64Array.from(steady.tMs, (t) => t / 1000),
    steady.ceil,
  ).slope;
  const shape = classifyShape({
    crash,
    oomEvidence: isOom(record) || record.oom.exitCode === 137,
    floorP: sl.res.p,
    slopeBytesPerSec: sl.res.bytesPerSec,
    slopeMeasured,
    floorBytes,
    decel: sl.res.decel,
    steadySec: steadyMs / 1000,
    sawtooth: gc.sawtooth,
    gcAmplitudeBytes: gc.amplitudeBytes,
    ceilSlopeBytesPerSec: ceilSlope,
    step: sl.step,
    warmup: st.warmup.accepted && st.warmup.endMs > 0,
    warmupCapped: st.warmup.capped,
    spikes: spikes.count,
    subSampleSpike: subSpike,
    limitEventsRose: limitEventsRose(record),
    atLimitFraction: atLimitFraction(record, limit),
    compositionShift: crash && compositionShift(record, seg.win),
    alpha: gate.alpha,
  });
  const payload = record.payloadBytes ?? largestPayload(record);
  if (seg.restarts > 0)
    warnings.push(`${seg.restarts} restart(s) detected (sample < 50% of the previous one)`);

  const summary: RunSummary = {
    ...out,
    valid: record.valid,
    floorBytes,
    slopeBytesPerSec: {
      value: sl.res.bytesPerSec,
      lo: sl.res.lo,
      hi: sl.res.hi,
      confidence: ANALYSIS.slopeConfidence,
      p: sl.res.p,
      decel: sl.res.decel,
    },
    peakBytes: peak.peakBytes,
    peakExact: peak.exact,
    peakRobustBytes: pk.robustBytes,
    shape: shape.shape,
    shapeReasons: shape.reasons,
    blockMs: st.widthMs,
    blocks: m,
    sigmaFloorBytes: sl.res.sigmaFloorBytes,
    warmupEndMs: st.startMs,
    peakRawBytes: pk.rawBytes,
    slopeMeasured,
    steadyMs,
    loadMs,
    crash,
    restarts: seg.restarts,
    warmupCapped: st.warmup.capped,
    step: sl.step,
    vif: sl.res.vif,
    gcPeriodMs: gc.periodMs,
    subSampleSpike: subSpike,
  };
  if (win.atRest) summary.atRest = true;
  // No detection limit where no slope was measured: "0 B/h" would claim perfect power.
  if (slopeMeasured && Number.isFinite(sl.res.detectableBytesPerSec) && sl.res.detectableBytesPerSec > 0) {
    summary.detectableSlopeBytesPerSec = sl.res.detectableBytesPerSec;
    if (rps !== undefined && rps > 0) summary.detectableBytesPerRequest = sl.res.detectableBytesPerSec / rps;
  }
  if (perReq !== undefined) summary.slopeBytesPerRequest = perReq;
  if (rps !== undefined) summary.meanRps = rps;
  if (pre) summary.preLoadFloorBytes = pre.floorBytes;
  if (pre?.approximate) summary.preLoadApproximate = true;
  if (win.cooldown) summary.cooldownMs = win.cooldown.endMs - win.cooldown.startMs;
  if (rec) {
    summary.recoveryResidualBytes = rec.residualBytes;
    summary.recoveryStatus = rec.status;
    if (rec.recoveryMs !== undefined) summary.recoveryMs = rec.recoveryMs;
  }
  // Amplification only means something for big payloads: a 2 KiB request cannot explain a peak.
  if (payload >= AMPLIFICATION_MIN_PAYLOAD_BYTES) {
    summary.largestPayloadBytes = payload;
    if (record.payloadBytes !== undefined) summary.payloadDeclared = true;
    if (pre) summary.amplification = Math.max(0, peak.peakBytes - pre.floorBytes) / payload;
  }
  return summary;
}
