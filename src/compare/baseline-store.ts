/**
 * Reading and writing the baseline file. Reads validate the schema and never modify the file;
 * writes are atomic (temp file in the same folder, then rename).
 */
import { z } from 'zod';
import { RUN_SUMMARY_SCHEMA } from '../analysis/run-summary.js';
import { MemgateError, errorText } from '../errors.js';
import { readJsonFile, writeJsonFile } from '../util/json-file.js';
import { BASELINE_SCHEMA, type Baseline } from './baseline.js';
import { COMPACT_ENCODING } from './compact-samples.js';

const summarySchema = z.looseObject({
  schema: z.literal(RUN_SUMMARY_SCHEMA),
  scenario: z.string(),
  run: z.number(),
  valid: z.boolean(),
  floorBytes: z.number(),
  peakBytes: z.number(),
  peakRobustBytes: z.number(),
  slopeBytesPerSec: z.looseObject({ value: z.number(), p: z.number(), decel: z.number() }),
});

const samplesSchema = z.looseObject({
  encoding: z.literal(COMPACT_ENCODING),
  metric: z.string(),
  t0Ms: z.number(),
  dtMs: z.number().positive(),
  pageBytes: z.number().positive(),
  count: z.number().int().nonnegative(),
  data: z.string(),
});

const jobSchema = z.looseObject({
  job: z.string(),
  runs: z.number(),
  floorBytes: z.number(),
  peakBytes: z.number(),
});

const baselineSchema = z.looseObject({
  schema: z.literal(BASELINE_SCHEMA),
  created: z.string(),
  commit: z.string().optional(),
  fingerprint: z.looseObject({ cpus: z.number(), samplerIntervalMs: z.number(), targetHash: z.string() }),
  scenarios: z.record(
    z.string(),
    z.looseObject({
      summaries: z.array(summarySchema),
      samples: z.array(samplesSchema),
      fingerprint: z.looseObject({ cpus: z.number(), targetHash: z.string() }).optional(),
      jobs: z.array(jobSchema).optional(),
    }),
  ),
});

/** Reads a baseline; undefined when the file does not exist; MemgateError('baselineCorrupt') otherwise. */
export async function readBaseline(file: string): Promise<Baseline | undefined> {
  const baseline = await readJsonFile(file, {
    // A newer memgate's baseline gets its own reason rather than a shape error.
    schema: z
      .unknown()
      .superRefine((json, ctx) => {
        const schema = (json as { schema?: unknown } | null)?.schema;
        if (
          typeof schema === 'string' &&
          schema.startsWith('memgate/baseline@') &&
          schema !== BASELINE_SCHEMA
        ) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown schema version ${schema} (this memgate reads ${BASELINE_SCHEMA})`,
          });
        }
      })
      .pipe(baselineSchema),
    corrupt: (reason) => new MemgateError('baselineCorrupt', { file, reason }),
    optional: true,
    unreadable: (e) => new MemgateError('io', { op: 'read', file, reason: errorText(e) }, { cause: e }),
    notJson: 'not valid JSON',
    describeIssue: (issue) =>
      issue.code === 'custom'
        ? issue.message
        : `unexpected content at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  });
  return baseline as unknown as Baseline | undefined;
}

/** Writes atomically: a temp file in the same folder, then rename over it. */
export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await writeJsonFile(file, baseline);
}
