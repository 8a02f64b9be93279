/**
 * analyseRun: RunRecord -> RunSummary (statistics.md sections 1-8). Pure and deterministic.
 * Steps: gate-metric series, despike, restart segments, GC cadence, block floors, steady window,
 * floor level, slope + trend test + power, peak, recovery, shape.
 */
import type { RunRecord } from '../runner/run-record.js';
import type { GateSpec } from '../scenarios/plan.js';
import { detectGc, type Blocks } from './blocks.js';
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
import { buildSeries, findGaps, pickSamples, restartIndices, type Series } from './series.js';
import { classifyShape } from './shape.js';
import { analyseSlope, slopePerRequest, type SlopeResult } from './slope.js';
import { detectSpikes } from './spikes.js';
import { median } from './stats/descriptive.js';
import { theilSen } from './stats/trend.js';
import { steadyWindow } from './steady.js';
import { detectStep } from './warmup.js';
import { runWindows } from './windows.js';

const MIN_STEADY_MS = 120_000;
const MIN_STEADY_BLOCKS = 20;

function base(record: RunRecord, gate: GateSpec, warnings: string[]): RunSummary {
  return {
    schema: RUN_SUMMARY_SCHEMA,
    scenario: record.scenario,
    run: record.run,
    side: record.side,
    metric: gate.metric,
    valid: false,
    floorBytes: 0,
    slopeBytesPerSec: { value: 0, lo: 0, hi: 0, confidence: 0.95, p: 1, decel: 1 },
    peakBytes: 0,
    peakExact: false,
    peakRobustBytes: 0,
    shape: 'unknown',
    shapeReasons: [],
    oom: isOom(record),
    oomClass: record.oom.classification,
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

function slopeOn(
  b: Blocks,
  alpha: number,
): { res: SlopeResult; tSec: Float64Array; floors: Float64Array; step: boolean } {
  let tSec = Float64Array.from(b.tMs, (t) => t / 1000);
  let floors = b.floor;
  const step = detectStep(tSec, floors);
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

export function analyseRun(record: RunRecord, gate: GateSpec): RunSummary {
  const warnings: string[] = [];
  const out = base(record, gate, warnings);
  if (record.job !== undefined) return analyseJob(record, gate, out);
  if (!record.valid) {
    warnings.push(
      `run marked invalid by the runner${record.warnings.length ? `: ${record.warnings.join('; ')}` : ''}`,
    );
    return out;
  }
  const picked = pickSamples(record, gate.metric, warnings);
  if (picked.tMs.length < 10) {
    warnings.push(`only ${picked.tMs.length} samples of ${gate.metric}; need >= 10`);
    return out;
  }
  const s = buildSeries(picked.tMs, picked.bytes);
  const firstMs = s.tMs[0]!;
  const lastMs = s.tMs[s.tMs.length - 1]!;
  const win = runWindows(record, firstMs, lastMs);
  if (win.inferred)
    warnings.push('no load or soak phase marked; analysed the span between warm-up/idle and cool-down');
  const gaps = findGaps(s.tMs, s.medianDtMs);
  if (gaps.length > 0) warnings.push(`${gaps.length} sampling gap(s) longer than 5x the sample interval`);

  const seg = longestSegment(s, win.load, record);
  const loadMs = win.load.endMs - win.load.startMs;
  const segmented = seg.restarts > 0 && seg.win.endMs - seg.win.startMs < loadMs / 3;
  const gc = detectGc(s, seg.win.startMs, seg.win.endMs);
  const st = steadyWindow(s, seg.win, gc, win.load.startMs, warnings);
  const steady = st.steady;
  const m = steady.floor.length;
  if (m < 3) {
    warnings.push(`steady window has ${m} valid blocks; need >= 3 for a floor`);
    // A single big upload or download is too short for a floor, but its amplification is still a figure.
    return withAmplification(out, record, s, win, st.widthMs);
  }
  const steadyMs = st.endMs - st.startMs;
  if (st.invalidFraction > 0.2) {
    warnings.push(
      `${(st.invalidFraction * 100).toFixed(0)}% of steady blocks have under half their samples (gaps); run is inconclusive`,
    );
    return out;
  }
  const floorBytes = median(steady.floor);
  const sl = slopeOn(steady, gate.alpha);
  const slopeMeasured = !segmented && steadyMs >= MIN_STEADY_MS && m >= MIN_STEADY_BLOCKS;
  if (!slopeMeasured) {
    warnings.push(
      segmented
        ? 'restarts left no segment covering 1/3 of load; slope not measured'
        : `steady window ${(steadyMs / 1000).toFixed(0)} s / ${m} blocks is too short for a slope; need >= 120 s and >= 20 blocks`,
    );
  }
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

  let peakRobust = 0;
  let peakRaw = 0;
  for (let i = 0; i < s.tMs.length; i++) {
    if (s.tMs[i]! < win.load.startMs || s.tMs[i]! > win.load.endMs) continue;
    peakRobust = Math.max(peakRobust, s.yMax[i]!);
    peakRaw = Math.max(peakRaw, s.rawMax[i]!);
  }
  const peak = peakEvidence(record);
  const limit = limitOf(record);
  const subSpike = subSampleSpike(peak, limit);

  const pre = preLoadFloor(s, win.idle, win.warmup, st.widthMs);
  if (pre?.approximate) warnings.push('pre-load floor approximate: idle window shorter than 30 s or missing');
  const rec =
    pre && win.cooldown
      ? analyseRecovery(s, win.cooldown, win.load.endMs, pre, st.widthMs, gate.recovery.withinMs)
      : undefined;
  if (!win.cooldown) warnings.push('no cool-down phase: recovery not measured');

  const spikes = detectSpikes(s, st.all, seg.win.startMs, floorBytes);
  const crash = seg.restarts > 0 || isCrashClass(record);
  const ceilSlope =
    m >= 3
      ? theilSen(
          Float64Array.from(steady.tMs, (t) => t / 1000),
          steady.ceil,
        ).slope
      : 0;
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
    valid: true,
    floorBytes,
    slopeBytesPerSec: {
      value: sl.res.bytesPerSec,
      lo: sl.res.lo,
      hi: sl.res.hi,
      confidence: 0.95,
      p: sl.res.p,
      decel: sl.res.decel,
    },
    peakBytes: peak.peakBytes,
    peakExact: peak.exact,
    peakRobustBytes: peakRobust,
    shape: shape.shape,
    shapeReasons: shape.reasons,
    blockMs: st.widthMs,
    blocks: m,
    sigmaFloorBytes: sl.res.sigmaFloorBytes,
    warmupEndMs: st.startMs,
    peakRawBytes: peakRaw,
    slopeMeasured,
    steadyMs,
    crash,
    restarts: seg.restarts,
    warmupCapped: st.warmup.capped,
    step: sl.step,
    vif: sl.res.vif,
    gcPeriodMs: gc.periodMs,
    subSampleSpike: subSpike,
  };
  // No detection limit where no slope was measured: "0 B/h" would claim perfect power.
  if (slopeMeasured && Number.isFinite(sl.res.detectableBytesPerSec) && sl.res.detectableBytesPerSec > 0)
    summary.detectableSlopeBytesPerSec = sl.res.detectableBytesPerSec;
  if (perReq !== undefined) summary.slopeBytesPerRequest = perReq;
  if (rps !== undefined) summary.meanRps = rps;
  if (pre) summary.preLoadFloorBytes = pre.floorBytes;
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
