/**
 * One run: start a fresh target, sample it throughout, drive each phase's load, stop it, and return
 * the RunRecord. The runner never prints and never analyses; it only records.
 */
import type { ScenarioSpec, TargetSpec } from '../config/plan.js';
import { MemgateError } from '../errors.js';
import { definedOnly } from '../util/defined-only.js';
import { beforeRemoval, startRuntimeMetrics } from './before-removal.js';
import type { StartedTarget } from './drivers/driver.js';
import { describeExit } from './drivers/exit.js';
import type { StartedServices } from './drivers/services.js';
import { RunJournal, type JournalHeader } from './journal.js';
import type { LoadCounters } from './load/load-generator.js';
import { startRunClock } from './run-clock.js';
import { newRunLog, type DriveState, type RunArgs, type RunLog, type RunnerDeps } from './run-context.js';
import { runJob, runPhases } from './run-phases.js';
import { RUN_RECORD_SCHEMA, type JobOutcome, type RunRecord, type ServiceRecord } from './run-record.js';
import { startCompanionSampling } from './sampling/companion-sampling.js';
import type { MemorySource } from './sampling/memory-source.js';
import type { SamplerResult } from './sampling/sampler.js';
import { loadProblems, runValidity } from './validity.js';
import { START_FAILURE_LOG_LINES } from './wait/readiness-error.js';

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

async function drive(
  args: RunArgs,
  deps: RunnerDeps,
  target: StartedTarget,
  state: DriveState,
): Promise<RunRecord> {
  const { plan } = args;
  const { source, counters, journal, services } = state;
  const clock = startRunClock();
  const log = newRunLog(journal, clock);
  const sampler = deps.startSampler({
    source,
    intervalMs: plan.sampling.intervalMs,
    statsIntervalMs: plan.sampling.statsIntervalMs,
    counters: () => counters,
    clock: clock.readNs,
    t0Ns: clock.t0Ns,
    ...definedOnly({ sink: journal }),
  });
  const companions = [...(services?.containers ?? []), ...(target.companions ?? [])];
  const companionSampling =
    companions.length === 0
      ? undefined
      : await startCompanionSampling(companions, {
          statsIntervalMs: plan.sampling.statsIntervalMs,
          clock,
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
