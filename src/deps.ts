/**
 * Production wiring: which driver (process or container engine), the real container engine, memory
 * sources, load generators and sampler. Tests build their own RunnerDeps from the same parts; this is
 * the only place that picks implementations.
 */
import { existsSync } from 'node:fs';
import { ownChecksTripped } from './compare/evidence-trigger.js';
import type { GateSpec, Plan } from './config/plan.js';
import { substituteTargetUrl } from './config/target-url.js';
import { errorText, MemgateError } from './errors.js';
import { CliContainerApi } from './runner/drivers/cli-container-api.js';
import { detectCompose, type ComposeCli } from './runner/drivers/compose-cli.js';
import { ComposeDriver } from './runner/drivers/compose.js';
import type { ContainerApi } from './runner/drivers/container-api.js';
import type { ContainerMeasurement } from './runner/drivers/docker-options.js';
import { DockerDriver } from './runner/drivers/docker.js';
import type { TargetDriver } from './runner/drivers/driver.js';
import { ProcessDriver } from './runner/drivers/process.js';
import { DockerServices, type ServiceStarter } from './runner/drivers/services.js';
import { sweepDeadSessions, type CleanupRegistry } from './runner/drivers/session.js';
import { runPhaseLoad } from './runner/load/run-phase-load.js';
import { readVmstatOomKills } from './runner/oom/vmstat.js';
import type { Progress } from './runner/progress.js';
import type { RunnerDeps } from './runner/run-context.js';
import { chooseMemorySource } from './runner/sampling/choose-source.js';
import { startSampler } from './runner/sampling/sampler.js';
import { definedOnly } from './util/defined-only.js';

const DOCKER_SOCKET = '/var/run/docker.sock';

export function containerApi(plan: Plan): ContainerApi {
  return new CliContainerApi(plan.engine);
}

// A remote engine (DOCKER_HOST) runs containers whose PIDs, cgroups and networks we cannot see.
const remoteEngine = (): boolean =>
  process.env['DOCKER_HOST'] !== undefined &&
  process.env['DOCKER_HOST'] !== '' &&
  !process.env['DOCKER_HOST'].startsWith('unix://');

function containerMeasurement(): ContainerMeasurement {
  const remote = remoteEngine();
  return {
    memorySource: ({ pid, containerId }) =>
      chooseMemorySource({
        ...(remote ? { apiOnly: `DOCKER_HOST=${process.env['DOCKER_HOST']} is a remote engine` } : { pid }),
        containerId,
        ...(existsSync(DOCKER_SOCKET) ? { dockerSocket: DOCKER_SOCKET } : {}),
      }),
    vmstatOomKills: async () => readVmstatOomKills(),
  };
}

export function dockerDriver(api: ContainerApi, cleanup: CleanupRegistry): DockerDriver {
  return new DockerDriver({
    api,
    cleanup,
    measurement: containerMeasurement(),
    probeDirect: process.platform === 'linux' && !remoteEngine(),
  });
}

/** `target.compose`: the Compose client is detected on the first start, once. */
function composeDriver(api: ContainerApi, cleanup: CleanupRegistry): ComposeDriver {
  let cli: Promise<ComposeCli> | undefined;
  return new ComposeDriver({
    api,
    cleanup,
    measurement: containerMeasurement(),
    compose: () => (cli ??= detectCompose(api.engine)),
  });
}

/** `services:` on a private network beside a container target. */
function dockerServices(api: ContainerApi, cleanup: CleanupRegistry): DockerServices {
  return new DockerServices({
    api,
    cleanup,
    measurement: containerMeasurement(),
    probeDirect: process.platform === 'linux' && !remoteEngine(),
  });
}

/**
 * The driver of a container target: Compose for `target.compose` (its services are the Compose
 * file's), else one container with `services:` started beside it on a private network.
 */
function containerDrivers(
  plan: Plan,
  api: ContainerApi,
  cleanup: CleanupRegistry,
): { driver: TargetDriver; services: ServiceStarter | undefined } {
  return plan.target.kind === 'compose'
    ? { driver: composeDriver(api, cleanup), services: undefined }
    : { driver: dockerDriver(api, cleanup), services: dockerServices(api, cleanup) };
}

export function runnerDeps(
  driver: TargetDriver,
  progress: Progress,
  services?: ServiceStarter,
  gate?: GateSpec,
): RunnerDeps {
  return {
    driver,
    startSampler: (args) => startSampler(args),
    runPhaseLoad,
    bindTargetUrl: (generators, url) => substituteTargetUrl(generators, url),
    progress,
    ...definedOnly({ services }),
    ...(gate === undefined ? {} : { ownChecksTripped: (record) => ownChecksTripped(record, gate) }),
  };
}

export interface DriverSetup {
  driver: TargetDriver;
  api: ContainerApi | undefined;
  services: ServiceStarter | undefined;
  engine: string;
  cgroupVersion: 0 | 1 | 2;
}

/**
 * The driver of a run: a local process for a process target or `--driver process`, else the container
 * engine (checked to answer first, and swept of containers a dead memgate left). `say` gets the lines
 * the user must see (what was swept, what was ignored).
 */
export async function chooseDriver(
  plan: Plan,
  driverOption: 'docker' | 'process' | undefined,
  cleanup: CleanupRegistry,
  say: (line: string) => void,
): Promise<DriverSetup> {
  const useProcess = driverOption === 'process' || plan.target.kind === 'process';
  let setup: DriverSetup;
  if (useProcess) {
    setup = {
      driver: new ProcessDriver({}),
      api: undefined,
      services: undefined,
      engine: 'none',
      cgroupVersion: 0,
    };
  } else {
    const api = containerApi(plan);
    const info = await api.info().catch((e: unknown) => {
      throw new MemgateError('engineMissing', {
        engine: plan.engine,
        reason: errorText(e).split('\n')[0] ?? '',
      });
    });
    const swept = await sweepDeadSessions(api);
    if (swept.length > 0) say(`removed ${swept.length} container(s) left by a memgate that died`);
    setup = {
      api,
      ...containerDrivers(plan, api, cleanup),
      engine: `${plan.engine} ${String(info['ServerVersion'] ?? '?')}`,
      cgroupVersion: info['CgroupVersion'] === '2' ? 2 : 1,
    };
  }
  if (plan.services.length > 0 && setup.services === undefined) {
    const why = useProcess
      ? 'a process target cannot join their network'
      : 'declare them in the Compose file';
    say(`warning: services: ignored (${why})`);
  }
  return setup;
}
