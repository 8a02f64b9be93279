/**
 * DockerDriver: starts an image (or a Dockerfile build) as a labelled container under a memory limit,
 * maps a free host port, streams its log to a file, waits until it is ready, and hands out the best
 * memory source for it. Stop is TERM, then KILL after a grace period, then remove.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { BuildTarget, ImageTarget, TargetSpec } from '../../config/plan.js';
import { MemgateError, errorText } from '../../errors.js';
import { definedOnly } from '../../util/defined-only.js';
import { requireImage, runContainer } from './container-start.js';
import type { DockerDriverOptions } from './docker-options.js';
import type { StartContext, StartedTarget, TargetDriver } from './driver.js';
import { sessionLabels } from './session.js';
import { StartedContainer } from './started-container.js';

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
    const id = await runContainer(
      api,
      {
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
      },
      (reason, cause) => new MemgateError('containerStart', { reason }, { cause }),
    );
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
    await requireImage(api, target.image);
    return target.image;
  }
}
