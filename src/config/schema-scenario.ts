/**
 * Schema of scenarios and phases (README.md#the-config-file). A phase is a single-key map, `- idle: 10s` or
 * `- load: { duration, http, upload, download, command }`; several generator keys in one phase run
 * at once (fan-out), and each generator key also takes a list to run the same kind more than once
 * (`http: [ {...}, {...} ]`).
 */
import { z } from 'zod';
import { parseSize } from '../units.js';
import {
  argv,
  duration,
  envMap,
  exactlyOne,
  percent,
  positiveInt,
  size,
  strict,
  stringMap,
  urlPath,
} from './schema-parts.js';
import { parseStatusRanges } from './status-ranges.js';

export const PHASE_KINDS = ['idle', 'warmup', 'load', 'soak', 'cooldown'] as const;

/** One value or a list of them: a generator key runs once per item. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);

/**
 * Generated JSON bodies: an object whose values are JSON, where an object with exactly the keys
 * `text` and `size` is a fill: `text` repeated up to `size` bytes.
 */
/** `expect_status`: the statuses that count as answered. */
const expectStatus = z
  .union([z.int(), z.string(), z.array(z.union([z.int(), z.string()])).min(1)])
  .superRefine((v, ctx) => {
    const r = parseStatusRanges(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  })
  .meta({
    description: 'Statuses that count as answered: 200, "200-399", "2xx" or a list (default 200-399)',
  });

const jsonBody = z.record(z.string(), z.unknown()).superRefine((body, ctx) => checkFills(body, [], ctx));

function checkFills(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (value === null || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  if (isFill(value)) {
    if (typeof value.text !== 'string' || value.text.length === 0) {
      ctx.addIssue({ code: 'custom', path: [...path, 'text'], message: 'a fill needs a non-empty text' });
    }
    const r = parseSize(value.size as string | number);
    if (!r.ok) ctx.addIssue({ code: 'custom', path: [...path, 'size'], message: r.error });
    return;
  }
  for (const [k, v] of entries) checkFills(v, [...path, k], ctx);
}

/** `{ text, size }` exactly: a generated fill rather than a literal object. */
export function isFill(value: unknown): value is { text: unknown; size: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'size' && keys[1] === 'text';
}

const method = z.string().regex(/^[A-Za-z]+$/, { error: () => 'expected an HTTP method like GET or POST' });

export const httpGenerator = strict({
  name: z.string().optional(),
  path: urlPath.optional(),
  method: method.optional(),
  headers: stringMap.optional(),
  connections: positiveInt.optional(),
  rate: z.number().positive().optional().meta({ description: 'Requests per second over all connections' }),
  amount: positiveInt.optional().meta({ description: 'Stop after this many requests' }),
  body: z.string().optional(),
  json: jsonBody.optional(),
  expect_status: expectStatus.optional(),
  max_error_rate: percent.optional().meta({
    description:
      'Share of failed requests (connection errors, unexpected statuses) above which a run is invalid (default 1%)',
  }),
})
  .superRefine((g, ctx) => {
    if (g.body !== undefined && g.json !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['json'], message: 'use body or json, not both' });
    }
  })
  .meta({ id: 'http_generator' });

export const uploadGenerator = strict({
  path: urlPath,
  method: method.optional(),
  size,
  count: positiveInt.optional(),
  concurrency: positiveInt.optional(),
  content_type: z.string().optional(),
  headers: stringMap.optional(),
}).meta({ id: 'upload_generator' });

export const downloadGenerator = strict({
  path: urlPath,
  method: method.optional(),
  count: positiveInt.optional(),
  concurrency: positiveInt.optional(),
  headers: stringMap.optional(),
}).meta({ id: 'download_generator' });

/** List form of `command`: each item its own process. */
export const commandItem = strict({ run: argv, env: envMap.optional(), cwd: z.string().optional() }).meta({
  id: 'command_item',
});

export const phaseBody = strict({
  duration: duration.optional(),
  http: oneOrMany(httpGenerator).optional(),
  upload: oneOrMany(uploadGenerator).optional(),
  download: oneOrMany(downloadGenerator).optional(),
  command: z.union([argv, commandItem, z.array(commandItem).min(1)]).optional(),
  /** Environment and working directory of the phase's commands (merged under each item's own). */
  env: envMap.optional(),
  cwd: z.string().optional(),
}).meta({ id: 'phase_body' });

const phaseValue = z.union([duration, phaseBody, z.null()]);

const phaseMap = strict({
  idle: phaseValue.optional(),
  warmup: phaseValue.optional(),
  load: phaseValue.optional(),
  soak: phaseValue.optional(),
  cooldown: phaseValue.optional(),
}).superRefine((p, ctx) => {
  const present = PHASE_KINDS.filter((k) => k in p);
  if (present.length === 1) return;
  const message =
    present.length === 0
      ? `a phase is one of ${PHASE_KINDS.join(' | ')}`
      : `a phase has exactly one kind, found ${present.join(' and ')}: start a new list item for each`;
  ctx.addIssue({ code: 'custom', message, ...(present[1] === undefined ? {} : { path: [present[1]] }) });
});

/** A bare `- cooldown` takes the default duration of its kind. */
export const phase = z.union([z.enum(PHASE_KINDS), phaseMap]);
export const phases = z.array(phase).min(1, { error: () => 'a scenario needs at least one phase' });

export const scenarioEntry = strict({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      error: () => 'expected a name of letters, digits, ".", "_" or "-"',
    })
    .optional(),
  description: z.string().optional(),
  use: z.string().optional().meta({ description: 'A scenario from the bundled library (scenarios/*.yml)' }),
  with: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: "Overrides of the library scenario's parameters" }),
  phases: phases.optional(),
  env: envMap.optional().meta({
    description: "Overrides of the target's env for this scenario's runs (a job's input size, a mode)",
  }),
  payload: size.optional().meta({
    description: "Declared input size of a run (e.g. a job's input file): amplification is peak / payload",
  }),
}).superRefine((s, ctx) => {
  exactlyOne(['use', 'phases'], 'a scenario')(s, ctx);
  if (s.phases !== undefined && s.name === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a scenario with phases needs a name' });
  }
  if (s.with !== undefined && s.use === undefined) {
    ctx.addIssue({ code: 'custom', path: ['with'], message: 'with: applies only to a use: scenario' });
  }
});

export type RawPhase = z.infer<typeof phase>;
export type RawPhaseBody = z.infer<typeof phaseBody>;
export type RawScenarioEntry = z.infer<typeof scenarioEntry>;
