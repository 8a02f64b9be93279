/** Unwraps a units.ts result that the schema has already checked. */
import type { ParseResult } from '../units.js';

export function must(r: ParseResult): number {
  if (!r.ok) throw new Error(`config value passed the schema but not units.ts: ${r.error}`);
  return r.value;
}
