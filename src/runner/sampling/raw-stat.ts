import type { KeyedValues } from './parse/keyed.js';

/** Drops unlimited (null) entries so the map is plain key -> number evidence. */
export function numbersOnly(values: KeyedValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null) out[k] = v;
  return out;
}
