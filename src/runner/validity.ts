/**
 * Run validity, decided here and nowhere else. A run counts only when memgate measured it (samples,
 * its own memory within budget), it was not cut short (Ctrl-C, memgate killed), and the load reached
 * the target: a phase whose requests mostly failed (connection errors, or statuses outside
 * `expect_status`) above `max_error_rate` measured an idle or broken service, not the one under load.
 */
import { DEFAULTS } from '../config/defaults.js';
import { MiB } from '../units.js';
import type { LoadStats, RunRecord } from './run-record.js';

/** The errors key the stats recorder counts statuses outside 2xx under; statuses are judged separately. */
const NON_2XX_KEY = 'non2xx';

export interface Validity {
  valid: boolean;
  /** Why the run does not count; empty when valid. */
  reasons: string[];
}

/** What went wrong in one generator's phase: every failed request, by kind. */
export interface LoadBreakdown {
  phaseIndex: number;
  /** `http GET /items` */
  label: string;
  attempts: number;
  failed: number;
  /** failed / attempts. */
  errorRate: number;
  maxErrorRate: number;
  /** Connection-level errors by code (ECONNREFUSED, timeout, ...). */
  connectionErrors: Record<string, number>;
  /** Completed responses whose status is not expected, by status. */
  unexpectedStatuses: Record<string, number>;
  /** Over `maxErrorRate`: the run is invalid. */
  tooMany: boolean;
}

export function statusExpected(status: number, expect: readonly (readonly [number, number])[]): boolean {
  return expect.some(([lo, hi]) => status >= lo && status <= hi);
}

/** The breakdown of one generator's phase, or undefined when it is not judged (not http, or no attempt). */
export function loadBreakdown(stats: LoadStats): LoadBreakdown | undefined {
  if (stats.generator !== 'http') return undefined;
  const expect = stats.expectStatus ?? DEFAULTS.http.expectStatus;
  const maxErrorRate = stats.maxErrorRate ?? DEFAULTS.http.maxErrorRate;
  const connectionErrors: Record<string, number> = {};
  for (const [kind, n] of Object.entries(stats.errors)) if (kind !== NON_2XX_KEY) connectionErrors[kind] = n;
  const unexpectedStatuses: Record<string, number> = {};
  for (const [status, n] of Object.entries(stats.statusCodes))
    if (!statusExpected(Number(status), expect)) unexpectedStatuses[status] = n;
  const failed = sum(connectionErrors) + sum(unexpectedStatuses);
  const attempts = stats.requests + sum(connectionErrors);
  if (attempts === 0) return undefined;
  const errorRate = failed / attempts;
  return {
    phaseIndex: stats.phaseIndex,
    label: `http ${stats.request ?? ''}`.trimEnd(),
    attempts,
    failed,
    errorRate,
    maxErrorRate,
    connectionErrors,
    unexpectedStatuses,
    tooMany: errorRate > maxErrorRate,
  };
}

/** `phase 1 (load) http GET /: 127852 of 127852 requests failed (100%, max 1%): 404 x127852` */
export function describeBreakdown(b: LoadBreakdown, phaseKind: string | undefined): string {
  const parts = [
    ...Object.entries(b.connectionErrors).map(([k, n]) => `${k} x${n}`),
    ...Object.entries(b.unexpectedStatuses).map(([k, n]) => `status ${k} x${n}`),
  ];
  const phase = `phase ${b.phaseIndex}${phaseKind === undefined ? '' : ` (${phaseKind})`}`;
  return `${phase} ${b.label}: ${b.failed} of ${b.attempts} requests failed (${pct(b.errorRate)}, max ${pct(b.maxErrorRate)}): ${parts.join(', ')}`;
}

/** The breakdown lines of every phase that had failed requests, and which of them invalidate the run. */
export function loadProblems(record: Pick<RunRecord, 'load' | 'phases'>): {
  lines: string[];
  invalid: string[];
} {
  const lines: string[] = [];
  const invalid: string[] = [];
  for (const stats of record.load) {
    const b = loadBreakdown(stats);
    if (b === undefined || b.failed === 0) continue;
    const line = describeBreakdown(b, record.phases.find((p) => p.index === b.phaseIndex)?.kind);
    lines.push(line);
    if (b.tooMany) invalid.push(`the load did not reach the service: ${line}`);
  }
  return { lines, invalid };
}

type Judged = Pick<RunRecord, 'stats' | 'self' | 'load' | 'phases' | 'cutShort' | 'events' | 'oom'>;

/** The target died by itself (exit, OOM kill): a verdict (fail), and the failed requests its consequence. */
function targetDied(record: Judged): boolean {
  return record.events.some((e) => e.kind === 'exit') || record.oom.oomKills > 0;
}

/** The one decision: does this run count? */
export function runValidity(record: Judged): Validity {
  const reasons: string[] = [];
  if (record.cutShort !== undefined) reasons.push(`cut short: ${record.cutShort}`);
  if (record.stats.length === 0) reasons.push('no memory sample was taken');
  if (!record.self.withinBudget)
    reasons.push(
      `memgate's own RSS reached ${mib(record.self.peakRssBytes)} MiB, over its budget of ${mib(record.self.budgetBytes)} MiB`,
    );
  if (!targetDied(record)) reasons.push(...loadProblems(record).invalid);
  return { valid: reasons.length === 0, reasons };
}

/** True when there are current runs and not one of them counts: no verdict, exit 3. */
export function noRunCounts(runs: readonly Pick<RunRecord, 'side' | 'valid'>[]): boolean {
  const current = runs.filter((r) => r.side === 'current');
  return current.length > 0 && current.every((r) => !r.valid);
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, n) => a + n, 0);
}

function pct(fraction: number): string {
  const p = fraction * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(p < 10 ? 1 : 0)}%`;
}

function mib(bytes: number): number {
  return Math.round(bytes / MiB);
}
