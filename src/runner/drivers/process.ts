/**
 * ProcessDriver: runs a local command as the target, in its own process group and, when possible, its
 * own cgroup (v1 memory hierarchy as root, or a delegated v2 subtree), so memory is measured like a
 * container's. Output goes straight to a log file (never buffered). Stop: SIGTERM to the group, SIGKILL
 * after a grace delay, then the OOM counters are read and the cgroup is removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProcessTarget, TargetSpec } from '../../config/plan.js';
import { MemgateError } from '../../errors.js';
import { definedOnly } from '../../util/defined-only.js';
import { readCgroupOomKills } from '../oom/cgroup-counters.js';
import { classifyOom } from '../oom/classify.js';
import { readVmstatOomKills } from '../oom/vmstat.js';
import type { OomEvidence } from '../run-record.js';
import { CgroupV1Source, CgroupV2Source } from '../sampling/cgroup-source.js';
import type { MemorySource } from '../sampling/memory-source.js';
import { ProcTreeSource } from '../sampling/proctree-source.js';
import { readinessError } from '../wait/readiness-error.js';
import { waitUntilReady } from '../wait/wait.js';
import type { ExitInfo, StartContext, StartedTarget, TargetDriver } from './driver.js';
import { readLogTail } from './log-tail.js';
import { ProcessInside } from './process-inside.js';
import { trackLiveTarget } from './process/last-resort.js';
import { resolveCommand } from './process/resolve-command.js';
import { createTargetCgroup, type TargetCgroup } from './process/target-cgroup.js';

export interface ProcessDriverOptions {
  /** SIGTERM -> SIGKILL delay (default 5000 ms). */
  graceMs?: number;
  /** Set false to skip the cgroup and measure the process tree (tests, doctor). */
  useCgroup?: boolean;
}

/** Moves the shell into the cgroup before exec, so every descendant is in it from the start. */
const WRAPPER = 'echo $$ > "$1" && shift && exec "$@"';
let counter = 0;
const READY_HOST = '127.0.0.1';

export class ProcessDriver implements TargetDriver {
  readonly name = 'process' as const;
  constructor(private readonly opts: ProcessDriverOptions = {}) {}

  async start(target: TargetSpec, ctx: StartContext): Promise<StartedTarget> {
    if (target.kind !== 'process')
      throw new MemgateError('processStart', { reason: `target kind ${target.kind} is not a process` });
    const started = this.spawnTarget(target, ctx);
    // Like a container: idle starts when the service answers, and a process that never does is exit 3.
    try {
      await started.waitReady();
      return started;
    } catch (e) {
      await started.stop().catch(() => undefined);
      throw e;
    }
  }

  private spawnTarget(target: ProcessTarget, ctx: StartContext): ProcessStartedTarget {
    const [cmd, ...args] = target.argv;
    const env = { ...process.env, ...target.env };
    const exe = cmd === undefined ? undefined : resolveCommand(cmd, target.cwd, env['PATH']);
    if (exe === undefined)
      throw new MemgateError('processStart', { reason: `command not found: ${cmd ?? '(empty argv)'}` });
    const name = `${ctx.sessionId}-${ctx.scenario.replace(/[^\w.-]/g, '_')}-${ctx.run}-${++counter}`;
    const attempt =
      this.opts.useCgroup === false
        ? { ok: false as const, reason: 'cgroup disabled' }
        : createTargetCgroup({ name, memoryBytes: target.memoryBytes });
    fs.mkdirSync(ctx.logDir, { recursive: true });
    const logFile = path.join(ctx.logDir, `${name}.log`);
    const logFd = fs.openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      const argv = attempt.ok
        ? ['/bin/sh', '-c', WRAPPER, 'sh', attempt.cgroup.procsFile, exe, ...args]
        : [exe, ...args];
      child = spawn(argv[0]!, argv.slice(1), {
        cwd: target.cwd,
        env,
        detached: true,
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      fs.closeSync(logFd);
    }
    if (child.pid === undefined) {
      if (attempt.ok) void attempt.cgroup.remove();
      throw new MemgateError('processStart', { reason: `spawn of ${exe} failed` });
    }
    return new ProcessStartedTarget(
      child,
      target,
      logFile,
      attempt.ok ? attempt.cgroup : undefined,
      attempt.ok ? '' : attempt.reason,
      this.opts.graceMs ?? 5000,
    );
  }
}

export class ProcessStartedTarget implements StartedTarget {
  readonly url: string | undefined;
  readonly description: string;
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  readonly inside: ProcessInside;
  private stopRequested = false;
  private killSent = false;
  private exitInfo: ExitInfo | undefined;
  private source: MemorySource | undefined;
  private finalOomKills: number | undefined;
  private readonly vmstatAtStart = readVmstatOomKills();
  private stopping: Promise<ExitInfo> | undefined;
  private readonly untrack: () => void;

  constructor(
    child: ChildProcess,
    private readonly target: ProcessTarget,
    readonly logFile: string,
    /** The target's own cgroup, or undefined when it runs without one (process-tree fallback). */
    readonly cgroup: TargetCgroup | undefined,
    private readonly noCgroupReason: string,
    private readonly graceMs: number,
  ) {
    this.pid = child.pid!;
    this.untrack = trackLiveTarget(this.pid, cgroup?.dir);
    this.inside = new ProcessInside(this.pid, target);
    this.url = target.port === undefined ? undefined : `http://${READY_HOST}:${target.port}`;
    this.description = `process ${target.argv.join(' ')} (pid ${this.pid}${cgroup ? `, cgroup v${cgroup.version} ${cgroup.dir}` : ', no cgroup'})`;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : null);
        this.exitInfo = {
          exitCode,
          exitedOnItsOwn: !this.stopRequested,
          ...(signal === null ? {} : { signal }),
        };
        resolve(this.exitInfo);
      });
      child.once('error', () => {
        this.exitInfo ??= { exitCode: null, exitedOnItsOwn: !this.stopRequested };
        resolve(this.exitInfo);
      });
    });
  }

  /** Waits for `target.ready`; a timeout or an exit meanwhile throws with the log tail. */
  async waitReady(): Promise<void> {
    const outcome = await waitUntilReady(this.target.ready, {
      host: READY_HOST,
      hostPort: this.target.port,
      // A local process listens on its ports directly: no mapping.
      mapPort: (port) => Promise.resolve(port),
      logFile: this.logFile,
      exited: this.exited,
    });
    if (!outcome.ready) throw await readinessError(outcome, this.exited, (n) => this.logTail(n));
  }

  memorySource(): Promise<MemorySource> {
    this.source ??= this.openSource();
    return Promise.resolve(this.source);
  }

  private openSource(): MemorySource {
    const cg = this.cgroup;
    if (cg) {
      const reason = `own cgroup v${cg.version} created for the process at ${cg.dir}`;
      return cg.version === 2
        ? new CgroupV2Source({ dir: cg.dir, mountPoint: cg.mountPoint, reason })
        : new CgroupV1Source({ dir: cg.dir, reason });
    }
    return new ProcTreeSource({
      pid: this.pid,
      reason: `process-tree sum: no cgroup of its own (${this.noCgroupReason})`,
    });
  }

  logTail(lines: number): Promise<string[]> {
    return readLogTail(this.logFile, lines);
  }

  private readOomKills(): number | undefined {
    if (this.finalOomKills !== undefined || !this.cgroup) return this.finalOomKills;
    return readCgroupOomKills(this.cgroup.dir, this.cgroup.version);
  }

  oomEvidence(): Promise<OomEvidence> {
    const kills = this.readOomKills();
    const vm = readVmstatOomKills();
    return Promise.resolve(
      classifyOom({
        ...definedOnly({ cgroupOomKillDelta: kills }),
        ...(this.exitInfo ? { exitCode: this.exitInfo.exitCode } : {}),
        exitedOnItsOwn: this.exitInfo?.exitedOnItsOwn ?? false,
        stoppedByMemgate: this.stopRequested,
        killedByMemgate: this.killSent,
        ...(vm === undefined || this.vmstatAtStart === undefined
          ? {}
          : { vmstatOomKillDelta: vm - this.vmstatAtStart }),
        ...definedOnly({ limitBytes: this.target.memoryBytes }),
      }),
    );
  }

  stop(): Promise<ExitInfo> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<ExitInfo> {
    if (!this.exitInfo) {
      this.stopRequested = true;
      this.signalGroup('SIGTERM');
      const timer = new Promise<undefined>((r) => setTimeout(() => r(undefined), this.graceMs).unref());
      if ((await Promise.race([this.exited, timer])) === undefined) {
        this.killSent = true;
        this.signalGroup('SIGKILL');
      }
    }
    const info = await this.exited;
    // the last chance for authoritative counters: read them before the cgroup is removed
    this.finalOomKills = this.readOomKills();
    await this.source?.close();
    if (this.cgroup) await this.cgroup.remove();
    this.untrack();
    return info;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is already gone
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
