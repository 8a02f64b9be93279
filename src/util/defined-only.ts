/**
 * Optional properties under `exactOptionalPropertyTypes`: `{ ...definedOnly({ port, cpus }) }` sets
 * each key whose value is defined and leaves the others out, where `port: undefined` would be a type
 * error (and a key present with no value for `in` and `Object.keys`).
 */
type UndefinedKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

export type DefinedOnly<T> = { [K in Exclude<keyof T, UndefinedKeys<T>>]: T[K] } & {
  [K in UndefinedKeys<T>]?: Exclude<T[K], undefined>;
};

export function definedOnly<T extends object>(obj: T): DefinedOnly<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as DefinedOnly<T>;
}
