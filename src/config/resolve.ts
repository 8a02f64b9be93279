/** Turns a validated config (with `use:` scenarios expanded) into a Plan: base units, absolute paths, defaults. */
import { dirname, resolve } from 'node:path';
import { parseDuration, parsePercent, parseRate, parseSize, perSecToPerHour } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import { DEFAULT_GATE, DEFAULTS } from './defaults.js';
import type { ExpandedScenario } from './expand.js';
import type { GateSpec, Plan } from './plan.js';
import { resolveScenarios } from './resolve-scenarios.js';
import { resolveServices, resolveTarget } from './resolve-target.js';
import type { RawConfig } from './schema.js';
import { must } from './unit-values.js';

export function resolvePlan(raw: RawConfig, scenarios: ExpandedScenario[], configFile: string): Plan {
  const configDir = configFile === '' ? process.cwd() : dirname(configFile);
  const target = resolveTarget(raw.target, configDir);
  const warnings: string[] = [];
  if (target.memoryBytes === undefined) {
    warnings.push(
      'target.memory is not set: the target runs without a memory limit, so OOM behaviour and peak.max_of_limit are not checked',
    );
  }
  return {
    configFile,
    target,
    services: resolveServices(raw.services, configDir),
    engine: raw.engine ?? DEFAULTS.engine,
    sampling: {
      intervalMs: optional(raw.sampling?.interval, parseDuration) ?? DEFAULTS.sampling.intervalMs,
      statsIntervalMs:
        optional(raw.sampling?.stats_interval, parseDuration) ?? DEFAULTS.sampling.statsIntervalMs,
    },
    repeat: raw.repeat ?? DEFAULTS.repeat,
    scenarios: resolveScenarios(scenarios, configDir),
    gate: resolveGate(raw.gate),
    baseline: { file: resolve(configDir, raw.baseline?.file ?? DEFAULTS.baselineFile) },
    selfBudgetBytes: optional(raw.self_budget, parseSize) ?? DEFAULTS.selfBudgetBytes,
    warnings,
  };
}

function optional<T extends string | number>(
  v: T | undefined,
  parse: (v: T) => ReturnType<typeof parseSize>,
) {
  return v === undefined ? undefined : must(parse(v));
}

function resolveGate(g: RawConfig['gate']): GateSpec {
  const d = DEFAULT_GATE;
  const maxRate =
    g?.slope?.max === undefined ? d.slope.maxBytesPerHour : perSecToPerHour(must(parseRate(g.slope.max)));
  return {
    metric: g?.metric ?? d.metric,
    floor: {
      maxIncrease: optional(g?.floor?.max_increase, parsePercent) ?? d.floor.maxIncrease,
      minBytes: optional(g?.floor?.min_bytes, parseSize) ?? d.floor.minBytes,
    },
    peak: {
      maxIncrease: optional(g?.peak?.max_increase, parsePercent) ?? d.peak.maxIncrease,
      minBytes: optional(g?.peak?.min_bytes, parseSize) ?? d.peak.minBytes,
      maxOfLimit: optional(g?.peak?.max_of_limit, parsePercent) ?? d.peak.maxOfLimit,
    },
    slope: {
      maxIncreasePerHour:
        optional(g?.slope?.max_increase_per_hour, parsePercent) ?? d.slope.maxIncreasePerHour,
      minBytesPerHour: optional(g?.slope?.min_bytes_per_hour, parseSize) ?? d.slope.minBytesPerHour,
      ...definedOnly({ maxBytesPerHour: maxRate }),
    },
    recovery: {
      withinMs: optional(g?.recovery?.within, parseDuration) ?? d.recovery.withinMs,
      maxResidual: optional(g?.recovery?.max_residual, parsePercent) ?? d.recovery.maxResidual,
      minBytes: optional(g?.recovery?.min_bytes, parseSize) ?? d.recovery.minBytes,
    },
    oom: g?.oom ?? d.oom,
    alpha: g?.alpha ?? d.alpha,
  };
}
