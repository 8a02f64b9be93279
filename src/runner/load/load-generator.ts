/** Load generators: each drives one kind of load at the target during a phase. */
import type { GeneratorSpec } from '../../config/plan.js';
import type { LoadStats } from '../run-record.js';

/** Live counters shared by all generators of a run; the sampler copies them into each stat sample. */
export interface LoadCounters {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface LoadContext {
  baseUrl: string;
  phaseIndex: number;
  /** Phase length; undefined = run until the generator's own count or amount is done. */
  durationMs: number | undefined;
  counters: LoadCounters;
  signal: AbortSignal;
  logDir: string;
}

export interface LoadGenerator<S extends GeneratorSpec = GeneratorSpec> {
  readonly kind: S['kind'];
  run(spec: S, ctx: LoadContext): Promise<LoadStats>;
}
