/**
 * One run: start a fresh target, sample it throughout, drive each phase's load, stop it, and return
 * the RunRecord. The runner never prints and never analyses; it only records.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GeneratorSpec, Plan, ScenarioSpec, TargetSpec } from '../scenarios/plan.js';
import type { StartContext, StartedTarget, TargetDriver } from './drivers/driver.js';
import type { ServiceStarter, StartedServices } from './drivers/services.js';
import { RunJournal, type JournalHeader } from './journal.js';
import type { LoadContext, LoadCounters } from './load/load-generator.js';
import type { Progress } from './progress.js';
import {
  RUN_RECORD_SCHEMA,
  type LoadStats,
  type PhaseMark,
  type RunEvent,
  type RunRecord,
} from './run-record.js';
import { startCompanionSampling } from './sampling/companion-sampling.js';
import type { MemorySource } from './sampling/memory-source.js';
import type { SamplerHandle, SamplerOptions } from './sampling/sampler.js';

export interface RunnerDeps {
  driver: TargetDriver;
  startSampler(options: SamplerOptions): SamplerHandle;
  runPhaseLoad(generators: GeneratorSpec[], ctx: LoadContext): Promise<LoadStats[]>;
  /** Substitutes `${target.url}` in generator specs once the URL is known. */
  bindTargetUrl(generators: GeneratorSpec[], url: string): GeneratorSpec[];
  progress: Progress;
  /** Starts `plan.services` (absent: a plan with services cannot run on this driver). */
  services?: ServiceStarter;
}

export interface RunArgs {
  plan: Plan;
  scenario: ScenarioSpec;
  target: TargetSpec;
  run: number;
  side: 'current' | 'base';
  ctx: StartContext;
  /** Append-only journal of this run (samples as they come); none when undefined. */
  journalFile?: string;
}

export async function runScenarioOnce(args: RunArgs, deps: RunnerDeps): Promise<RunRecord> {
  // Services first, on their own network; removed after the target, whatever happens.
  const services =
    args.plan.services.length > 0 && deps.services
      ? await deps.services.start(args.plan.services, args.ctx)
      : undefined;
  try {
    const ctx = services ? { ...args.ctx, network: services.network } : args.ctx;
    const started = await deps.driver.start(args.target, ctx);
    try {
      return await measure(args, deps, started, services);
    } finally {
      await started[Symbol.asyncDispose]();
    }
  } finally {
    await services?.[Symbol.asyncDispose]();
  }
}

async function measure(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  services: StartedServices | undefined,
): Promise<RunRecord> {
  const { plan, scenario, run, side } = args;
  const source = await target.memorySource();
  const counters: LoadCounters = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  const startedAt = new Date();
  const header: JournalHeader = {
    scenario: scenario.name,
    run,
    side,
    driver: deps.driver.name,
    target: {
      ...describeTarget(args.target),
      memoryLimitBytes: args.target.memoryBytes ?? null,
      ...(target.containerId === undefined ? {} : { containerId: target.containerId }),
    },
    startedAt: startedAt.toISOString(),
    intervalMs: plan.sampling.intervalMs,
    statsIntervalMs: plan.sampling.statsIntervalMs,
    source: source.info,
  };
  const journal = args.journalFile === undefined ? undefined : new RunJournal(args.journalFile, header);
  try {
    return await drive(args, deps, target, { source, counters, header, journal, services });
  } finally {
    journal?.close();
  }
}

interface DriveState {
  source: MemorySource;
  counters: LoadCounters;
  header: JournalHeader;
  journal: RunJournal | undefined;
  services: StartedServices | undefined;
}

async function drive(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  state: DriveState,
): Promise<RunRecord> {
  const { plan, scenario, run, ctx } = args;
  const { source, counters, header, journal, services } = state;
  const t0 = performance.now();
  const t0Ns = process.hrtime.bigint();
  const now = () => performance.now() - t0;
  const sampler = deps.startSampler({
    source,
    intervalMs: plan.sampling.intervalMs,
    statsIntervalMs: plan.sampling.statsIntervalMs,
    counters: () => counters,
    t0Ns,
    ...(journal === undefined ? {} : { sink: journal }),
  });
  const companions = [...(services?.containers ?? []), ...(target.companions ?? [])];
  const companionSampling =
    companions.length === 0
      ? undefined
      : await startCompanionSampling(companions, {
          statsIntervalMs: plan.sampling.statsIntervalMs,
          t0Ns,
          startSampler: deps.startSampler,
        });
  const events: RunEvent[] = [];
  const addEvent = (e: RunEvent) => {
    events.push(e);
    journal?.event(e);
  };
  addEvent({ tMs: 0, kind: 'ready', detail: target.description });
  const phases: PhaseMark[] = [];
  const load: LoadStats[] = [];
  const warnings: string[] = [];
  let exitedEarly = false;
  void target.exited.then((exit) => {
    if (!exit.exitedOnItsOwn) return;
    exitedEarly = true;
    addEvent({ tMs: now(), kind: 'exit', detail: `target exited with code ${exit.exitCode}` });
  });

  const abort = new AbortController();
  void target.exited.then((exit) => exit.exitedOnItsOwn && abort.abort());
  const ticker = setInterval(() => {
    const phase = phases.at(-1);
    deps.progress.emit({
      kind: 'tick',
      scenario: scenario.name,
      phase: phase?.kind ?? 'idle',
      elapsedMs: now(),
      usageBytes: sampler.latestFast()?.usageBytes ?? 0,
      requests: counters.requests,
    });
  }, 1000);
  try {
    for (const [index, phase] of scenario.phases.entries()) {
      if (exitedEarly || ctx.signal?.aborted) break;
      const mark: PhaseMark = { kind: phase.kind, index, startMs: now(), endMs: now() };
      phases.push(mark);
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
        load.push(...stats);
      } else {
        if (phase.generators.length > 0)
          warnings.push(`phase ${index} (${phase.kind}): target has no port; load skipped`);
        await sleep(phase.durationMs ?? 0, undefined, { signal }).catch(() => undefined);
      }
      mark.endMs = now();
      journal?.phase(mark);
      if (plan.target.gc && target.url !== undefined)
        await triggerGc(target.url, plan.target.gc, addEvent, now);
    }
  } finally {
    clearInterval(ticker);
  }
  const sampled = await sampler.stop();
  const serviceRecords = await companionSampling?.stop();
  const exit = await target.stop();
  const oom = await target.oomEvidence();
  const logTail = await target.logTail(50);
  if (oom.classification !== 'CLEAN' && oom.classification !== 'STOPPED_BY_MEMGATE') {
    addEvent({ tMs: now(), kind: 'oom', detail: `${oom.classification}: ${oom.reasons.join('; ')}` });
  }
  const selfWithin = sampled.peakSelfRssBytes <= plan.selfBudgetBytes;
  if (!selfWithin) {
    warnings.push(
      `memgate's own RSS reached ${Math.round(sampled.peakSelfRssBytes / 2 ** 20)} MiB, over its budget of ${Math.round(plan.selfBudgetBytes / 2 ** 20)} MiB: this run is not trusted`,
    );
  }
  if (sampled.stats.length === 0) warnings.push('no memory sample was taken');
  const lastStat = sampled.stats.at(-1);
  const record: RunRecord = {
    schema: RUN_RECORD_SCHEMA,
    ...header,
    fast: sampled.fast,
    stats: sampled.stats,
    phases,
    load,
    events,
    oom: {
      ...oom,
      ...(exit.exitCode === null ? {} : { exitCode: exit.exitCode }),
      // The figures at the last tick are part of the evidence an on-call engineer wants.
      ...(oom.lastSample === undefined && lastStat !== undefined ? { lastSample: lastStat } : {}),
    },
    self: {
      peakRssBytes: sampled.peakSelfRssBytes,
      budgetBytes: plan.selfBudgetBytes,
      withinBudget: selfWithin,
    },
    logTail,
    logFile: target.logFile,
    warnings: [...warnings, ...sampled.warnings],
    valid: selfWithin && sampled.stats.length > 0,
    ...(serviceRecords === undefined ? {} : { services: serviceRecords }),
  };
  journal?.finish(record);
  deps.progress.emit({
    kind: 'run-end',
    scenario: scenario.name,
    run,
    valid: record.valid,
    oom: oom.classification,
  });
  return record;
}

function describeTarget(t: TargetSpec): { image?: string; argv?: string[] } {
  switch (t.kind) {
    case 'image':
      return { image: t.image };
    case 'build':
      return { image: `build:${t.context}` };
    case 'process':
      return { argv: t.argv };
    case 'compose':
      return { image: `compose:${t.file}#${t.service}` };
  }
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
