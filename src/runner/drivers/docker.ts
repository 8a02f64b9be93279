/**
 * DockerDriver: starts an image (or a Dockerfile build) as a labelled container under a memory limit,
 * maps a free host port, streams its log to a file, waits until it is ready, and hands out the best
 * memory source for it. Stop is TERM, then KILL after a grace period, then remove.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MemgateError, errorText } from '../../errors.js';
import type { BuildTarget, ImageTarget, ReadySpec, TargetSpec } from '../../scenarios/plan.js';
import { definedOnly } from '../../util/defined-only.js';
import { classifyOom } from '../oom/classify.js';
import type { OomEvidence } from '../run-record.js';
import type { MemorySource } from '../sampling/memory-source.js';
import { readinessError } from '../wait/readiness-error.js';
import { waitUntilReady } from '../wait/wait.js';
import { ContainerApiError, type ContainerApi, type ContainerState } from './container-api.js';
import { ContainerInside } from './container-inside.js';
import type { ExitInfo, StartContext, StartedTarget, TargetDriver } from './driver.js';
import { readLogTail } from './log-tail.js';
import { sessionLabels, type CleanupRegistry } from './session.js';

/** What the driver needs to measure a container; production wiring picks cgroup files or the API. */
export interface ContainerMeasurement {
  memorySource(args: { pid: number; containerId: string; engine: string }): Promise<MemorySource>;
  /** Host-wide OOM kill counter (/proc/vmstat), undefined when unreadable. */
  vmstatOomKills(): Promise<number | undefined>;
}

export interface DockerDriverOptions {
  api: ContainerApi;
  cleanup: CleanupRegistry;
  measurement: ContainerMeasurement;
  /** Seconds between TERM and KILL. */
  stopGraceSeconds?: number;
  /**
   * Probe tcp readiness at the container's own address (local Linux engine). Docker's port proxy
   * accepts on the published port before anything listens inside, so a probe there passes too early.
   */
  probeDirect?: boolean;
}

const READY_HOST = '127.0.0.1';

export class DockerDriver implements TargetDriver {
  readonly name = 'docker' as const;
  private readonly builtImages = new Map<string, string>();

  constructor(readonly options: DockerDriverOptions) {}

  async start(target: TargetSpec, ctx: StartContext): Promise<StartedTarget> {
    if (target.kind !== 'image' && target.kind !== 'build') {
      throw new MemgateError('usage', { message: `the docker driver cannot start a ${target.kind} target` });
    }
    const { api } = this.options;
    const image = await this.resolveImage(target);
    const name = `memgate-${ctx.sessionId}-${ctx.scenario.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${ctx.run}`.slice(
      0,
      120,
    );
    const startedIso = new Date().toISOString();
    const vmstatAtStart = await this.options.measurement.vmstatOomKills();
    let id: string;
    try {
      id = await api.run({
        image,
        name,
        labels: sessionLabels(ctx.sessionId, ctx.scenario),
        env: target.env,
        volumes: target.volumes,
        ...definedOnly({
          command: target.command,
          entrypoint: target.entrypoint,
          workdir: target.workdir,
          port: target.port,
        }),
        ...(target.metrics?.port === undefined || target.metrics.port === target.port
          ? {}
          : { extraPorts: [target.metrics.port] }),
        ...definedOnly({ memoryBytes: target.memoryBytes, cpus: target.cpus, network: ctx.network }),
      });
    } catch (e) {
      await api.remove(name).catch(() => undefined);
      throw new MemgateError('containerStart', { reason: errorText(e) }, { cause: e });
    }
    const unregister = this.options.cleanup.add(() => api.remove(id));
    const started = new StartedContainer(
      this.options,
      id,
      image,
      join(ctx.logDir, `${name}.log`),
      startedIso,
      vmstatAtStart,
      unregister,
    );
    started.network = ctx.network;
    try {
      await started.init(target);
      return started;
    } catch (e) {
      await started.stop().catch(() => undefined);
      throw e;
    }
  }

  private async resolveImage(target: ImageTarget | BuildTarget): Promise<string> {
    const { api } = this.options;
    if (target.kind === 'build') {
      const key = JSON.stringify([target.context, target.dockerfile, target.args]);
      const cached = this.builtImages.get(key);
      if (cached) return cached;
      const tag = `memgate-build:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
      try {
        // The CLI resolves a relative -f against its own cwd; the config means the build context.
        const dockerfile =
          target.dockerfile === undefined ? undefined : resolve(target.context, target.dockerfile);
        await api.build(target.context, tag, dockerfile, target.args);
      } catch (e) {
        throw new MemgateError('buildFailed', {
          context: target.context,
          reason: errorText(e),
        });
      }
      this.builtImages.set(key, tag);
      return tag;
    }
    if (!(await api.imageExists(target.image))) {
      throw new MemgateError('imageMissing', {
        image: target.image,
        reason: `no such image on the ${api.engine} engine`,
      });
    }
    return target.image;
  }
}

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
    const delta =
      this.oomKillsBeforeStop === undefined
        ? undefined
        : this.oomKillsBeforeStop - (this.oomKillsAtStart ?? 0);
    return classifyOom({
      ...definedOnly({ cgroupOomKillDelta: delta }),
      dockerEvents: events.map((e) => ({
        action: e.action,
        timeMs: e.timeNano / 1e6,
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
