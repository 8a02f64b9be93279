/** Resolves the target and services sections: base units, absolute paths, readiness defaults. */
import { isAbsolute, resolve } from 'node:path';
import { parseDuration, parseSize } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import { DEFAULTS } from './defaults.js';
import type { GcHook, ReadySpec, ServiceSpec, TargetSpec } from './plan.js';
import { resolveDiagnostics } from './resolve-diagnostics.js';
import { GC_HOOK_RE, type RawConfig, type RawReady, type RawTarget } from './schema.js';
import { must } from './unit-values.js';

type Env = Record<string, string | number | boolean>;

export function stringEnv(env: Env | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, String(v)]));
}

/** No `ready:` means: the port accepts connections if there is a port, else nothing to wait for. */
export function resolveReady(r: RawReady | undefined, hasPort: boolean): ReadySpec {
  const timeoutMs = r?.timeout === undefined ? DEFAULTS.ready.timeoutMs : must(parseDuration(r.timeout));
  if (r?.http !== undefined)
    return { kind: 'http', path: r.http, status: r.status ?? DEFAULTS.ready.status, timeoutMs };
  if (r?.tcp !== undefined)
    return r.tcp === true ? { kind: 'tcp', timeoutMs } : { kind: 'tcp', port: r.tcp, timeoutMs };
  if (r?.log !== undefined) return { kind: 'log', pattern: r.log, timeoutMs };
  return hasPort ? { kind: 'tcp', timeoutMs } : { kind: 'none', timeoutMs };
}

function resolveGc(http: string): GcHook {
  const m = GC_HOOK_RE.exec(http.trim());
  return { method: (m?.[1] ?? DEFAULTS.gcMethod).toUpperCase(), path: m?.[2] ?? http };
}

/**
 * `host:container[:mode]`: a host part that looks like a path (`.`, `/` or a `/` inside) is made
 * absolute against the config folder; a bare name is a named volume and stays as it is.
 */
export function resolveVolume(spec: string, configDir: string): string {
  const [host = '', ...rest] = spec.split(':');
  const isPath = host.startsWith('.') || host.includes('/');
  return isPath && !isAbsolute(host) ? [resolve(configDir, host), ...rest].join(':') : spec;
}

export function resolveTarget(t: RawTarget, configDir: string): TargetSpec {
  const common = {
    ...definedOnly({ port: t.port }),
    env: stringEnv(t.env),
    ...(t.memory === undefined ? {} : { memoryBytes: must(parseSize(t.memory)) }),
    ...definedOnly({ cpus: t.cpus }),
    // A job is not awaited: it starts working at once, port or not.
    ready: resolveReady(t.ready, t.port !== undefined && t.job !== true),
    ...(t.gc === undefined ? {} : { gc: resolveGc(t.gc.http) }),
    ...resolveDiagnostics(t),
    ...(t.job === true ? { job: true as const } : {}),
  };
  const container = {
    ...definedOnly({ command: t.command, entrypoint: t.entrypoint, workdir: t.workdir }),
    volumes: (t.volumes ?? []).map((v) => resolveVolume(v, configDir)),
  };
  if (t.image !== undefined) return { kind: 'image', image: t.image, ...common, ...container };
  if (t.build !== undefined) {
    const { context, dockerfile, args } = t.build;
    return {
      kind: 'build',
      context: resolve(configDir, context),
      ...definedOnly({ dockerfile }),
      args: args ?? {},
      ...common,
      ...container,
    };
  }
  if (t.process !== undefined)
    return { kind: 'process', argv: t.process, cwd: resolve(configDir, t.cwd ?? '.'), ...common };
  const compose = t.compose ?? { file: 'compose.yaml', service: '' };
  return { kind: 'compose', file: resolve(configDir, compose.file), service: compose.service, ...common };
}

export function resolveServices(services: RawConfig['services'], configDir: string): ServiceSpec[] {
  return (services ?? []).map((s) => ({
    name: s.name,
    image: s.image,
    env: stringEnv(s.env),
    ...definedOnly({ command: s.command, entrypoint: s.entrypoint, workdir: s.workdir }),
    volumes: (s.volumes ?? []).map((v) => resolveVolume(v, configDir)),
    ready: resolveReady(s.ready, false),
  }));
}
