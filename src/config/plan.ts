/**
 * The resolved configuration: what `memgate.yml` means once parsed, validated and with every size,
 * duration and rate converted to base units. The config stage produces a `Plan`; every later stage
 * reads it and nothing re-checks config after this point.
 */

/** Readiness strategy for a target or service. */
export type ReadySpec =
  | { kind: 'http'; path: string; status: number; timeoutMs: number }
  | { kind: 'tcp'; port?: number; timeoutMs: number }
  | { kind: 'log'; pattern: string; timeoutMs: number }
  | { kind: 'none'; timeoutMs: number };

/** Optional hook to force a garbage collection before floor readings, e.g. `POST /debug/gc`. */
export interface GcHook {
  method: string;
  path: string;
}

/** `target.metrics`: the target's Prometheus text endpoint (README.md#what-grew-and-why). */
export interface MetricsSpec {
  path: string;
  /** Port inside the target; undefined = the target's own port. */
  port?: number;
  /** Other gauges recorded as they are. */
  series: string[];
}

export type EvidenceStep =
  | { kind: 'exec'; argv: string[]; waitMs: number }
  | { kind: 'signal'; signal: string; collect?: string; waitMs: number };

/** `target.evidence`: collected from the live target before it is removed (README.md#what-grew-and-why). */
export interface EvidenceSpec {
  when: 'on-fail' | 'always';
  steps: EvidenceStep[];
}

interface TargetCommon {
  /** Port inside the target the service listens on; memgate maps a free host port to it. */
  port?: number;
  env: Record<string, string>;
  /** Hard memory limit in bytes; swap is set equal (no swap). */
  memoryBytes?: number;
  cpus?: number;
  ready: ReadySpec;
  gc?: GcHook;
  metrics?: MetricsSpec;
  evidence?: EvidenceSpec;
  /** A batch job: each run lasts until the target exits; exit code 0 = ok. */
  job?: true;
}

export interface ImageTarget extends TargetCommon {
  kind: 'image';
  image: string;
  command?: string[];
  entrypoint?: string[];
  workdir?: string;
  /** `host:container[:mode]`, host paths already absolute. */
  volumes: string[];
}

export interface BuildTarget extends TargetCommon {
  kind: 'build';
  /** Absolute path of the build context. */
  context: string;
  dockerfile?: string;
  args: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  workdir?: string;
  volumes: string[];
}

export interface ProcessTarget extends TargetCommon {
  kind: 'process';
  /** argv; argv[0] resolved through PATH. */
  argv: string[];
  /** Working directory (absolute), defaults to the config file's folder. */
  cwd: string;
}

export interface ComposeTarget extends TargetCommon {
  kind: 'compose';
  file: string;
  service: string;
}

export type TargetSpec = ImageTarget | BuildTarget | ProcessTarget | ComposeTarget;

export interface ServiceSpec {
  name: string;
  image: string;
  env: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  workdir?: string;
  /** `host:container[:mode]`, host paths already absolute. */
  volumes: string[];
  ready: ReadySpec;
}

/** A generated JSON body: `{ key: text repeated up to sizeBytes }`, built directly as a Buffer. */
export interface JsonFill {
  text: string;
  sizeBytes: number;
}

export interface HttpGenerator {
  kind: 'http';
  /** Optional label for reports, to tell several http generators of one phase apart. */
  name?: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  connections: number;
  /** Requests per second over all connections; undefined = as fast as possible. */
  rate?: number;
  /** Stop after this many requests (else after the phase duration). */
  amount?: number;
  body?: string;
  /** Generated JSON body: object whose leaf values are strings or fills. */
  json?: Record<string, unknown>;
  /** Statuses that count as answered, inclusive ranges (`expect_status`; runner/validity.ts defaults). */
  expectStatus?: [number, number][];
  /** Failed share above which the run is invalid (`max_error_rate`; runner/validity.ts defaults). */
  maxErrorRate?: number;
}

export interface UploadGenerator {
  kind: 'upload';
  path: string;
  method: string;
  sizeBytes: number;
  count: number;
  concurrency: number;
  contentType: string;
  headers: Record<string, string>;
}

export interface DownloadGenerator {
  kind: 'download';
  path: string;
  method: string;
  count: number;
  concurrency: number;
  headers: Record<string, string>;
}

export interface CommandGenerator {
  kind: 'command';
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

export type GeneratorSpec = HttpGenerator | UploadGenerator | DownloadGenerator | CommandGenerator;

export type PhaseKind = 'idle' | 'warmup' | 'load' | 'soak' | 'cooldown';

export interface PhaseSpec {
  kind: PhaseKind;
  /** Fixed length; undefined = until all generators finish (generators with a count or amount). */
  durationMs?: number;
  generators: GeneratorSpec[];
}

export interface ScenarioSpec {
  name: string;
  /** The library scenario this came from (`use:`), if any. */
  uses?: string;
  phases: PhaseSpec[];
  /** Overrides of the target's env for this scenario's runs. */
  env?: Record<string, string>;
  /** Declared input size of a run (a job's input): the denominator of amplification. */
  payloadBytes?: number;
}

/** Practical thresholds per metric (docs/design/statistics.md#thresholds), all configurable. */
export interface GateSpec {
  metric: GateMetric;
  floor: { maxIncrease: number; minBytes: number };
  peak: { maxIncrease: number; minBytes: number; maxOfLimit: number };
  slope: { maxIncreasePerHour: number; minBytesPerHour: number; maxBytesPerHour?: number };
  recovery: { withinMs: number; maxResidual: number; minBytes: number };
  oom: 'fail' | 'warn';
  alpha: number;
}

export type GateMetric = 'non_reclaimable' | 'working_set' | 'usage' | 'anon';

export interface SamplingSpec {
  intervalMs: number;
  statsIntervalMs: number;
}

export interface Plan {
  /** Absolute path of the config file ('' when built in code). */
  configFile: string;
  target: TargetSpec;
  services: ServiceSpec[];
  engine: 'docker' | 'podman';
  sampling: SamplingSpec;
  repeat: number;
  scenarios: ScenarioSpec[];
  gate: GateSpec;
  baseline: { file: string };
  /** memgate's own RSS budget; a run whose memgate went over it is invalid. */
  selfBudgetBytes: number;
  /** Config-stage warnings (e.g. no memory limit set), carried into the results. */
  warnings?: string[];
}
