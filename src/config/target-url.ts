/**
 * `${target.url}`, `${target.host}` and `${target.port}` substitution, done by the runner once the
 * target's URL is known (the host port is chosen at start). The config stage has already rejected
 * every other `${...}`.
 */
import { TARGET_HOST_REF, TARGET_PORT_REF, TARGET_URL_REF } from './references.js';

export { TARGET_HOST_REF, TARGET_PORT_REF, TARGET_URL_REF };

/** Where the started target is reached from the host: its base URL, and the host and port in it. */
export interface TargetAddress {
  /** No trailing slash. */
  url: string;
  host: string;
  port: string;
}

/** Host and port of a base URL such as `http://127.0.0.1:32768/` (IPv6 brackets removed). */
export function targetAddress(url: string): TargetAddress {
  const parsed = new URL(url);
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  return {
    url: url.replace(/\/+$/, ''),
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? defaultPort : parsed.port,
  };
}

/** `${target.url}`, `${target.host}`, `${target.port}` in one string. */
export function substituteInString(value: string, address: TargetAddress): string {
  return value
    .split(TARGET_URL_REF)
    .join(address.url)
    .split(TARGET_HOST_REF)
    .join(address.host)
    .split(TARGET_PORT_REF)
    .join(address.port);
}

/**
 * Returns a copy of `value` (plain data: a generator, a phase, argv, env) with every `${target.url}`,
 * `${target.host}` and `${target.port}` in its strings replaced. Keys are left as they are.
 */
export function substituteTargetUrl<T>(value: T, url: string): T {
  const address = targetAddress(url);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return substituteInString(v, address);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
