/**
 * analyseRun: RunRecord -> RunSummary. Pure and deterministic. Named steps, each returning a typed
 * value: series (gate metric, lower envelope), windows, segment, steady (GC cadence, blocks, warm-up
 * cut, W chosen again on the steady window), level (floor, after a step if one), slope (trend test,
 * power), peak (gate metric; kernel watermark beside it as the spike detector), recovery, shape.
 */
import type { GateSpec } from '../config/plan.js';
import type { RunRecord } from '../runner/run-record.js';
import { msToSec, secToMs } from '../units.js';
import {
  AMPLIFICATION_MIN_PAYLOAD_BYTES,
  base,
  levelStep,
  longestSegment,
  peakStep,
  recoveryStep,
  seriesStep,
  slopeMeasuredStep,
  slopeOn,
  windowsStep,
  withAmplification,
  withSpikeBetweenSamples,
} from './analyse-steps.js';
import { detectGc } from './blocks.js';
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
import type { RunSummary } from './run-summary.js';
import { classifyShape } from './shape.js';
import { slopePerRequest } from './slope.js';
import { detectSpikes } from './spikes.js';
import { theilSen } from './stats/trend.js';
import { steadyWindow } from './steady.js';
import { ANALYSIS } from './thresholds.js';

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
    sl.tSec.map((t) => secToMs(t)),
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
    Float64Array.from(steady.tMs, (t) => msToSec(t)),
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
    steadySec: msToSec(steadyMs),
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
