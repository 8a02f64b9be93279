/**
 * compareScenario: current runs vs baseline runs -> ScenarioVerdict (statistics.md section 9).
 * Absolute checks (OOM, crash, headroom, absolute leak, slope cap) need no baseline. Relative gates:
 * practical threshold AND statistical gates before FAIL; environment mismatch, too few runs or too
 * little power give INCONCLUSIVE. With no baseline, relative metrics pass as "no baseline: recorded".
 */
import type { RunSummary } from '../analysis/run-summary.js';
import { median } from '../analysis/stats/descriptive.js';
import type { GateSpec } from '../scenarios/plan.js';
import { absoluteChecks, mergeAbsolute } from './absolute.js';
import { evaluateGates, runsNeeded } from './gates.js';
import { metricSpecs, withinRunReplication, type MetricSpec } from './metrics.js';
import { effectReason, formatValue } from './reason.js';
import { worstStatus, type MetricVerdict, type ScenarioVerdict } from './verdict.js';

export interface CompareOptions {
  fingerprintMatch: boolean;
  /** Interleaved --against mode: run i of each side forms a pair (section 9.9). */
  paired?: boolean;
}

function verdictUnit(u: MetricSpec['unit']): MetricVerdict['unit'] {
  return u === 'bytes/request' ? 'ratio' : u;
}

function values(runs: RunSummary[], spec: MetricSpec): number[] {
  return runs.map(spec.value).filter((x): x is number => x !== undefined && Number.isFinite(x));
}

function byRun(runs: RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => a.run - b.run);
}

function slopePower(cur: RunSummary[], threshold: number): string | undefined {
  const mds = cur.map((s) => s.detectableSlopeBytesPerSec).filter((x): x is number => x !== undefined);
  if (mds.length === 0) return undefined;
  const perRun = median(mds) / Math.sqrt(mds.length);
  if (perRun <= 2 * threshold) return undefined;
  const steady = median(cur.map((s) => s.steadyMs ?? 0));
  const needMs = steady * (perRun / threshold) ** (2 / 3);
  return `underpowered: detectable leak ${formatValue(perRun, 'bytes/s')} > 2x threshold; soak >= ${Math.ceil(needMs / 60_000)} min`;
}

function relative(
  spec: MetricSpec,
  cur: RunSummary[],
  base: RunSummary[],
  gate: GateSpec,
  paired: boolean,
): MetricVerdict {
  const c = values(cur, spec);
  const b = values(base, spec);
  const unit = verdictUnit(spec.unit);
  if (spec.metric === 'slope' && c.length === 0 && cur.every((s) => s.slopeMeasured === false)) {
    return {
      metric: 'slope',
      status: 'pass',
      unit,
      reason: cur.every((s) => s.jobDurationMs !== undefined)
        ? 'slope not gated: a batch job has no steady window'
        : 'slope not gated: steady window too short (needs >= 120 s and 20 blocks)',
    };
  }
  if (c.length === 0 || b.length === 0) {
    return {
      metric: spec.metric,
      status: 'inconclusive',
      unit,
      reason: `${spec.label} not measured in ${c.length === 0 ? 'current' : 'baseline'} runs`,
    };
  }
  const out = evaluateGates({
    current: c,
    baseline: b,
    threshold: spec.threshold,
    alpha: gate.alpha,
    paired,
    ...(spec.metric === 'slope' ? { g4: withinRunReplication(cur, gate.alpha) } : {}),
  });
  const reasonCore = effectReason(spec.label, spec.unit, out.effect, median(b), spec.threshold, out.p);
  let status = out.status;
  let note = out.note;
  if (note === 'underpowered' && out.mde !== undefined) {
    note = `underpowered: ${c.length}v${b.length} runs detect ${formatValue(out.mde, spec.unit)}; increase N to ${runsNeeded(out.mde, spec.threshold, c.length, b.length)} per side`;
  }
  if (spec.metric === 'slope' && status === 'pass') {
    const power = slopePower(cur, spec.threshold);
    if (power) {
      status = 'inconclusive';
      note = power;
    }
  }
  const verdict: MetricVerdict = {
    metric: spec.metric,
    status,
    effect: out.effect,
    threshold: spec.threshold,
    unit,
    current: median(c),
    baseline: median(b),
    reason: `${reasonCore}${note ? ` (${note})` : ''}`,
  };
  if (out.p !== undefined) verdict.p = out.p;
  return verdict;
}

function recorded(spec: MetricSpec, cur: RunSummary[]): MetricVerdict {
  const c = values(cur, spec);
  const unit = verdictUnit(spec.unit);
  if (c.length === 0)
    return { metric: spec.metric, status: 'pass', unit, reason: `no baseline: ${spec.label} not measured` };
  const v = median(c);
  return {
    metric: spec.metric,
    status: 'pass',
    unit,
    current: v,
    reason: `no baseline: recorded ${spec.label} ${formatValue(v, spec.unit)}`,
  };
}

export function compareScenario(
  current: RunSummary[],
  baseline: RunSummary[] | undefined,
  gate: GateSpec,
  opts: CompareOptions,
): ScenarioVerdict {
  const scenario = current[0]?.scenario ?? baseline?.[0]?.scenario ?? '';
  const warnings: string[] = [];
  const cur = byRun(current.filter((s) => s.valid));
  const base = byRun((baseline ?? []).filter((s) => s.valid));
  if (cur.length < current.length)
    warnings.push(`${current.length - cur.length} of ${current.length} current runs invalid`);
  if (baseline && base.length < baseline.length)
    warnings.push(`${baseline.length - base.length} of ${baseline.length} baseline runs invalid`);
  const abs = absoluteChecks(current, base.length > 0 ? base : undefined, gate);
  if (cur.length === 0) {
    const metrics: MetricVerdict[] = [
      { metric: 'floor', status: 'inconclusive', unit: 'bytes', reason: 'no valid current runs' },
      ...abs.extra,
    ];
    return { scenario, status: worstStatus(metrics.map((m) => m.status)), metrics, warnings };
  }
  const specs = metricSpecs(cur, base.length > 0 ? base : cur, gate);
  const rel = specs.map((spec): MetricVerdict => {
    if (!baseline || base.length === 0) return recorded(spec, cur);
    if (!opts.fingerprintMatch) {
      return {
        metric: spec.metric,
        status: 'inconclusive',
        unit: verdictUnit(spec.unit),
        reason: 'baseline not comparable: environment fingerprint differs',
      };
    }
    return relative(spec, cur, base, gate, opts.paired === true);
  });
  if (!baseline || base.length === 0)
    warnings.push('no baseline: figures recorded; only absolute checks (OOM, headroom, leak) can fail');
  if (baseline && base.length === 1 && !opts.paired)
    warnings.push('baseline has 1 run; refresh baseline (N >= 3)');
  if (cur.length < 3) warnings.push(`only ${cur.length} current run(s); N >= 3 recommended (5 for power)`);
  const metrics = [...mergeAbsolute(rel, abs.overrides), ...abs.extra];
  const famSize = rel.length;
  if (metrics.some((m) => m.status === 'fail'))
    warnings.push(`family of ${famSize} metrics compared; each gate's null FAIL rate is <= 1%`);
  return { scenario, status: worstStatus(metrics.map((m) => m.status)), metrics, warnings };
}

/** Confirm-on-fail (section 9.8): a relative metric that is FAIL or WARN asks for more runs. */
export function needsConfirmation(verdict: ScenarioVerdict): boolean {
  return verdict.metrics.some(
    (m) =>
      (m.metric === 'floor' || m.metric === 'slope' || m.metric === 'peak' || m.metric === 'recovery') &&
      (m.status === 'fail' || m.status === 'warn') &&
      m.p !== undefined,
  );
}
