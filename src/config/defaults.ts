/**
 * Every default the config stage fills in, in one place (README.md#the-config-file). Values are in base units
 * (bytes, milliseconds, fractions) so the resolver copies them without parsing.
 */
import { MiB } from '../units.js';
import type { GateSpec, PhaseKind } from './plan.js';

export const DEFAULTS = {
  engine: 'docker',
  repeat: 3,
  sampling: { intervalMs: 100, statsIntervalMs: 1000 },
  /** memgate's own RSS budget. */
  selfBudgetBytes: 200 * MiB,
  baselineFile: '.memgate/baseline.json',
  /** Readiness: `{ http: PATH }` expects this status; every readiness check waits this long. */
  ready: { status: 200, timeoutMs: 60_000 },
  /** `gc: { http: /path }` without a method. */
  gcMethod: 'POST',
  /**
   * `expectStatus` and `maxErrorRate`: a phase whose requests failed (connection errors, statuses
   * outside these ranges) above this share makes the run invalid (runner/validity.ts).
   */
  http: { method: 'GET', connections: 1, expectStatus: [[200, 399]], maxErrorRate: 0.01 },
  upload: { method: 'POST', count: 1, concurrency: 1, contentType: 'application/octet-stream' },
  download: { method: 'GET', count: 1, concurrency: 1 },
} as const;

/**
 * Phase length when the config gives none and the phase cannot end by itself: a bare `- idle`, an
 * `- idle:` with no value, or a phase whose http generator has no `amount`. Phases whose generators
 * all finish on their own (upload/download counts, http amounts, commands) run until they do.
 */
export const DEFAULT_PHASE_DURATION_MS: Record<PhaseKind, number> = {
  idle: 10_000,
  warmup: 10_000,
  load: 60_000,
  soak: 600_000,
  cooldown: 30_000,
};

/** Practical thresholds (docs/design/statistics.md#thresholds), as in README.md#the-config-file. */
export const DEFAULT_GATE: GateSpec = {
  metric: 'non_reclaimable',
  floor: { maxIncrease: 0.05, minBytes: 2 * MiB },
  peak: { maxIncrease: 0.1, minBytes: 4 * MiB, maxOfLimit: 0.9 },
  slope: { maxIncreasePerHour: 0.02, minBytesPerHour: 1 * MiB },
  recovery: { withinMs: 120_000, maxResidual: 0.05, minBytes: 2 * MiB },
  oom: 'fail',
  alpha: 0.01,
};
