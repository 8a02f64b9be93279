/**
 * The baseline file (SPEC section 6): per scenario the last K = 5 valid run summaries and their
 * compact samples, with the environment fingerprint they were measured in.
 */
import type { RunSummary } from '../analysis/run-summary.js';
import type { Fingerprint, Results } from '../results.js';
import type { RunRecord, StatSample } from '../runner/run-record.js';
import { bucketPerSecond, encodeSamples, type CompactSamples } from './compact-samples.js';
import { appendJob, jobSummaryOf, type JobSummary } from './job-spread.js';

export const BASELINE_SCHEMA = 'memgate/baseline@1';
/** Rolling window of baseline runs per scenario (statistics.md section 10). */
export const BASELINE_RUNS_KEPT = 5;

export interface BaselineScenario {
  summaries: RunSummary[];
  samples: CompactSamples[];
  /** Optional, additive: one summary per trusted job, the last K (job-to-job spread). */
  jobs?: JobSummary[];
}

export interface Baseline {
  schema: typeof BASELINE_SCHEMA;
  created: string;
  commit?: string;
  fingerprint: Fingerprint;
  scenarios: Record<string, BaselineScenario>;
}

const FIELD: Record<string, keyof StatSample> = {
  non_reclaimable: 'nonReclaimableBytes',
  working_set: 'workingSetBytes',
  usage: 'usageBytes',
  anon: 'anonBytes',
};

/** The summary's metric as 1 s page-count buckets. */
export function compactSamples(record: RunRecord, metric: string): CompactSamples {
  const field = FIELD[metric] ?? 'usageBytes';
  const pts = record.stats.filter((s) => typeof s[field] === 'number');
  const { t0Ms, values } = bucketPerSecond(
    pts.map((s) => s.tMs),
    pts.map((s) => s[field] as number),
  );
  return encodeSamples(metric, t0Ms, values);
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const UNTRUSTED_ENDS = new Set(['EXITED', 'UNKNOWN']);

/** A job's identity in the baseline: when its results were made, and from which commit. */
function jobId(results: Results): string {
  return results.commit ? `${results.createdAt} ${results.commit}` : results.createdAt;
}

/** Merges a results file into a baseline: valid runs only, last K per scenario; a new fingerprint starts over. */
export function acceptBaseline(results: Results, existing?: Baseline): Baseline {
  const keep =
    existing && sameFingerprint(existing.fingerprint, results.fingerprint) ? existing.scenarios : {};
  const scenarios: Record<string, BaselineScenario> = { ...keep };
  for (const sc of results.scenarios) {
    const fresh: BaselineScenario = { summaries: [], samples: [] };
    for (const summary of sc.summaries) {
      if (!summary.valid || summary.side !== 'current') continue;
      const record = sc.runs.find((r) => r.run === summary.run && r.side === summary.side);
      // A target that went away by itself, or a run nobody saw end, is not a reference for later runs.
      if (record && UNTRUSTED_ENDS.has(record.oom.classification)) continue;
      fresh.summaries.push(summary);
      fresh.samples.push(
        record ? compactSamples(record, summary.metric) : encodeSamples(summary.metric, 0, []),
      );
    }
    if (fresh.summaries.length === 0) continue;
    const prev = scenarios[sc.name] ?? { summaries: [], samples: [] };
    const summaries = [...prev.summaries, ...fresh.summaries];
    const samples = [...prev.samples, ...fresh.samples];
    scenarios[sc.name] = {
      summaries: summaries.slice(-BASELINE_RUNS_KEPT),
      samples: samples.slice(-BASELINE_RUNS_KEPT),
      jobs: appendJob(prev.jobs, jobSummaryOf(jobId(results), fresh.summaries)),
    };
  }
  const out: Baseline = {
    schema: BASELINE_SCHEMA,
    created: results.createdAt,
    fingerprint: results.fingerprint,
    scenarios,
  };
  if (results.commit !== undefined) out.commit = results.commit;
  return out;
}
