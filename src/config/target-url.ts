/**
 * `${target.url}` substitution, done by the runner once the target's URL is known (the host port is
 * chosen at start). The config stage has already rejected every other `${...}`.
 */
import { TARGET_URL_REF } from './references.js';

export { TARGET_URL_REF };

/**
 * Returns a copy of `value` (plain data: a generator, a phase, argv, env) with every `${target.url}`
 * in its strings replaced by `url` (no trailing slash). Keys are left as they are.
 */
export function substituteTargetUrl<T>(value: T, url: string): T {
  const base = url.replace(/\/+$/, '');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(TARGET_URL_REF).join(base);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
