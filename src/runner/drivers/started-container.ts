/** StartedContainer: a started container measured as the target, by the Docker and the Compose driver. */
import path from 'node:path';
import type { ReadySpec } from '../../config/plan.js';
import { MemgateError, errorText } from '../../errors.js';
import { nsToMs } from '../../units.js';
import { definedOnly } from '../../util/defined-only.js';
import { parentOomKillDelta, readV2OomCounters, type OomCounters } from '../oom/cgroup-counters.js';
import { classifyOom } from '../oom/classify.js';
import type { OomEvidence } from '../run-record.js';
import type { MemorySource } from '../sampling/memory-source.js';
import { readinessError } from '../wait/readiness-error.js';
import { waitUntilReady } from '../wait/wait.js';
import { ContainerApiError, type ContainerState } from './container-api.js';
import { ContainerInside } from './container-inside.js';
import { READY_HOST, type DockerDriverOptions } from './docker-options.js';
import type { ExitInfo, StartedTarget } from './driver.js';
import { readLogTail } from './log-tail.js';

/** A started container measured as the target (also used by the Compose driver for its service). */
export class StartedContainer implements StartedTarget {
  url: string | undefined;
  readonly description: string;
  readonly exited: Promise<ExitInfo>;
  readonly inside: ContainerInside;
  private pid = 0;
  private source: MemorySource | undefined;
  private oomKillsAtStart: number | undefined;
  private oomKillsBeforeStop: number | undefined;
  /** The parent's counters at start: the fallback when the container's own cgroup goes with it (v2). */
  private parent: { dir: string; atStart: OomCounters } | undefined;
  private parentOomKillDelta: number | undefined;
  private memoryStat: Record<string, number> | undefined;
  private limitBytes: number | null | undefined;
  private stopping: Promise<ExitInfo> | undefined;
  private stoppedByMemgate = false;
  private exitedOnItsOwn = false;
  private finalState: ContainerState | undefined;
  private readonly logs: { done: Promise<void>; stop(): void };
  private readonly waiter: { exited: Promise<number | null>; cancel(): void };
  /** The network the container was attached to (default bridge when undefined). */
  network: string | undefined;

  constructor(
    private readonly options: DockerDriverOptions,
    readonly containerId: string,
    image: string,
    readonly logFile: string,
    private readonly startedIso: string,
    private readonly vmstatAtStart: number | undefined,
    private readonly unregister: () => void,
  ) {
    this.description = `${image} (container ${containerId.slice(0, 12)})`;
    this.inside = new ContainerInside(options.api.engine, containerId, READY_HOST);
    this.logs = options.api.followLogs(containerId, logFile);
    this.waiter = options.api.waitExit(containerId);
    this.exited = this.waiter.exited.then((exitCode) => {
      if (!this.stoppedByMemgate) this.exitedOnItsOwn = true;
      return { exitCode, exitedOnItsOwn: this.exitedOnItsOwn };
    });
  }

  async init(target: { port?: number; ready: ReadySpec }): Promise<void> {
    const { api } = this.options;
    const state = await api.inspect(this.containerId);
    this.pid = state.pid;
    const hostPort =
      target.port === undefined || !state.running ? undefined : await this.mainHostPort(target.port);
    this.url = hostPort === undefined ? undefined : `http://${READY_HOST}:${hostPort}`;
    const direct =
      target.ready.kind === 'tcp' && this.options.probeDirect && state.running
        ? await api.networkAddress(this.containerId, this.network ?? 'bridge').catch(() => undefined)
        : undefined;
    const containerPort = target.ready.kind === 'tcp' ? (target.ready.port ?? target.port) : undefined;
    const outcome = await waitUntilReady(target.ready, {
      host: READY_HOST,
      hostPort,
      mapPort: (p) => api.hostPort(this.containerId, p),
      ...(direct === undefined || containerPort === undefined
        ? {}
        : { direct: { host: direct, port: containerPort } }),
      logFile: this.logFile,
      exited: this.exited,
    });
    if (!outcome.ready) throw await readinessError(outcome, this.exited, (n) => this.logTail(n));
  }

  /** The published port; undefined when the container exited meanwhile (waiting then reports the exit). */
  private async mainHostPort(port: number): Promise<number | undefined> {
    const { api } = this.options;
    try {
      return await api.hostPort(this.containerId, port);
    } catch (e) {
      // `docker port` fails once the container has exited: that is a death, not a port problem.
      const state = await api.inspect(this.containerId).catch(() => undefined);
      if (state && !state.running) return undefined;
      throw new MemgateError(
        'containerStart',
        { reason: errorText(e) },
        { cause: e, details: await this.logTail(20) },
      );
    }
  }

  async memorySource(): Promise<MemorySource> {
    if (!this.source) {
      this.source = await this.options.measurement.memorySource({
        pid: this.pid,
        containerId: this.containerId,
        engine: this.options.api.engine,
      });
      const first = await this.source.readStats();
      this.oomKillsAtStart = first?.events?.oomKill;
      const dir = this.source.info.kind === 'cgroup-v2' ? this.source.info.cgroupDir : undefined;
      const parentDir = dir === undefined ? undefined : path.dirname(dir);
      const atStart = parentDir === undefined ? undefined : readV2OomCounters(parentDir);
      this.parent =
        parentDir === undefined || atStart === undefined ? undefined : { dir: parentDir, atStart };
      // Kept as a fallback: after an OOM kill the cgroup is gone before stop can read it again.
      this.limitBytes = first?.limitBytes;
    }
    return this.source;
  }

  logTail(lines: number): Promise<string[]> {
    return readLogTail(this.logFile, lines);
  }

  async oomEvidence(): Promise<OomEvidence> {
    const events = await this.options.api.events(this.containerId, this.startedIso).catch(() => []);
    const vmstatNow = await this.options.measurement.vmstatOomKills();
    const own =
      this.oomKillsBeforeStop === undefined
        ? undefined
        : this.oomKillsBeforeStop - (this.oomKillsAtStart ?? 0);
    const fromParent = own === undefined ? this.parentOomKillDelta : undefined;
    return classifyOom({
      ...definedOnly({ cgroupOomKillDelta: own ?? fromParent }),
      ...definedOnly({ cgroupOomKillFromParent: fromParent === undefined ? undefined : this.parent?.dir }),
      dockerEvents: events.map((e) => ({
        action: e.action,
        timeMs: nsToMs(e.timeNano),
        ...definedOnly({ signal: e.attributes['signal'] }),
        ...(e.attributes['exitCode'] === undefined ? {} : { exitCode: Number(e.attributes['exitCode']) }),
      })),
      ...(this.finalState === undefined
        ? {}
        : { oomKilledFlag: this.finalState.oomKilled, exitCode: this.finalState.exitCode }),
      exitedOnItsOwn: this.exitedOnItsOwn,
      stoppedByMemgate: this.stoppedByMemgate,
      ...(vmstatNow === undefined || this.vmstatAtStart === undefined
        ? {}
        : { vmstatOomKillDelta: vmstatNow - this.vmstatAtStart }),
      ...definedOnly({ limitBytes: this.limitBytes, memoryStat: this.memoryStat }),
    });
  }

  stop(): Promise<ExitInfo> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<ExitInfo> {
    const { api } = this.options;
    // The cgroup's counters vanish with the container: read them first (docs/design/measurement.md#oom-counters).
    if (this.source) {
      const last = await this.source.readStats().catch(() => undefined);
      this.oomKillsBeforeStop = last?.events?.oomKill ?? this.oomKillsBeforeStop;
      const parentNow = this.parent && readV2OomCounters(this.parent.dir);
      if (last?.events?.oomKill === undefined && this.parent && parentNow)
        this.parentOomKillDelta = parentOomKillDelta(this.parent.atStart, parentNow);
      this.limitBytes = last?.limitBytes ?? this.limitBytes;
      this.memoryStat = await this.source.readRawStat?.().catch(() => undefined);
      await this.source.close().catch(() => undefined);
    }
    const runningBefore = !this.exitedOnItsOwn;
    this.stoppedByMemgate = runningBefore;
    try {
      if (runningBefore) await api.stop(this.containerId, this.options.stopGraceSeconds ?? 5);
      this.finalState = await api.inspect(this.containerId);
      // No cgroup reading at all: the configured limit from the engine (0 = unlimited).
      this.limitBytes ??= this.finalState.memoryBytes > 0 ? this.finalState.memoryBytes : null;
    } catch (e) {
      if (!(e instanceof ContainerApiError)) throw e;
    } finally {
      this.waiter.cancel();
      this.logs.stop();
      await this.logs.done;
    }
    return { exitCode: this.finalState?.exitCode ?? null, exitedOnItsOwn: this.exitedOnItsOwn };
  }

  /** Stop (if needed) and remove; safe to call more than once. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop().catch(() => undefined);
    await this.options.api.remove(this.containerId);
    this.unregister();
  }
}
