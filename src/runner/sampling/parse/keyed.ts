/**
 * Parsers for cgroup value files (docs/design/measurement.md#file-formats): single values, flat-keyed files (memory.stat,
 * memory.events, memory.oom_control) and nested-keyed files (memory.pressure). Numbers are parsed as
 * BigInt first; `max` and anything >= 2^62 mean "unlimited" and become null. A missing key is
 * undefined, never 0.
 */

/** key -> bytes or count; null = unlimited. Look keys up by name: order and key sets vary by kernel. */
export type KeyedValues = Record<string, number | null>;

const UNLIMITED = 1n << 62n;
const INTEGER = /^-?\d+$/;

/** One cgroup number: `123\n` -> 123, `max` -> null, anything else -> undefined. */
export function parseCgroupValue(text: string): number | null | undefined {
  const t = text.trim();
  if (t === 'max') return null;
  if (!INTEGER.test(t)) return undefined;
  const big = BigInt(t);
  return big >= UNLIMITED ? null : Number(big);
}

/** `key value` per line into a map; lines that do not parse are skipped. */
export function parseFlatKeyed(text: string): KeyedValues {
  const out: KeyedValues = Object.create(null) as KeyedValues;
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const value = parseCgroupValue(line.slice(space + 1));
    if (value !== undefined) out[line.slice(0, space)] = value;
  }
  return out;
}

/** One line of a PSI file. Averages are percent; total is microseconds of stall. */
export interface PressureLine {
  avg10: number;
  avg60: number;
  avg300: number;
  totalUs: number;
}

export interface Pressure {
  some?: PressureLine;
  full?: PressureLine;
}

/** memory.pressure or /proc/pressure/memory (`some avg10=0.00 ... total=18734`). */
export function parsePressure(text: string): Pressure {
  const out: Pressure = {};
  for (const line of text.split('\n')) {
    const [kind, ...pairs] = line.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full') continue;
    const fields = parseNestedPairs(pairs);
    const { avg10, avg60, avg300, total } = fields;
    if (avg10 === undefined || avg60 === undefined || avg300 === undefined || total === undefined) continue;
    out[kind] = { avg10, avg60, avg300, totalUs: total };
  }
  return out;
}

/** `a=1 b=2.5` into numbers; keys whose value is not a number are dropped. */
export function parseNestedPairs(pairs: string[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = Number(pair.slice(eq + 1));
    if (Number.isFinite(value)) out[pair.slice(0, eq)] = value;
  }
  return out;
}

/** A value from a keyed map as a finite number; null (unlimited) and missing both give undefined. */
export function num(values: KeyedValues | undefined, key: string): number | undefined {
  const v = values?.[key];
  return v === null || v === undefined ? undefined : v;
}
