/** The load side of one run: each phase's generators (or its wait), a job's time limit, GC hooks. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GeneratorSpec } from '../config/plan.js';
import { msToSec } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import type { StartedTarget } from './drivers/driver.js';
import { describeExit } from './drivers/exit.js';
import type { LoadCounters } from './load/load-generator.js';
import { type RunArgs, type RunLog, type RunnerDeps } from './run-context.js';
import { type JobOutcome, type LoadStats, type PhaseMark, type RunEvent } from './run-record.js';

/** Drives each phase's load (or waits it out), stopping early when the target exits or on Ctrl-C. */
export async function runPhases(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  log: RunLog,
  counters: LoadCounters,
  latestUsageBytes: () => number,
): Promise<void> {
  const { plan, scenario, ctx } = args;
  const abort = new AbortController();
  void target.exited.then((exit) => {
    if (!exit.exitedOnItsOwn) return;
    log.addEvent({
      tMs: log.now(),
      kind: 'exit',
      detail: `target exited on its own: ${describeExit(exit.exitCode, exit.signal)}`,
    });
    abort.abort();
  });
  const ticker = setInterval(() => {
    deps.progress.emit({
      kind: 'tick',
      scenario: scenario.name,
      phase: log.phases.at(-1)?.kind ?? 'idle',
      elapsedMs: log.now(),
      usageBytes: latestUsageBytes(),
      requests: counters.requests,
    });
  }, 1000);
  try {
    for (const [index, phase] of scenario.phases.entries()) {
      if (abort.signal.aborted || ctx.signal?.aborted) break;
      const mark: PhaseMark = { kind: phase.kind, index, startMs: log.now(), endMs: log.now() };
      log.phases.push(mark);
      deps.progress.emit({
        kind: 'phase',
        scenario: scenario.name,
        phase: phase.kind,
        index,
        durationMs: phase.durationMs,
      });
      const signal = AbortSignal.any([abort.signal, ...(ctx.signal ? [ctx.signal] : [])]);
      if (phase.generators.length > 0 && target.url !== undefined) {
        const generators = deps.bindTargetUrl(phase.generators, target.url);
        const stats = await deps.runPhaseLoad(generators, {
          baseUrl: target.url,
          phaseIndex: index,
          durationMs: phase.durationMs,
          counters,
          signal,
          logDir: ctx.logDir,
        });
        log.load.push(...stats.map((st, i) => withExpectations(st, generators[i])));
      } else {
        if (phase.generators.length > 0)
          log.warnings.push(`phase ${index} (${phase.kind}): target has no port; load skipped`);
        await sleep(phase.durationMs ?? 0, undefined, { signal }).catch(() => undefined);
      }
      mark.endMs = log.now();
      log.phaseEnded(mark);
      if (plan.target.gc && target.url !== undefined)
        await triggerGc(target.url, plan.target.gc, log.addEvent, log.now);
    }
  } finally {
    clearInterval(ticker);
  }
}

/** A job with a phase of no fixed length has this long to finish. */
export const JOB_DEFAULT_TIME_LIMIT_MS = 10 * 60_000;

/**
 * `target.job`: the run is the job. It is sampled until it exits; the scenario's phases only give it
 * a time limit (the sum of their durations), and the whole run is marked as one load phase so the
 * analysis reads its peak over all of it.
 */
export async function runJob(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  log: RunLog,
  latestUsageBytes: () => number,
): Promise<JobOutcome> {
  const { scenario, ctx } = args;
  const durations = scenario.phases.map((p) => p.durationMs);
  const timeLimitMs = durations.every((d) => d !== undefined)
    ? durations.reduce<number>((a, d) => a + (d ?? 0), 0)
    : JOB_DEFAULT_TIME_LIMIT_MS;
  const mark: PhaseMark = { kind: 'load', index: 0, startMs: log.now(), endMs: log.now() };
  log.phases.push(mark);
  deps.progress.emit({
    kind: 'phase',
    scenario: scenario.name,
    phase: 'load',
    index: 0,
    durationMs: timeLimitMs,
  });
  const ticker = setInterval(() => {
    deps.progress.emit({
      kind: 'tick',
      scenario: scenario.name,
      phase: 'load',
      elapsedMs: log.now(),
      usageBytes: latestUsageBytes(),
      requests: 0,
    });
  }, 1000);
  const limit = AbortSignal.any([AbortSignal.timeout(timeLimitMs), ...(ctx.signal ? [ctx.signal] : [])]);
  try {
    const exit = await Promise.race([
      target.exited,
      new Promise<undefined>((resolve) => limit.addEventListener('abort', () => resolve(undefined))),
    ]);
    mark.endMs = log.now();
    log.phaseEnded(mark);
    const timedOut = exit === undefined && ctx.signal?.aborted !== true;
    log.addEvent({
      tMs: log.now(),
      kind: 'stop',
      detail:
        exit === undefined
          ? `job still running after ${Math.round(msToSec(timeLimitMs))} s: stopped`
          : `job exited with code ${exit.exitCode}`,
    });
    return { exitCode: exit?.exitCode ?? null, durationMs: mark.endMs - mark.startMs, timedOut, timeLimitMs };
  } finally {
    clearInterval(ticker);
  }
}

/** Carries what the http generator expected into its stats, so validity can be judged from the record alone. */
function withExpectations(stats: LoadStats, spec: GeneratorSpec | undefined): LoadStats {
  if (spec?.kind !== 'http') return stats;
  return {
    ...stats,
    request: `${spec.method} ${spec.path}`,
    ...definedOnly({ expectStatus: spec.expectStatus, maxErrorRate: spec.maxErrorRate }),
  };
}

async function triggerGc(
  url: string,
  gc: { method: string; path: string },
  addEvent: (e: RunEvent) => void,
  now: () => number,
) {
  try {
    const res = await fetch(new URL(gc.path, url), { method: gc.method, signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    addEvent({ tMs: now(), kind: 'gc', detail: `${gc.method} ${gc.path} -> ${res.status}` });
  } catch (e) {
    addEvent({
      tMs: now(),
      kind: 'warning',
      detail: `gc hook ${gc.method} ${gc.path} failed: ${String(e)}`,
    });
  }
}
