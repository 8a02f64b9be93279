/**
 * The zod schema of memgate.yml (README.md#the-config-file), the single source of both validation and the
 * editor JSON Schema (schema/memgate.schema.json). Strict objects everywhere: unknown keys are errors.
 */
import { z } from 'zod';
import {
  argv,
  byteRate,
  duration,
  envMap,
  exactlyOne,
  onlyWith,
  percent,
  port,
  positiveInt,
  size,
  strict,
  stringMap,
} from './schema-parts.js';
import { scenarioEntry } from './schema-scenario.js';

export const ready = strict({
  http: z.string().min(1).optional().meta({ description: 'Path polled until it answers `status`' }),
  status: z.int().min(100).max(599).optional(),
  tcp: z
    .union([z.literal(true), port])
    .optional()
    .meta({ description: 'true (the target port) or a port' }),
  log: z.string().min(1).optional().meta({ description: 'Text the target logs when ready' }),
  timeout: duration.optional(),
})
  .superRefine((r, ctx) => {
    exactlyOne(['http', 'tcp', 'log'], 'ready')(r, ctx);
    onlyWith(r, ctx, 'status', ['http'], 'ready.http');
  })
  .meta({ id: 'ready' });

export const GC_HOOK_RE = /^(?:([A-Za-z]+)\s+)?(\/\S*)$/;
const gc = strict({
  http: z.string().regex(GC_HOOK_RE, { error: () => 'expected "METHOD /path", e.g. "POST /debug/gc"' }),
});

const CONTAINER_KINDS = ['image', 'build'];

/** `target.metrics`: the target's own Prometheus text endpoint, scraped every stats tick. */
const metrics = strict({
  http: z.string().regex(/^\/\S*$/, { error: () => 'expected a path such as /metrics' }),
  port: port.optional().meta({ description: 'Port inside the target (default: target.port)' }),
  series: z
    .array(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: () => 'expected a metric name' }))
    .optional()
    .meta({ description: 'Other gauges to record as they are' }),
});

/** One `target.evidence` step: a command inside the target, or a signal whose files are copied out. */
const evidenceStep = strict({
  exec: argv.optional().meta({ description: 'Command run inside the live target' }),
  signal: z
    .string()
    .regex(/^SIG[A-Z0-9]+$/, { error: () => 'expected a signal name such as SIGUSR2' })
    .optional(),
  collect: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Glob of files to copy out, e.g. /tmp/*.heapsnapshot' }),
  wait: duration.optional().meta({ description: 'Longest this step may take (default 10s)' }),
}).superRefine((s, ctx) => {
  exactlyOne(['exec', 'signal'], 'evidence step')(s, ctx);
  onlyWith(s, ctx, 'collect', ['signal'], 'signal steps');
});

const evidence = strict({
  when: z.enum(['on-fail', 'always']).optional(),
  steps: z.array(evidenceStep).min(1, { error: () => 'list at least one step' }),
});
const volumes = z.array(
  z.string().regex(/^[^:]+:[^:]+(:[a-z,]+)?$/, { error: () => 'expected "host:container[:mode]"' }),
);

export const target = strict({
  image: z.string().min(1).optional(),
  build: strict({
    context: z.string().min(1),
    dockerfile: z.string().optional(),
    args: stringMap.optional(),
  }).optional(),
  process: argv.optional().meta({ description: 'argv of a local process, e.g. [node, server.js]' }),
  compose: strict({ file: z.string().min(1), service: z.string().min(1) }).optional(),
  command: argv.optional(),
  entrypoint: argv.optional(),
  workdir: z.string().optional(),
  cwd: z.string().optional().meta({ description: 'Working directory of a process target' }),
  port: port.optional(),
  env: envMap.optional(),
  volumes: volumes.optional(),
  memory: size.optional(),
  cpus: z.number().positive().optional(),
  ready: ready.optional(),
  gc: gc.optional(),
  metrics: metrics.optional(),
  evidence: evidence.optional(),
  job: z
    .boolean()
    .optional()
    .meta({ description: 'A batch job: each run is the job, until it exits (exit code 0 = ok)' }),
}).superRefine((t, ctx) => {
  exactlyOne(['image', 'build', 'process', 'compose'], 'target')(t, ctx);
  for (const key of ['command', 'entrypoint', 'workdir', 'volumes']) {
    onlyWith(t, ctx, key, CONTAINER_KINDS, 'image or build targets');
  }
  onlyWith(t, ctx, 'cwd', ['process'], 'process targets');
  onlyWith(t, ctx, 'job', [...CONTAINER_KINDS, 'process'], 'image, build or process targets');
  if (t.job === true && t.gc !== undefined)
    ctx.addIssue({ code: 'custom', path: ['gc'], message: 'gc applies only to services, not to a job' });
});

const service = strict({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: () => 'expected a lowercase host name like db' }),
  image: z.string().min(1),
  env: envMap.optional(),
  command: argv.optional(),
  entrypoint: argv.optional(),
  workdir: z.string().optional(),
  volumes: volumes.optional().meta({ description: 'Relative host paths are relative to the config file' }),
  ready: ready.optional(),
});

const gate = strict({
  metric: z.enum(['non_reclaimable', 'working_set', 'usage', 'anon']).optional(),
  floor: strict({ max_increase: percent.optional(), min_bytes: size.optional() }).optional(),
  peak: strict({
    max_increase: percent.optional(),
    min_bytes: size.optional(),
    max_of_limit: percent.optional(),
  }).optional(),
  slope: strict({
    max_increase_per_hour: percent.optional(),
    min_bytes_per_hour: size.optional(),
    max: byteRate.optional(),
  }).optional(),
  recovery: strict({
    within: duration.optional(),
    max_residual: percent.optional(),
    min_bytes: size.optional(),
  }).optional(),
  oom: z.enum(['fail', 'warn']).optional(),
  alpha: z.number().gt(0).lt(1).optional(),
});

export const configSchema = strict({
  version: z.literal(1, { error: () => 'expected 1 (the only config version so far)' }),
  target,
  services: z.array(service).optional(),
  engine: z.enum(['docker', 'podman']).optional(),
  sampling: strict({ interval: duration.optional(), stats_interval: duration.optional() }).optional(),
  repeat: positiveInt.optional(),
  scenarios: z.array(scenarioEntry).min(1, { error: () => 'list at least one scenario' }),
  gate: gate.optional(),
  baseline: strict({ file: z.string().min(1) }).optional(),
  self_budget: size.optional().meta({ description: "memgate's own RSS budget; a run over it is invalid" }),
});

/** memgate.yml as written (validated, not yet resolved). */
export type RawConfig = z.infer<typeof configSchema>;
export type RawTarget = z.infer<typeof target>;
export type RawReady = z.infer<typeof ready>;
