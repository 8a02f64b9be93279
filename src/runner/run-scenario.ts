/**
 * One run: start a fresh target, sample it throughout, drive each phase's load, stop it, and return
 * the RunRecord. The runner never prints and never analyses; it only records.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MemgateError } from '../errors.js';
import type { GeneratorSpec, Plan, ScenarioSpec, TargetSpec } from '../scenarios/plan.js';
import { definedOnly } from '../util/defined-only.js';
import { beforeRemoval, startRuntimeMetrics } from './before-removal.js';
import type { StartContext, StartedTarget, TargetDriver } from './drivers/driver.js';
import { describeExit } from './drivers/exit.js';
import type { ServiceStarter, StartedServices } from './drivers/services.js';
import { RunJournal, type JournalHeader } from './journal.js';
import type { LoadContext, LoadCounters } from './load/load-generator.js';
import type { Progress } from './progress.js';
import {
  RUN_RECORD_SCHEMA,
  type JobOutcome,
  type LoadStats,
  type PhaseMark,
  type RunEvent,
  type RunRecord,
  type ServiceRecord,
} from './run-record.js';
import { startCompanionSampling } from './sampling/companion-sampling.js';
import type { MemorySource } from './sampling/memory-source.js';
import type { SamplerHandle, SamplerOptions, SamplerResult } from './sampling/sampler.js';
import { loadProblems, runValidity } from './validity.js';
import { START_FAILURE_LOG_LINES } from './wait/readiness-error.js';

export interface RunnerDeps {
  driver: TargetDriver;
  startSampler(options: SamplerOptions): SamplerHandle;
  runPhaseLoad(generators: GeneratorSpec[], ctx: LoadContext): Promise<LoadStats[]>;
  /** Substitutes `${target.url}` in generator specs once the URL is known. */
  bindTargetUrl(generators: GeneratorSpec[], url: string): GeneratorSpec[];
  progress: Progress;
  /** Starts `plan.services` (absent: a plan with services cannot run on this driver). */
  services?: ServiceStarter;
  /** Which of a run's own absolute checks tripped, if any (for `evidence.when: on-fail`). */
  ownChecksTripped?: (record: RunRecord) => string | undefined;
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
  /** A confirmation run after a failed comparison. */
  confirmation?: boolean;
}

/** The target as this scenario runs it: the scenario's `env:` over the target's own. */
export function scenarioTarget(target: TargetSpec, scenario: ScenarioSpec): TargetSpec {
  return scenario.env === undefined ? target : { ...target, env: { ...target.env, ...scenario.env } };
}

export async function runScenarioOnce(given: RunArgs, deps: RunnerDeps): Promise<RunRecord> {
  const args = { ...given, target: scenarioTarget(given.target, given.scenario) };
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
      ...definedOnly({ containerId: target.containerId }),
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

/** What a run accumulates while it goes: its clock, events (journalled as they come), phases, load. */
interface RunLog {
  now(): number;
  events: RunEvent[];
  phases: PhaseMark[];
  load: LoadStats[];
  warnings: string[];
  addEvent(e: RunEvent): void;
  phaseEnded(mark: PhaseMark): void;
}

function newRunLog(journal: RunJournal | undefined): RunLog {
  const t0 = performance.now();
  const log: RunLog = {
    now: () => performance.now() - t0,
    events: [],
    phases: [],
    load: [],
    warnings: [],
    addEvent: (e) => {
      log.events.push(e);
      journal?.event(e);
    },
    phaseEnded: (mark) => journal?.phase(mark),
  };
  return log;
}

async function drive(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  state: DriveState,
): Promise<RunRecord> {
  const { plan } = args;
  const { source, counters, journal, services } = state;
  const t0Ns = process.hrtime.bigint();
  const log = newRunLog(journal);
  const sampler = deps.startSampler({
    source,
    intervalMs: plan.sampling.intervalMs,
    statsIntervalMs: plan.sampling.statsIntervalMs,
    counters: () => counters,
    t0Ns,
    ...definedOnly({ sink: journal }),
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
  const scraper = await startRuntimeMetrics(plan, target, () => sampler.nowMs(), log.warnings);
  log.addEvent({ tMs: 0, kind: 'ready', detail: target.description });
  const latestUsage = () => sampler.latestFast()?.usageBytes ?? 0;
  const job = args.target.job === true ? await runJob(args, deps, target, log, latestUsage) : undefined;
  if (job === undefined) await runPhases(args, deps, target, log, counters, latestUsage);
  const sampled = await sampler.stop();
  const metrics = await scraper?.stop();
  const serviceRecords = await companionSampling?.stop();
  const killsBefore = plan.target.evidence ? await oomKills(source) : undefined;
  const inside = await beforeRemoval({
    plan,
    target,
    provisional: provisionalRecord(state.header, log, sampled),
    confirmation: args.confirmation === true,
    logDir: args.ctx.logDir,
    ...definedOnly({ ownChecksTripped: deps.ownChecksTripped }),
  });
  log.warnings.push(...inside.warnings);
  const killsAfter = killsBefore === undefined ? undefined : await oomKills(source);
  if (killsBefore !== undefined && killsAfter !== undefined && killsAfter > killsBefore)
    log.warnings.push(
      'the OOM killer struck while evidence was collected after the last phase (a step needed more memory than the limit left)',
    );
  if (metrics?.lastError !== undefined)
    log.warnings.push(`metrics: ${metrics.scrapes.failed} scrape(s) failed, first: ${metrics.lastError}`);
  return finishRecord(
    args,
    deps,
    target,
    log,
    state,
    sampled,
    serviceRecords,
    {
      ...definedOnly({ metrics, runtimeCeiling: inside.runtimeCeiling, evidence: inside.evidence }),
    },
    job,
  );
}

async function oomKills(source: MemorySource): Promise<number | undefined> {
  return (await source.readStats().catch(() => undefined))?.events?.oomKill;
}

/** The run as sampled so far, before the target is stopped (judged for `on-fail` evidence). */
function provisionalRecord(header: JournalHeader, log: RunLog, sampled: SamplerResult): RunRecord {
  return {
    schema: RUN_RECORD_SCHEMA,
    ...header,
    fast: sampled.fast,
    stats: sampled.stats,
    phases: log.phases,
    load: log.load,
    events: log.events,
    oom: { classification: 'CLEAN', oomKills: 0, reasons: [] },
    self: { peakRssBytes: sampled.peakSelfRssBytes, budgetBytes: Infinity, withinBudget: true },
    logTail: [],
    warnings: [],
    valid: sampled.stats.length > 0,
  };
}

/** Drives each phase's load (or waits it out), stopping early when the target exits or on Ctrl-C. */
async function runPhases(
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
async function runJob(
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
          ? `job still running after ${Math.round(timeLimitMs / 1000)} s: stopped`
          : `job exited with code ${exit.exitCode}`,
    });
    return { exitCode: exit?.exitCode ?? null, durationMs: mark.endMs - mark.startMs, timedOut, timeLimitMs };
  } finally {
    clearInterval(ticker);
  }
}

/** Stops the target, collects its OOM evidence and log tail, and assembles (and journals) the record. */
async function finishRecord(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  log: RunLog,
  state: DriveState,
  sampled: SamplerResult,
  serviceRecords: ServiceRecord[] | undefined,
  inside: Pick<RunRecord, 'metrics' | 'runtimeCeiling' | 'evidence'>,
  job: JobOutcome | undefined,
): Promise<RunRecord> {
  const { plan, scenario, run } = args;
  const exit = await target.stop();
  const evidence = await target.oomEvidence();
  // A job is meant to exit by itself: with code 0 that is a clean end, not a crash.
  const oom =
    job !== undefined && evidence.classification === 'EXITED' && job.exitCode === 0
      ? { ...evidence, classification: 'CLEAN' as const }
      : evidence;
  const logTail = await target.logTail(50);
  const exitMs = log.events.find((e) => e.kind === 'exit')?.tMs;
  // A job is meant to exit by itself, however soon: its exit code is its verdict, not a start failure.
  const diedAtStart =
    job === undefined &&
    exit.exitedOnItsOwn &&
    (sampled.stats.length < MIN_STATS_TO_HAVE_LIVED ||
      (exitMs !== undefined && exitMs < plan.sampling.statsIntervalMs));
  if (diedAtStart) {
    // Gone before memgate's first full reading: a start failure (exit 3), not a verdict on its memory.
    throw new MemgateError(
      'diedBeforeSample',
      { exit: describeExit(exit.exitCode, exit.signal) },
      { details: logTail.slice(-START_FAILURE_LOG_LINES) },
    );
  }
  const cutShort = args.ctx.signal?.aborted
    ? `interrupted by ${String(args.ctx.signal.reason ?? 'SIGINT')} during phase ${log.phases.length - 1}`
    : undefined;
  if (cutShort !== undefined) log.addEvent({ tMs: log.now(), kind: 'stop', detail: cutShort });
  if (oom.classification !== 'CLEAN' && oom.classification !== 'STOPPED_BY_MEMGATE') {
    log.addEvent({ tMs: log.now(), kind: 'oom', detail: `${oom.classification}: ${oom.reasons.join('; ')}` });
  }
  const selfWithin = sampled.peakSelfRssBytes <= plan.selfBudgetBytes;
  const lastStat = sampled.stats.at(-1);
  const record: RunRecord = {
    schema: RUN_RECORD_SCHEMA,
    ...state.header,
    fast: sampled.fast,
    stats: sampled.stats,
    phases: log.phases,
    load: log.load,
    events: log.events,
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
    warnings: [...log.warnings, ...sampled.warnings],
    valid: false,
    ...definedOnly({ cutShort, services: serviceRecords }),
    ...inside,
    ...definedOnly({ job, payloadBytes: scenario.payloadBytes }),
  };
  judge(record);
  state.journal?.finish(record);
  deps.progress.emit({
    kind: 'run-end',
    scenario: scenario.name,
    run,
    valid: record.valid,
    oom: oom.classification,
  });
  return record;
}

/**
 * An exit with fewer stats samples than this, or within the first stats interval, is a death before the
 * first sample (exit 3, not a verdict).
 */
const MIN_STATS_TO_HAVE_LIVED = 2;

/** Sets `valid` from runner/validity.ts, the only place that decides it, with its reasons and the load breakdown. */
function judge(record: RunRecord): void {
  const validity = runValidity(record);
  record.valid = validity.valid;
  const breakdown = loadProblems(record).lines.filter((l) => !validity.reasons.some((r) => r.endsWith(l)));
  record.warnings.push(...validity.reasons.map((r) => `run invalid: ${r}`), ...breakdown);
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
