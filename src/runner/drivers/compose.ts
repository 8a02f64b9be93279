/**
 * ComposeDriver (`target.compose: { file, service }`): brings up the user's Compose project under a
 * fresh name (`memgate-<session>-<n>`) with memgate's override file, measures the named service's
 * container exactly as the docker driver measures its own, records the other services' memory, and
 * tears the whole project down (`down -v --remove-orphans`) in finally and on SIGINT.
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComposeTarget, TargetSpec } from '../../config/plan.js';
import { MemgateError, errorText } from '../../errors.js';
import type { MemorySource } from '../sampling/memory-source.js';
import type { ComposeCli } from './compose-cli.js';
import {
  composeOverride,
  limitsInOverride,
  readComposeModel,
  type ComposeModel,
} from './compose-override.js';
import type { DockerDriverOptions } from './docker-options.js';
import type { CompanionContainer, StartContext, StartedTarget, TargetDriver } from './driver.js';
import { sessionLabels } from './session.js';
import { StartedContainer } from './started-container.js';

export interface ComposeDriverOptions extends DockerDriverOptions {
  /** Resolves the compose client lazily (detected on the first start). */
  compose: () => Promise<ComposeCli>;
}

/** One Compose project: its command-line prefix and how to take it down. */
interface Project {
  args: string[];
  down(): Promise<void>;
}

export class ComposeDriver implements TargetDriver {
  readonly name = 'docker' as const;
  private projects = 0;

  constructor(private readonly options: ComposeDriverOptions) {}

  async start(target: TargetSpec, ctx: StartContext): Promise<StartedTarget> {
    if (target.kind !== 'compose') {
      throw new MemgateError('usage', { message: `the compose driver cannot start a ${target.kind} target` });
    }
    const cli = await this.options.compose();
    const model = await this.readModel(target);
    const name = `memgate-${ctx.sessionId}-${this.projects++}`.toLowerCase();
    const dir = await mkdtemp(join(tmpdir(), 'memgate-compose-'));
    const override = join(dir, 'memgate.override.yml');
    await writeFile(override, composeOverride(model, target, sessionLabels(ctx.sessionId, ctx.scenario)));
    const project = this.project(cli, ['-p', name, '-f', target.file, '-f', override], dir);
    const unregister = this.options.cleanup.add(project.down);
    try {
      return await this.startProject(cli, project, model, target, ctx, unregister);
    } catch (e) {
      await project.down().catch(() => undefined);
      unregister();
      throw e;
    }
  }

  private async startProject(
    cli: ComposeCli,
    project: Project,
    model: ComposeModel,
    target: ComposeTarget,
    ctx: StartContext,
    unregister: () => void,
  ): Promise<StartedTarget> {
    const { measurement } = this.options;
    const startedIso = new Date().toISOString();
    const vmstatAtStart = await measurement.vmstatOomKills();
    await cli.run([...project.args, 'up', '-d']);
    const id = await this.containerOf(cli, project, target.service);
    if (id === undefined) {
      throw new MemgateError('containerStart', {
        reason: `compose service ${target.service} has no running container after \`up -d\``,
      });
    }
    if (!limitsInOverride(model)) await this.updateLimits(id, target);
    const logFile = join(ctx.logDir, `memgate-${ctx.sessionId}-compose-${target.service}-${ctx.run}.log`);
    const inner = new StartedContainer(
      this.options,
      id,
      `compose ${target.service}`,
      logFile,
      startedIso,
      vmstatAtStart,
      () => undefined,
    );
    const started = new StartedCompose(inner, project, unregister, []);
    try {
      await inner.init(target);
      started.companions.push(...(await this.companions(cli, project, model, target.service)));
      return started;
    } catch (e) {
      await started[Symbol.asyncDispose]().catch(() => undefined);
      throw e;
    }
  }

  private async readModel(target: ComposeTarget): Promise<ComposeModel> {
    const text = await readFile(target.file, 'utf8').catch((e: unknown) => {
      throw new MemgateError('composeService', {
        reason: `cannot read ${target.file}: ${errorText(e)}`,
        file: target.file,
        known: '',
      });
    });
    const model = readComposeModel(text, target.file);
    if (!model.services.includes(target.service)) {
      throw new MemgateError('composeService', {
        reason: `no service "${target.service}" in ${target.file}`,
        file: target.file,
        known: model.services.join(', '),
      });
    }
    return model;
  }

  private project(cli: ComposeCli, args: string[], dir: string): Project {
    let down: Promise<void> | undefined;
    return {
      args,
      down: () =>
        (down ??= cli
          .run([...args, 'down', '-v', '--remove-orphans', '-t', '5'], 180_000)
          .then(() => undefined)
          .finally(() => rm(dir, { recursive: true, force: true }))),
    };
  }

  private async containerOf(cli: ComposeCli, project: Project, service: string): Promise<string | undefined> {
    const out = await cli.run([...project.args, 'ps', '-q', service], 60_000);
    return out
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
  }

  /** The project's other services, measured like `services:` entries (recorded, not gated). */
  private async companions(
    cli: ComposeCli,
    project: Project,
    model: ComposeModel,
    measured: string,
  ): Promise<CompanionContainer[]> {
    const { api, measurement } = this.options;
    const out: CompanionContainer[] = [];
    for (const name of model.services.filter((s) => s !== measured)) {
      const id = await this.containerOf(cli, project, name).catch(() => undefined);
      if (id === undefined) continue;
      let source: Promise<MemorySource> | undefined;
      out.push({
        name,
        containerId: id,
        memorySource: () =>
          (source ??= api
            .inspect(id)
            .then((s) => measurement.memorySource({ pid: s.pid, containerId: id, engine: api.engine }))),
      });
    }
    return out;
  }

  private async updateLimits(id: string, target: ComposeTarget): Promise<void> {
    const args = ['update'];
    if (target.memoryBytes !== undefined)
      args.push('--memory', `${target.memoryBytes}b`, '--memory-swap', `${target.memoryBytes}b`);
    if (target.cpus !== undefined) args.push('--cpus', String(target.cpus));
    if (args.length > 1) await execa(this.options.api.engine, [...args, id], { stdin: 'ignore' });
  }
}

/** The measured service, with the whole project's teardown attached to its disposal. */
class StartedCompose implements StartedTarget {
  constructor(
    private readonly inner: StartedContainer,
    private readonly project: Project,
    private readonly unregister: () => void,
    readonly companions: CompanionContainer[],
  ) {}

  get inside() {
    return this.inner.inside;
  }
  get url() {
    return this.inner.url;
  }
  get description() {
    return this.inner.description;
  }
  get containerId() {
    return this.inner.containerId;
  }
  get logFile() {
    return this.inner.logFile;
  }
  get exited() {
    return this.inner.exited;
  }
  memorySource() {
    return this.inner.memorySource();
  }
  logTail(lines: number) {
    return this.inner.logTail(lines);
  }
  oomEvidence() {
    return this.inner.oomEvidence();
  }
  stop() {
    return this.inner.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const c of this.companions)
      await c.memorySource().then(
        (s) => s.close(),
        () => undefined,
      );
    try {
      await this.inner[Symbol.asyncDispose]();
    } finally {
      await this.project.down();
      this.unregister();
    }
  }
}
