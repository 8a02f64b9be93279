/**
 * Runtime ceiling check (README.md#what-grew-and-why): a heap ceiling at or above the container limit means the
 * garbage collector never feels pressure before the OOM killer does. Warned once per scenario, with
 * both numbers; silent when the ceiling is unknown or below the limit.
 */
import type { RunRecord } from '../runner/run-record.js';
import { formatBytes } from '../units.js';
import { limitOf } from './evidence.js';

export interface CeilingFinding {
  heapLimitBytes: number;
  limitBytes: number;
  source: string;
  warning: string;
}

function ceilingOf(r: RunRecord): { bytes: number; source: string } | undefined {
  if (r.runtimeCeiling) return { bytes: r.runtimeCeiling.heapLimitBytes, source: r.runtimeCeiling.source };
  const fromMetrics = r.metrics?.samples
    .map((s) => s.heapLimitBytes)
    .filter((v): v is number => v !== undefined);
  if (fromMetrics && fromMetrics.length > 0)
    return { bytes: Math.max(...fromMetrics), source: `${r.metrics?.runtime ?? 'runtime'} metrics` };
  return undefined;
}

export function checkRuntimeCeiling(runs: RunRecord[]): CeilingFinding | undefined {
  for (const r of runs) {
    const c = ceilingOf(r);
    const limit = limitOf(r);
    if (!c || typeof limit !== 'number' || limit <= 0 || c.bytes < limit) continue;
    return {
      heapLimitBytes: c.bytes,
      limitBytes: limit,
      source: c.source,
      warning: `runtime heap ceiling ${formatBytes(c.bytes)} (${c.source}) is at or above the container limit ${formatBytes(limit)}: the collector will not feel pressure before the OOM killer does`,
    };
  }
  return undefined;
}
