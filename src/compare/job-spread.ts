/**
 * Job-level noise. Runs of one CI job share its host (CPU model, kernel, page cache state), so a
 * baseline from another job differs by a job offset no number of runs averages away. The baseline
 * keeps one summary per trusted job (the last K); their spread is the job-to-job noise, and an effect
 * inside it is inconclusive, not fail. With too few jobs a stated default spread stands in.
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { median, sampleSd } from '../analysis/stats/descriptive.js';
import { COMPARE } from './thresholds.js';

/** One trusted job of a scenario: the medians of its runs' level metrics. */
export interface JobSummary {
  /** Who made it: the results' creation time and commit. */
  job: string;
  runs: number;
  floorBytes: number;
  peakBytes: number;
}

export interface JobSpread {
  /** SD of one job's level, bytes. */
  sigma: number;
  /** Where sigma came from, for the reason line. */
  source: string;
  measured: boolean;
}

/** The job summary of a set of accepted runs; undefined without any valid run. */
export function jobSummaryOf(job: string, runs: RunSummary[]): JobSummary | undefined {
  const valid = runs.filter((s) => s.valid);
  if (valid.length === 0) return undefined;
  return {
    job,
    runs: valid.length,
    floorBytes: median(valid.map((s) => s.floorBytes)),
    peakBytes: median(valid.map((s) => s.peakRobustBytes)),
  };
}

/** Appends a job and keeps the last `COMPARE.jobsKept`. */
export function appendJob(jobs: JobSummary[] | undefined, job: JobSummary | undefined): JobSummary[] {
  const all = [...(jobs ?? []), ...(job ? [job] : [])];
  return all.slice(-COMPARE.jobsKept);
}

/** The job-to-job spread of a level metric, measured from the jobs or the stated default. */
export function jobSpread(
  jobs: JobSummary[],
  metric: 'floor' | 'peak' | 'recovery',
  levelBytes: number,
): JobSpread {
  // Recovery residuals are read against the level: their job offset is the level's.
  const xs = jobs.map((j) => (metric === 'peak' ? j.peakBytes : j.floorBytes)).filter(Number.isFinite);
  if (xs.length >= COMPARE.minJobsForSpread) {
    const sigma = sampleSd(xs);
    const pct = levelBytes > 0 ? ((100 * sigma) / levelBytes).toFixed(1) : '?';
    return { sigma, source: `job spread ${pct}% over the last ${xs.length} jobs`, measured: true };
  }
  const pct = (100 * COMPARE.defaultJobSpread).toFixed(0);
  return {
    sigma: COMPARE.defaultJobSpread * levelBytes,
    source: `default job spread ${pct}% of the level: the baseline holds ${xs.length} trusted job(s), ${COMPARE.minJobsForSpread} needed to measure it`,
    measured: false,
  };
}
