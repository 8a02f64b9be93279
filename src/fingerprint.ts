/**
 * The environment fingerprint (docs/design/statistics.md#fingerprint): what a memory figure depends on. A baseline
 * measured under a different fingerprint is not comparable, and the verdict says so.
 */
import { createHash } from 'node:crypto';
import { availableParallelism, release, totalmem } from 'node:os';
import type { Plan } from './config/plan.js';

/** What a memory figure depends on; baselines from a different fingerprint are not comparable. */
export interface Fingerprint {
  cpus: number;
  hostMemoryBytes: number;
  kernel: string;
  cgroupVersion: 1 | 2 | 0;
  engine: string;
  node: string;
  memoryLimitBytes: number | null;
  samplerIntervalMs: number;
  /** Hash of the target description and the load profile. */
  targetHash: string;
}

export function targetHash(plan: Plan): string {
  const t = plan.target;
  // Image and env are left out on purpose: the candidate differs from the base by design (a new
  // build, a changed setting). What changes how memory is measured stays: limit, CPUs, load, sampling.
  const target = { kind: t.kind, memoryBytes: t.memoryBytes, cpus: t.cpus, port: t.port };
  const body = JSON.stringify({ target, scenarios: plan.scenarios, sampling: plan.sampling });
  return `${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
}

export function fingerprint(plan: Plan, engine: string, cgroupVersion: 0 | 1 | 2): Fingerprint {
  return {
    cpus: availableParallelism(),
    hostMemoryBytes: totalmem(),
    kernel: release(),
    cgroupVersion,
    engine,
    node: process.version,
    memoryLimitBytes: plan.target.memoryBytes ?? null,
    samplerIntervalMs: plan.sampling.intervalMs,
    targetHash: targetHash(plan),
  };
}

/** Differences that change memory figures; empty means comparable. */
export function fingerprintDifferences(a: Fingerprint, b: Fingerprint): string[] {
  const keys: (keyof Fingerprint)[] = [
    'cpus',
    'cgroupVersion',
    'memoryLimitBytes',
    'samplerIntervalMs',
    'targetHash',
  ];
  return keys
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k}: ${String(b[k])} in the baseline, ${String(a[k])} now`);
}
