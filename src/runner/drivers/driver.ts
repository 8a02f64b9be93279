/**
 * Target drivers: how a target is started, measured and stopped. A started target is disposable, so
 * cleanup cannot be forgotten: `await using target = await driver.start(...)`.
 */
import type { TargetSpec } from '../../config/plan.js';
import type { OomEvidence } from '../run-record.js';
import type { MemorySource } from '../sampling/memory-source.js';
import type { InsideTarget } from './inside-target.js';

export interface StartContext {
  /** Session id, carried as the `memgate.session` label on every container. */
  sessionId: string;
  scenario: string;
  run: number;
  /** Folder where logs are written (one file per target). */
  logDir: string;
  signal?: AbortSignal;
  /** Network to attach the target to (the private network of its `services:`). */
  network?: string;
}

/** A dependency container running beside the target whose memory is recorded but not gated. */
export interface CompanionContainer {
  readonly name: string;
  readonly containerId: string;
  memorySource(): Promise<MemorySource>;
}

export interface ExitInfo {
  exitCode: number | null;
  /** The signal that ended it, when known (a process target; containers report 128 + N). */
  signal?: string;
  /** True when the target exited by itself before memgate asked it to stop. */
  exitedOnItsOwn: boolean;
}

export interface StartedTarget extends AsyncDisposable {
  /** Base URL on the host, e.g. http://127.0.0.1:32768 (undefined when the target has no port). */
  readonly url: string | undefined;
  readonly description: string;
  readonly containerId?: string;
  readonly logFile: string;
  /** The best available memory source for this target, chosen per docs/design/measurement.md#sources. */
  memorySource(): Promise<MemorySource>;
  /** Resolves when the target exits by itself (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Last lines of the target's log. */
  logTail(lines: number): Promise<string[]>;
  /** Counters to read before stopping (the last chance for authoritative OOM counters). */
  oomEvidence(): Promise<OomEvidence>;
  /** TERM, then KILL after a grace period; idempotent. */
  stop(): Promise<ExitInfo>;
  /** Dependencies started with the target (e.g. the other services of a Compose file). */
  readonly companions?: readonly CompanionContainer[];
  /** Commands, signals and copies inside the live target (metrics, ceiling, evidence). */
  readonly inside?: InsideTarget;
}

export interface TargetDriver {
  readonly name: 'docker' | 'process';
  start(target: TargetSpec, ctx: StartContext): Promise<StartedTarget>;
}
