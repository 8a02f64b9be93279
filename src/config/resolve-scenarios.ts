/** Resolves expanded scenarios into PhaseSpecs with generators in base units and defaults filled in. */
import { resolve } from 'node:path';
import { parseDuration, parsePercent, parseSize } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import { DEFAULT_PHASE_DURATION_MS, DEFAULTS } from './defaults.js';
import type { ExpandedScenario } from './expand.js';
import type { CommandGenerator, GeneratorSpec, PhaseKind, PhaseSpec, ScenarioSpec } from './plan.js';
import { stringEnv } from './resolve-target.js';
import { isFill, PHASE_KINDS, type RawPhase, type RawPhaseBody } from './schema-scenario.js';
import { parseStatusRanges, type StatusRanges } from './status-ranges.js';
import { must } from './unit-values.js';

function mustStatus(v: Parameters<typeof parseStatusRanges>[0]): StatusRanges {
  const r = parseStatusRanges(v);
  if (!r.ok) throw new Error(`expect_status passed the schema but not its parser: ${r.error}`);
  return r.value;
}

export function resolveScenarios(scenarios: ExpandedScenario[], configDir: string): ScenarioSpec[] {
  return scenarios.map((s) => ({
    name: s.name,
    ...definedOnly({ uses: s.uses }),
    phases: s.phases.map((p) => resolvePhase(p, configDir)),
    ...(s.env === undefined ? {} : { env: stringEnv(s.env) }),
    ...(s.payload === undefined ? {} : { payloadBytes: must(parseSize(s.payload)) }),
  }));
}

function resolvePhase(p: RawPhase, configDir: string): PhaseSpec {
  if (typeof p === 'string') return { kind: p, durationMs: DEFAULT_PHASE_DURATION_MS[p], generators: [] };
  const kind = PHASE_KINDS.find((k) => k in p) as PhaseKind;
  const value = p[kind];
  if (value === null || value === undefined)
    return { kind, durationMs: DEFAULT_PHASE_DURATION_MS[kind], generators: [] };
  if (typeof value !== 'object') return { kind, durationMs: must(parseDuration(value)), generators: [] };
  const generators = resolveGenerators(value, configDir);
  const durationMs = phaseDuration(kind, value, generators);
  return { kind, ...definedOnly({ durationMs }), generators };
}

/**
 * Explicit duration wins. Without one, a phase whose generators all end by themselves runs until
 * they do (undefined); a phase with nothing to end it (no generators, or http without amount) takes
 * the default duration of its kind.
 */
function phaseDuration(kind: PhaseKind, body: RawPhaseBody, generators: GeneratorSpec[]): number | undefined {
  if (body.duration !== undefined) return must(parseDuration(body.duration));
  const endless =
    generators.length === 0 || generators.some((g) => g.kind === 'http' && g.amount === undefined);
  return endless ? DEFAULT_PHASE_DURATION_MS[kind] : undefined;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function resolveGenerators(body: RawPhaseBody, configDir: string): GeneratorSpec[] {
  const out: GeneratorSpec[] = [];
  for (const h of list(body.http)) {
    out.push({
      kind: 'http',
      ...definedOnly({ name: h.name }),
      path: h.path ?? '/',
      method: (h.method ?? DEFAULTS.http.method).toUpperCase(),
      headers: h.headers ?? {},
      connections: h.connections ?? DEFAULTS.http.connections,
      ...definedOnly({ rate: h.rate, amount: h.amount, body: h.body }),
      ...(h.json === undefined ? {} : { json: resolveJson(h.json) as Record<string, unknown> }),
      ...(h.expect_status === undefined ? {} : { expectStatus: mustStatus(h.expect_status) }),
      ...(h.max_error_rate === undefined ? {} : { maxErrorRate: must(parsePercent(h.max_error_rate)) }),
    });
  }
  for (const u of list(body.upload)) {
    out.push({
      kind: 'upload',
      path: u.path,
      method: (u.method ?? DEFAULTS.upload.method).toUpperCase(),
      sizeBytes: must(parseSize(u.size)),
      count: u.count ?? DEFAULTS.upload.count,
      concurrency: u.concurrency ?? DEFAULTS.upload.concurrency,
      contentType: u.content_type ?? DEFAULTS.upload.contentType,
      headers: u.headers ?? {},
    });
  }
  for (const d of list(body.download)) {
    out.push({
      kind: 'download',
      path: d.path,
      method: (d.method ?? DEFAULTS.download.method).toUpperCase(),
      count: d.count ?? DEFAULTS.download.count,
      concurrency: d.concurrency ?? DEFAULTS.download.concurrency,
      headers: d.headers ?? {},
    });
  }
  out.push(...resolveCommands(body, configDir));
  return out;
}

function resolveCommands(body: RawPhaseBody, configDir: string): CommandGenerator[] {
  const c = body.command;
  if (c === undefined) return [];
  const items = Array.isArray(c) && c.every((x) => typeof x === 'string') ? [{ run: c }] : list(c as never);
  return (items as { run: string[]; env?: Record<string, string | number | boolean>; cwd?: string }[]).map(
    (item) => ({
      kind: 'command',
      argv: item.run,
      env: { ...stringEnv(body.env), ...stringEnv(item.env) },
      cwd: resolve(configDir, item.cwd ?? body.cwd ?? '.'),
    }),
  );
}

/** `{ text, size }` objects become JsonFill `{ text, sizeBytes }`; everything else is kept. */
function resolveJson(v: unknown): unknown {
  if (isFill(v)) return { text: v.text, sizeBytes: must(parseSize(v.size as string | number)) };
  if (Array.isArray(v)) return v.map(resolveJson);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveJson(x)]));
  return v;
}
