/**
 * The baseline file (docs/design/statistics.md#baseline): per scenario the last K = 5 valid run summaries and their
 * compact samples, with the environment fingerprint they were measured in.
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { MemgateError } from '../errors.js';
import { fingerprintDifferences, type Fingerprint } from '../fingerprint.js';
import type { RunRecord, StatSample } from '../runner/run-record.js';
import { bucketPerSecond, encodeSamples, type CompactSamples } from './compact-samples.js';
import { appendJob, jobSummaryOf, type JobSummary } from './job-spread.js';

export const BASELINE_SCHEMA = 'memgate/baseline@1';
/** Rolling window of baseline runs per scenario (docs/design/statistics.md#baseline). */
export const BASELINE_RUNS_KEPT = 5;

export interface BaselineScenario {
  summaries: RunSummary[];
  samples: CompactSamples[];
  /**
   * Where these runs were measured, when it differs from the file's fingerprint: a scenario kept from
   * an older environment (not re-measured since) is compared against its own fingerprint.
   */
  fingerprint?: Fingerprint;
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

/** What a baseline takes from a results file (`Results` is one): declared here so compare needs no results.ts. */
export interface AcceptedResults {
  createdAt: string;
  commit?: string;
  fingerprint: Fingerprint;
  scenarios: { name: string; runs: RunRecord[]; summaries: RunSummary[] }[];
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

/** Comparable environments, by the fields compare uses (a JSON text comparison broke on key order). */
function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return fingerprintDifferences(a, b).length === 0;
}

const UNTRUSTED_ENDS = new Set(['EXITED', 'UNKNOWN']);

/** A job's identity in the baseline: when its results were made, and from which commit. */
function jobId(results: AcceptedResults): string {
  return results.commit ? `${results.createdAt} ${results.commit}` : results.createdAt;
}

/**
 * Merges a results file into a baseline, per scenario: valid runs only, the last K per scenario. A
 * scenario measured in another environment (fingerprint) than its stored runs starts over; a scenario
 * the results did not re-measure is kept as it was, with the fingerprint it was measured in.
 * Throws `baselineNoValidRuns` when the results hold no run to accept (the caller writes nothing).
 */
export function acceptBaseline(results: AcceptedResults, existing?: Baseline): Baseline {
  const scenarios: Record<string, BaselineScenario> = {};
  for (const [name, stored] of Object.entries(existing?.scenarios ?? {})) {
    const measuredIn = scenarioFingerprint(stored, existing);
    scenarios[name] = sameFingerprint(measuredIn, results.fingerprint)
      ? withoutFingerprint(stored)
      : { ...stored, fingerprint: measuredIn };
  }
  let accepted = 0;
  for (const sc of results.scenarios) {
    const fresh = trustedRuns(sc);
    if (fresh.summaries.length === 0) continue;
    accepted += fresh.summaries.length;
    const stored = scenarios[sc.name];
    // Runs from another environment are no reference for these: the scenario starts over.
    const prev = stored === undefined || stored.fingerprint !== undefined ? undefined : stored;
    const summaries = [...(prev?.summaries ?? []), ...fresh.summaries];
    const samples = [...(prev?.samples ?? []), ...fresh.samples];
    scenarios[sc.name] = {
      summaries: summaries.slice(-BASELINE_RUNS_KEPT),
      samples: samples.slice(-BASELINE_RUNS_KEPT),
      jobs: appendJob(prev?.jobs, jobSummaryOf(jobId(results), fresh.summaries)),
    };
  }
  if (accepted === 0) {
    const runs = results.scenarios.reduce((n, s) => n + s.runs.length, 0);
    throw new MemgateError('baselineNoValidRuns', { runs });
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

/** The fingerprint a stored scenario was measured in. */
export function scenarioFingerprint(stored: BaselineScenario, baseline: Baseline | undefined): Fingerprint {
  return stored.fingerprint ?? (baseline as Baseline).fingerprint;
}

function withoutFingerprint(stored: BaselineScenario): BaselineScenario {
  const { fingerprint: _measuredIn, ...rest } = stored;
  return rest;
}

/** The valid current-side runs of a scenario that ended as they should: the ones a baseline may hold. */
function trustedRuns(sc: AcceptedResults['scenarios'][number]): {
  summaries: RunSummary[];
  samples: CompactSamples[];
} {
  const out: { summaries: RunSummary[]; samples: CompactSamples[] } = { summaries: [], samples: [] };
  for (const summary of sc.summaries) {
    if (!summary.valid || summary.side !== 'current') continue;
    const record = sc.runs.find((r) => r.run === summary.run && r.side === summary.side);
    // A run validity rejects, a target that went away by itself, or a run nobody saw end, is no reference.
    if (record && (!record.valid || UNTRUSTED_ENDS.has(record.oom.classification))) continue;
    out.summaries.push(summary);
    out.samples.push(record ? compactSamples(record, summary.metric) : encodeSamples(summary.metric, 0, []));
  }
  return out;
}
