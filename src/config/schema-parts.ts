/**
 * Building blocks of the config schema: strict objects that remember their keys (for "did you mean"),
 * and unit-checked strings (sizes, durations, rates, percentages) validated by units.ts.
 * The schema validates the YAML as written; resolve.ts converts it to base units afterwards, so the
 * schema has no transforms and converts cleanly to JSON Schema.
 */
import { z } from 'zod';
import { parseDuration, parsePercent, parseRate, parseSize, type ParseResult } from '../units.js';

/** Prefix of the message zod gives unrecognized_keys issues of `strict()` objects: the known keys follow. */
export const KNOWN_KEYS_MARK = 'memgate-known-keys:';

/** A strict object (unknown keys are errors) whose unknown-key issue carries the allowed keys. */
export function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape).join(',');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `${KNOWN_KEYS_MARK}${known}` : undefined),
  });
}

function unitValue(parse: (v: string | number) => ParseResult, what: string, example: string, id: string) {
  return z
    .union([z.string(), z.number()], { error: () => `expected a ${what} like ${example}` })
    .superRefine((v, ctx) => {
      const r = parse(v);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
    })
    .meta({ id, description: `A ${what}, e.g. ${example}` });
}

export const size = unitValue(parseSize, 'size', '512MiB, 200MB, 64KiB', 'size');
export const duration = unitValue(parseDuration, 'duration', '100ms, 30s, 10m, 2h', 'duration');
export const percent = unitValue(parsePercent, 'percentage', '5%', 'percentage');
export const byteRate = z
  .string({ error: () => 'expected a rate like 64MiB/h, 256KiB/s' })
  .superRefine((v, ctx) => {
    const r = parseRate(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  })
  .meta({ id: 'rate', description: 'A size over a duration, e.g. 64MiB/h' });

export const positiveInt = z.int().min(1);
export const port = z.int().min(1).max(65535);
export const argv = z.array(z.string()).min(1, { error: () => 'expected at least one argument' });
export const envMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export const stringMap = z.record(z.string(), z.string());
export const urlPath = z.string().min(1);

/** Refinement: exactly one of `keys` is present in the object (reported at the second one). */
export function exactlyOne(keys: readonly string[], what: string) {
  return (obj: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const present = keys.filter((k) => obj[k] !== undefined);
    if (present.length === 1) return;
    const list = keys.join(' | ');
    if (present.length === 0) {
      ctx.addIssue({ code: 'custom', message: `${what} needs exactly one of ${list}` });
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [present[1] as string],
      message: `${what} takes exactly one of ${list}, found ${present.join(' and ')}`,
    });
  };
}

/** Refinement: `key` is only meaningful when one of `kinds` is present. */
export function onlyWith(
  obj: Record<string, unknown>,
  ctx: z.RefinementCtx,
  key: string,
  kinds: string[],
  what: string,
) {
  if (obj[key] === undefined || kinds.some((k) => obj[k] !== undefined)) return;
  ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies only to ${what}` });
}
