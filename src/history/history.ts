/**
 * The nightly history, `.memgate/history.json`: one entry per night with, per scenario, the median
 * over that night's valid current runs of the RunSummary figures (docs/design/statistics.md#history).
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { median } from '../analysis/stats/descriptive.js';
import type { Status } from '../compare/verdict.js';
import type { Fingerprint } from '../fingerprint.js';
import type { Results, ScenarioResult } from '../results.js';

export const HISTORY_SCHEMA = 'memgate/history@1';
export const DEFAULT_HISTORY_FILE = '.memgate/history.json';

export interface NightScenario {
  floorBytes: number;
  slopeBytesPerSec: number;
  peakBytes: number;
  recoveryResidualBytes?: number;
  /** Valid current runs the medians came from. */
  runs: number;
  verdict?: Status;
}

export interface Night {
  commit: string;
  /** ISO timestamp of the results (results.createdAt). */
  date: string;
  fingerprint: Fingerprint;
  scenarios: Record<string, NightScenario>;
}

export interface History {
  schema: typeof HISTORY_SCHEMA;
  nights: Night[];
}

/** The gated figures of a night, in the order they are analysed and shown. */
export const HISTORY_METRICS = [
  'floorBytes',
  'slopeBytesPerSec',
  'peakBytes',
  'recoveryResidualBytes',
] as const;
export type HistoryMetric = (typeof HISTORY_METRICS)[number];

export function emptyHistory(): History {
  return { schema: HISTORY_SCHEMA, nights: [] };
}

/**
 * The history with `results` appended as a new night. `commit` overrides results.commit; without
 * either the commit is 'unknown'. Nights are kept in date order; a commit may appear on several
 * nights (no push in between), and each is a night of its own.
 */
export function appendNight(history: History | undefined, results: Results, commit?: string): History {
  const night = nightOf(results, commit ?? results.commit ?? 'unknown');
  const nights = [...(history?.nights ?? []), night];
  nights.sort((a, b) => a.date.localeCompare(b.date));
  return { schema: HISTORY_SCHEMA, nights };
}

export function nightOf(results: Results, commit: string): Night {
  const scenarios: Record<string, NightScenario> = {};
  for (const s of results.scenarios) {
    const entry = scenarioNight(s);
    if (entry !== undefined) scenarios[s.name] = entry;
  }
  return { commit, date: results.createdAt, fingerprint: results.fingerprint, scenarios };
}

/** Medians over the valid current runs; undefined when the night has none (nothing to plot). */
function scenarioNight(s: ScenarioResult): NightScenario | undefined {
  const runs = s.summaries.filter((r: RunSummary) => r.side === 'current' && r.valid);
  if (runs.length === 0) return undefined;
  const residuals = runs.flatMap((r) =>
    r.recoveryResidualBytes === undefined ? [] : [r.recoveryResidualBytes],
  );
  return {
    floorBytes: median(runs.map((r) => r.floorBytes)),
    slopeBytesPerSec: median(runs.map((r) => r.slopeBytesPerSec.value)),
    peakBytes: median(runs.map((r) => r.peakBytes)),
    ...(residuals.length === 0 ? {} : { recoveryResidualBytes: median(residuals) }),
    runs: runs.length,
    ...(s.verdict === undefined ? {} : { verdict: s.verdict.status }),
  };
}
