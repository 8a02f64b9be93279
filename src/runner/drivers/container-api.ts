/**
 * ContainerApi: everything memgate asks of the container engine, in one interface; CliContainerApi
 * (cli-container-api.ts) is the only implementation that talks to the engine.
 */

export interface RunOptions {
  image: string;
  name: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  workdir?: string;
  volumes: string[];
  /** Container port to publish on a free host port (127.0.0.1). */
  port?: number;
  /** More container ports to publish the same way (e.g. a separate metrics port). */
  extraPorts?: number[];
  memoryBytes?: number;
  cpus?: number;
  network?: string;
  networkAlias?: string;
}

export interface ContainerState {
  status: string;
  running: boolean;
  pid: number;
  exitCode: number;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
  memoryBytes: number;
}

export interface EngineEvent {
  action: string;
  timeNano: number;
  attributes: Record<string, string>;
}

export class ContainerApiError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | undefined,
  ) {
    super(
      `\`${command}\` failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no output'}`,
    );
    this.name = 'ContainerApiError';
  }
}

export interface ContainerApi {
  readonly engine: string;
  info(): Promise<Record<string, unknown>>;
  imageExists(image: string): Promise<boolean>;
  build(
    context: string,
    tag: string,
    dockerfile: string | undefined,
    args: Record<string, string>,
  ): Promise<void>;
  run(options: RunOptions): Promise<string>;
  inspect(id: string): Promise<ContainerState>;
  hostPort(id: string, port: number): Promise<number>;
  /** Streams the container's stdout and stderr into a file until it exits; never buffers. */
  followLogs(id: string, file: string): { done: Promise<void>; stop(): void };
  /** Resolves with the exit code when the container exits (null if the wait itself failed). */
  waitExit(id: string): { exited: Promise<number | null>; cancel(): void };
  stop(id: string, graceSeconds: number): Promise<void>;
  remove(id: string): Promise<void>;
  listByLabel(label: string): Promise<{ id: string; labels: Record<string, string> }[]>;
  events(id: string, sinceIso: string): Promise<EngineEvent[]>;
  createNetwork(name: string, labels: Record<string, string>): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /** The container's IP address on one network (undefined when not attached). */
  networkAddress(id: string, network: string): Promise<string | undefined>;
  /** Networks carrying a label (`key` or `key=value`). */
  listNetworksByLabel(label: string): Promise<{ name: string; labels: Record<string, string> }[]>;
}
