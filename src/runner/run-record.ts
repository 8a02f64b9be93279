/**
 * RunRecord: everything one run produced (docs/design/measurement.md#overview). Plain JSON, versioned, so analysis can be
 * replayed from disk. All byte figures are bytes, all times are milliseconds since the run started.
 */
import type { PhaseKind } from '../config/plan.js';

export const RUN_RECORD_SCHEMA = 'memgate/run-record@1';

/** Where the memory figures came from, best first (docs/design/measurement.md#sources). */
export type MemorySourceKind = 'cgroup-v2' | 'cgroup-v1' | 'docker-api-v2' | 'docker-api-v1' | 'proctree';

export type Confidence = 'high' | 'medium' | 'low';

/** One fast-loop reading: the cheap usage figure only. */
export interface FastSample {
  tMs: number;
  usageBytes: number;
}

/** One slow-loop reading: the full breakdown (docs/design/measurement.md#metrics). */
export interface StatSample {
  tMs: number;
  usageBytes: number;
  workingSetBytes?: number;
  nonReclaimableBytes?: number;
  anonBytes?: number;
  fileBytes?: number;
  kernelBytes?: number;
  shmemBytes?: number;
  sockBytes?: number;
  swapBytes?: number;
  /** Kernel watermark since the cgroup was created (memory.peak / max_usage_in_bytes). */
  peakBytes?: number;
  /** Effective limit; null = unlimited. */
  limitBytes?: number | null;
  events?: { max?: number; high?: number; oom?: number; oomKill?: number };
  psi?: { someAvg10: number; fullAvg10: number; someTotalUs: number; fullTotalUs: number };
  /** memgate's own resident set at this tick. */
  selfRssBytes?: number;
  /** Load generator counters, cumulative since run start. */
  requests?: number;
  bytesSent?: number;
  bytesReceived?: number;
}

export interface PhaseMark {
  kind: PhaseKind;
  /** Index of the phase in the scenario. */
  index: number;
  startMs: number;
  endMs: number;
}

/** Load statistics for one generator in one phase. */
export interface LoadStats {
  generator: 'http' | 'upload' | 'download' | 'command';
  phaseIndex: number;
  requests: number;
  errors: Record<string, number>;
  statusCodes: Record<string, number>;
  bytesSent: number;
  bytesReceived: number;
  latencyMs?: { p50: number; p90: number; p99: number; max: number };
  /** Largest single request or response body in bytes (for amplification). */
  largestPayloadBytes: number;
  durationMs: number;
  /** command generator only. */
  exitCode?: number | null;
  logFile?: string;
  /** http generator: the request, e.g. `GET /items`. */
  request?: string;
  /** http generator: the statuses that count as answered (`expect_status`), inclusive ranges. */
  expectStatus?: [number, number][];
  /** http generator: the share of failed requests above which the run is invalid (`max_error_rate`). */
  maxErrorRate?: number;
}

export type OomClass =
  | 'OOM_KILLED_MAIN'
  | 'OOM_KILLED_CHILD'
  | 'SIGKILL_UNEXPLAINED'
  | 'STOPPED_BY_MEMGATE'
  | 'CLEAN'
  | 'EXITED'
  /** A run recovered from a journal after memgate was cut off: nobody saw the end. */
  | 'UNKNOWN';

/** OOM verdict with its evidence (docs/design/measurement.md#oom). */
export interface OomEvidence {
  classification: OomClass;
  oomKills: number;
  exitCode?: number | null;
  oomKilledFlag?: boolean;
  limitBytes?: number | null;
  lastSample?: StatSample;
  memoryStat?: Record<string, number>;
  reasons: string[];
}

export interface RunEvent {
  tMs: number;
  kind: 'ready' | 'phase' | 'oom' | 'exit' | 'gap' | 'gc' | 'warning' | 'stop';
  detail: string;
}

export interface SourceInfo {
  kind: MemorySourceKind;
  confidence: Confidence;
  /** Why this source was chosen (and why better ones were not). */
  reason: string;
  /** The cgroup directory read, when a cgroup source. */
  cgroupDir?: string;
  peakSupported: boolean;
  psiSupported: boolean;
}

/** Memory of one dependency (a `services:` entry or another Compose service): recorded, never gated. */
export interface ServiceRecord {
  name: string;
  containerId?: string;
  source?: SourceInfo;
  /** Slow-loop readings at the stats interval, on the run's clock (t = 0 as the target's). */
  stats: StatSample[];
  warnings: string[];
}

/** The runtime a metrics endpoint was recognised as, from the families it exposes. */
export type RuntimeKind = 'node' | 'jvm' | 'go' | 'python' | 'dotnet' | 'unknown';

/** One scrape of the target's own metrics, normalized across runtimes (README.md#what-grew-and-why). */
export interface RuntimeSample {
  tMs: number;
  /** runtime_heap_used: live heap of the managed runtime. */
  heapUsedBytes?: number;
  /** Heap the runtime has committed from the OS (what the cgroup sees as anon), when published. */
  heapCommittedBytes?: number;
  /** runtime_heap_limit: the heap ceiling the collector works against. */
  heapLimitBytes?: number;
  /** runtime_outside_heap: external, native, off-heap, direct buffers. */
  outsideHeapBytes?: number;
  /** runtime_gc_count: collections since the runtime started. */
  gcCount?: number;
  /** Gauges named in `metrics.series`, as they are. */
  series?: Record<string, number>;
}

export interface RuntimeMetricsRecord {
  /** Path and port inside the target that was scraped. */
  endpoint: string;
  runtime: RuntimeKind;
  samples: RuntimeSample[];
  scrapes: { ok: number; failed: number; skipped: number };
  /** First error seen, for the report (a failed scrape is never fatal). */
  lastError?: string;
}

/** The heap ceiling asked from the runtime inside the target (or read from its metrics). */
export interface RuntimeCeiling {
  runtime: RuntimeKind;
  heapLimitBytes: number;
  /** How it was learnt, e.g. `v8.getHeapStatistics()`, `jcmd VM.flags`, `GOMEMLIMIT`, `metrics`. */
  source: string;
}

export interface EvidenceStepResult {
  /** The step as written, e.g. `exec jcmd 1 GC.class_histogram` or `signal SIGUSR2 -> /tmp/*.heapsnapshot`. */
  step: string;
  ok: boolean;
  durationMs: number;
  /** Files written, relative to the results folder. */
  files: string[];
  detail?: string;
  /** The largest rows, when the output is a class histogram (`name count bytes`). */
  histogram?: { name: string; count: number; bytes: number }[];
}

/** Evidence collected from the live target before removal; files under OUT/evidence/SCENARIO/RUN/. */
export interface EvidenceRecord {
  /** Why it was collected: `always`, `confirmation run`, or the absolute check that tripped. */
  trigger: string;
  steps: EvidenceStepResult[];
}

export interface RunRecord {
  schema: typeof RUN_RECORD_SCHEMA;
  scenario: string;
  /** 0-based repetition index. */
  run: number;
  /** 'current' or, in --against mode, 'base'. */
  side: 'current' | 'base';
  /** 'fake': synthetic records built by the tests (test/helpers/synthetic.ts). */
  driver: 'docker' | 'process' | 'fake';
  target: { image?: string; argv?: string[]; memoryLimitBytes?: number | null; containerId?: string };
  /** ISO time of t = 0. */
  startedAt: string;
  intervalMs: number;
  statsIntervalMs: number;
  source: SourceInfo;
  fast: FastSample[];
  stats: StatSample[];
  phases: PhaseMark[];
  load: LoadStats[];
  events: RunEvent[];
  oom: OomEvidence;
  /** memgate's own peak RSS over the run, and whether it stayed within budget. */
  self: { peakRssBytes: number; budgetBytes: number; withinBudget: boolean };
  /** Last lines of the target's log (evidence for failures). */
  logTail: string[];
  logFile?: string;
  warnings: string[];
  /** Set by runner/validity.ts alone: false when the run does not count (see `warnings` for why). */
  valid: boolean;
  /** Why the run did not end normally (Ctrl-C, memgate cut off): it never counts. */
  cutShort?: string;
  /** Dependencies' memory over the run (services, other Compose services); not gated. */
  services?: ServiceRecord[];
  /** The target's own runtime metrics (`target.metrics`); additive, absent in older records. */
  metrics?: RuntimeMetricsRecord;
  /** The runtime's heap ceiling, where it could be learnt. */
  runtimeCeiling?: RuntimeCeiling;
  /** Evidence collected before removal (`target.evidence`). */
  evidence?: EvidenceRecord;
  /** `target.job`: how the job ended. */
  job?: JobOutcome;
  /** The scenario's declared input size (`payload:`), the denominator of a job's amplification. */
  payloadBytes?: number;
}

/** How a batch job's run ended. */
export interface JobOutcome {
  /** Exit code of the job (128 + n for a signal); null when it never exited by itself. */
  exitCode: number | null;
  /** From start to exit (or to the time limit), ms. */
  durationMs: number;
  /** It was still running when its time ran out (the sum of the scenario's phase durations). */
  timedOut: boolean;
  timeLimitMs: number;
}
