/**
 * Services: the target's dependencies (`services:` in memgate.yml). Before the target starts, they get
 * a private network of their own (`memgate-<session>-<scenario>-<run>`), each joins it under its name
 * as a network alias, and each is awaited until ready. Their memory is recorded, never gated; they
 * are removed with the target (finally, the cleanup registry, and the session sweep by label).
 *
 * Readiness is probed from the host. On a local Linux engine the host routes to the private
 * network, so the probe connects to the service's own address there: a published port would not do,
 * because Docker's userland proxy accepts a connection on the host port before anything listens
 * inside. Elsewhere (remote engine, Desktop) the port is published on 127.0.0.1 as a fallback.
 * Probing from inside (`docker exec`) would need a shell or nc in every service image.
 */
import { join } from 'node:path';
import type { ReadySpec, ServiceSpec } from '../../config/plan.js';
import { MemgateError, errorText } from '../../errors.js';
import { definedOnly } from '../../util/defined-only.js';
import type { MemorySource } from '../sampling/memory-source.js';
import { readinessError } from '../wait/readiness-error.js';
import { waitUntilReady } from '../wait/wait.js';
import type { ContainerApi } from './container-api.js';
import { requireImage, runContainer } from './container-start.js';
import type { ContainerMeasurement } from './docker-options.js';
import type { CompanionContainer, StartContext } from './driver.js';
import { readLogTail } from './log-tail.js';
import { sessionLabels, type CleanupRegistry } from './session.js';

export interface StartedServices extends AsyncDisposable {
  /** The private network the target must join to reach the services by name. */
  readonly network: string;
  readonly containers: readonly CompanionContainer[];
}

export interface ServiceStarter {
  start(specs: ServiceSpec[], ctx: StartContext): Promise<StartedServices>;
}

export interface DockerServicesOptions {
  api: ContainerApi;
  cleanup: CleanupRegistry;
  measurement: ContainerMeasurement;
  /** Probe readiness at the service's address on its network (local Linux engine), not a published port. */
  probeDirect: boolean;
}

const READY_HOST = '127.0.0.1';

/** `memgate-<session>-<scenario>-<run>`, safe as a network and container name prefix. */
export function runResourceName(ctx: StartContext): string {
  return `memgate-${ctx.sessionId}-${ctx.scenario.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${ctx.run}`.slice(0, 100);
}

/** The port a service's readiness probe needs published, or an error for a check it cannot do. */
export function servicePublishPort(spec: ServiceSpec): number | undefined {
  const ready: ReadySpec = spec.ready;
  if (ready.kind === 'http')
    throw new MemgateError('serviceReady', {
      name: spec.name,
      reason: 'an http readiness check needs a port, and services have none',
    });
  if (ready.kind === 'tcp' && ready.port === undefined)
    throw new MemgateError('serviceReady', {
      name: spec.name,
      reason: '`ready: { tcp: true }` names no port; write the port the service listens on',
    });
  return ready.kind === 'tcp' ? ready.port : undefined;
}

export class DockerServices implements ServiceStarter {
  constructor(private readonly options: DockerServicesOptions) {}

  async start(specs: ServiceSpec[], ctx: StartContext): Promise<StartedServices> {
    for (const spec of specs) servicePublishPort(spec); // config mistakes before any container starts
    const { api, cleanup } = this.options;
    const network = runResourceName(ctx);
    await api.createNetwork(network, sessionLabels(ctx.sessionId, ctx.scenario));
    const set = new ServiceSet(this.options, network);
    set.unregister = cleanup.add(() => set.removeAll());
    try {
      for (const spec of specs) await set.startOne(spec, ctx);
      return set;
    } catch (e) {
      await set[Symbol.asyncDispose]();
      throw e;
    }
  }
}

interface RunningService extends CompanionContainer {
  readonly logFile: string;
  /** Closes the memory source, stops waiting and following the log. */
  readonly release: () => Promise<void>;
}

class ServiceSet implements StartedServices {
  readonly containers: RunningService[] = [];
  unregister: () => void = () => undefined;
  private removing: Promise<void> | undefined;

  constructor(
    private readonly options: DockerServicesOptions,
    readonly network: string,
  ) {}

  async startOne(spec: ServiceSpec, ctx: StartContext): Promise<void> {
    const { api, measurement } = this.options;
    await requireImage(api, spec.image, `services.${spec.name}`);
    const port = servicePublishPort(spec);
    const publish = !this.options.probeDirect && port !== undefined;
    const name = `${this.network}-${spec.name}`.slice(0, 120);
    const id = await runContainer(
      api,
      {
        image: spec.image,
        name,
        labels: { ...sessionLabels(ctx.sessionId, ctx.scenario), 'memgate.service': spec.name },
        env: spec.env,
        volumes: spec.volumes,
        network: this.network,
        networkAlias: spec.name,
        ...definedOnly({ command: spec.command, entrypoint: spec.entrypoint, workdir: spec.workdir }),
        ...(publish ? { port } : {}),
      },
      (reason, cause) => new MemgateError('serviceStart', { name: spec.name, reason }, { cause }),
    );
    const logFile = join(ctx.logDir, `${name}.log`);
    const logs = api.followLogs(id, logFile);
    const waiter = api.waitExit(id);
    let source: Promise<MemorySource> | undefined;
    this.containers.push({
      name: spec.name,
      containerId: id,
      logFile,
      memorySource: () =>
        (source ??= api
          .inspect(id)
          .then((s) => measurement.memorySource({ pid: s.pid, containerId: id, engine: api.engine }))),
      release: async () => {
        await source?.then((s) => s.close()).catch(() => undefined);
        waiter.cancel();
        logs.stop();
        await logs.done;
      },
    });
    const address = publish ? undefined : await api.networkAddress(id, this.network).catch(() => undefined);
    const outcome = await waitUntilReady(spec.ready, {
      host: address ?? READY_HOST,
      hostPort: port === undefined ? undefined : publish ? await api.hostPort(id, port) : port,
      mapPort: (p) => (publish ? api.hostPort(id, p) : Promise.resolve(p)),
      logFile,
      exited: waiter.exited,
    });
    if (!outcome.ready) {
      const exited = waiter.exited.then((exitCode) => ({ exitCode }));
      throw await readinessError(outcome, exited, (n) => readLogTail(logFile, n), spec.name);
    }
  }

  /** Services are not measured at stop, so they are removed at once (no TERM grace), then the network. */
  removeAll(): Promise<void> {
    this.removing ??= (async () => {
      const { api } = this.options;
      const errors: string[] = [];
      for (const c of [...this.containers].reverse()) {
        await api.remove(c.containerId).catch((e: unknown) => void errors.push(errorText(e)));
        await c.release();
      }
      await api.removeNetwork(this.network).catch((e: unknown) => void errors.push(errorText(e)));
      if (errors.length > 0)
        throw new MemgateError('cleanupFailed', { what: 'the services', reason: errors.join('; ') });
    })();
    return this.removing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await this.removeAll();
    } finally {
      this.unregister();
    }
  }
}
