/**
 * compareScenario: current runs vs baseline runs -> ScenarioVerdict (docs/design/statistics.md#compare).
 * Absolute checks (OOM, crash, headroom, absolute leak, slope cap) need no baseline. Relative gates:
 * practical threshold AND statistical gates before FAIL; environment mismatch, too few runs or too
 * little power give INCONCLUSIVE. With no baseline, relative metrics are INCONCLUSIVE ("no baseline:
 * recorded"): absolute checks alone can still fail the scenario.
 */
import type { RunSummary } from '../analysis/run-summary.js';
import type { GateSpec } from '../config/plan.js';
import { absoluteChecks, mergeAbsolute } from './absolute.js';
import { metricSpecs } from './metrics.js';
import { byRun, recorded, relative, verdictUnit, type CompareOptions } from './relative.js';
import { worstStatus, type MetricVerdict, type ScenarioVerdict } from './verdict.js';

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
    return relative(spec, cur, base, gate, opts);
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

/** Confirm-on-fail (docs/design/statistics.md#confirmation): a relative metric that is FAIL or WARN asks for more runs. */
export function needsConfirmation(verdict: ScenarioVerdict): boolean {
  return verdict.metrics.some(
    (m) =>
      (m.metric === 'floor' || m.metric === 'slope' || m.metric === 'peak' || m.metric === 'recovery') &&
      (((m.status === 'fail' || m.status === 'warn') && m.p !== undefined) ||
        // Already failing (an OOM kill, a crash): more runs would not change the exit code.
        (verdict.status !== 'fail' && untestedExcess(m))),
  );
}

/**
 * An effect past its threshold that no test could judge (too few runs, e.g. 1 v 1): more runs give
 * the test its chance, rather than leaving a gross regression inconclusive.
 */
function untestedExcess(m: MetricVerdict): boolean {
  return (
    m.status === 'inconclusive' &&
    m.p === undefined &&
    m.effect !== undefined &&
    m.threshold !== undefined &&
    m.effect > m.threshold
  );
}
