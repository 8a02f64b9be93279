/**
 * Reading and writing the baseline file. Reads validate the schema and never modify the file;
 * writes are atomic (temp file in the same folder, then rename).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { RUN_SUMMARY_SCHEMA } from '../analysis/run-summary.js';
import { MemgateError, errorText } from '../errors.js';
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

const baselineSchema = z.looseObject({
  schema: z.literal(BASELINE_SCHEMA),
  created: z.string(),
  commit: z.string().optional(),
  fingerprint: z.looseObject({ cpus: z.number(), samplerIntervalMs: z.number(), targetHash: z.string() }),
  scenarios: z.record(
    z.string(),
    z.looseObject({ summaries: z.array(summarySchema), samples: z.array(samplesSchema) }),
  ),
});

/** Reads a baseline; undefined when the file does not exist; MemgateError('baselineCorrupt') otherwise. */
export async function readBaseline(file: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MemgateError('io', { op: 'read', file, reason: errorText(e) }, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MemgateError(
      'baselineCorrupt',
      { file, reason: `not valid JSON (${errorText(e)})` },
      { cause: e },
    );
  }
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (typeof schema === 'string' && schema.startsWith('memgate/baseline@') && schema !== BASELINE_SCHEMA) {
    throw new MemgateError('baselineCorrupt', {
      file,
      reason: `unknown schema version ${schema} (this memgate reads ${BASELINE_SCHEMA})`,
    });
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'wrong shape';
    throw new MemgateError('baselineCorrupt', { file, reason: `unexpected content at ${where}` });
  }
  return parsed.data as unknown as Baseline;
}

/** Writes atomically: a temp file next to the target, then rename over it. */
export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // The default .memgate/ folder does not exist before the first baseline.
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new MemgateError('io', { op: 'write', file, reason: errorText(e) }, { cause: e });
  }
}
