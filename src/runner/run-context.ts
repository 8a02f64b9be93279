/** What one run is given (RunnerDeps, RunArgs) and what it carries while it goes (DriveState, RunLog). */
import type { GeneratorSpec, Plan, ScenarioSpec, TargetSpec } from '../config/plan.js';
import type { StartContext, TargetDriver } from './drivers/driver.js';
import type { ServiceStarter, StartedServices } from './drivers/services.js';
import { RunJournal, type JournalHeader } from './journal.js';
import type { LoadContext, LoadCounters } from './load/load-generator.js';
import type { Progress } from './progress.js';
import type { RunClock } from './run-clock.js';
import { type LoadStats, type PhaseMark, type RunEvent, type RunRecord } from './run-record.js';
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

export interface DriveState {
  source: MemorySource;
  counters: LoadCounters;
  header: JournalHeader;
  journal: RunJournal | undefined;
  services: StartedServices | undefined;
}

/** What a run accumulates while it goes: its clock, events (journalled as they come), phases, load. */
export interface RunLog {
  now(): number;
  events: RunEvent[];
  phases: PhaseMark[];
  load: LoadStats[];
  warnings: string[];
  addEvent(e: RunEvent): void;
  phaseEnded(mark: PhaseMark): void;
}

/** `clock` is the run's one clock, the one the sampler stamps samples with. */
export function newRunLog(journal: RunJournal | undefined, clock: RunClock): RunLog {
  const log: RunLog = {
    now: () => clock.nowMs(),
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
