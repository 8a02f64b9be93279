/**
 * A batch job's run (`target.job`): the whole run is the job, so there is no steady window, slope or
 * recovery. Figures: the peak (kernel watermark when there is one), the floor (the median level
 * while it ran: what it holds for most of its life, robust to its start and its bursts), the
 * amplification (peak over the declared `payload:`), and how it ended (exit code, time limit).
 */
import type { GateSpec } from '../config/plan.js';
import type { RunRecord } from '../runner/run-record.js';
import { peakEvidence } from './evidence.js';
import type { RunSummary } from './run-summary.js';
import { pickSamples } from './series.js';
import { median } from './stats/descriptive.js';

/** Fewer samples than this while the job ran and its figures are not trusted. */
export const JOB_MIN_SAMPLES = 5;

/** Fills a job's figures into `out` (the summary with the run's identity and defaults). */
export function analyseJob(record: RunRecord, gate: GateSpec, out: RunSummary): RunSummary {
  const job = record.job;
  if (job === undefined) return out;
  const ended = {
    jobExitCode: job.exitCode,
    jobTimedOut: job.timedOut,
    jobDurationMs: job.durationMs,
    crash: job.timedOut || job.exitCode !== 0,
  };
  if (!record.valid) return { ...out, ...ended };
  const picked = pickSamples(record, gate.metric, out.warnings);
  const endMs = job.durationMs;
  const levels: number[] = [];
  for (let i = 0; i < picked.tMs.length; i++) if (picked.tMs[i]! <= endMs) levels.push(picked.bytes[i]!);
  const count = levels.length;
  const sampledMax = levels.reduce((a, b) => Math.max(a, b), 0);
  if (count < JOB_MIN_SAMPLES) {
    out.warnings.push(
      `only ${count} samples of ${gate.metric} while the job ran; need >= ${JOB_MIN_SAMPLES}`,
    );
    return { ...out, ...ended };
  }
  const peak = peakEvidence(record);
  const payload = record.payloadBytes;
  return {
    ...out,
    ...ended,
    valid: true,
    floorBytes: median(levels),
    peakBytes: peak.peakBytes,
    peakExact: peak.exact,
    peakRobustBytes: sampledMax,
    peakRawBytes: sampledMax,
    slopeMeasured: false,
    blocks: count,
    steadyMs: job.durationMs,
    shapeReasons: ['batch job: no steady window'],
    ...(payload === undefined || payload <= 0
      ? {}
      : { amplification: peak.peakBytes / payload, largestPayloadBytes: payload, payloadDeclared: true }),
  };
}
