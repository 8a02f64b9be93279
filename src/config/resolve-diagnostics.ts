/** Resolves `target.metrics` and `target.evidence` (README.md#what-grew-and-why) into base units. */
import { parseDuration } from '../units.js';
import { definedOnly } from '../util/defined-only.js';
import type { EvidenceSpec, MetricsSpec } from './plan.js';
import type { RawTarget } from './schema.js';
import { must } from './unit-values.js';

/** Longest an evidence step may take when it names no `wait`. */
export const DEFAULT_EVIDENCE_WAIT_MS = 10_000;

export function resolveDiagnostics(t: RawTarget): { metrics?: MetricsSpec; evidence?: EvidenceSpec } {
  const out: { metrics?: MetricsSpec; evidence?: EvidenceSpec } = {};
  if (t.metrics !== undefined) {
    out.metrics = {
      path: t.metrics.http,
      ...definedOnly({ port: t.metrics.port }),
      series: t.metrics.series ?? [],
    };
  }
  if (t.evidence !== undefined) {
    out.evidence = {
      when: t.evidence.when ?? 'on-fail',
      steps: t.evidence.steps.map((s) => {
        const waitMs = s.wait === undefined ? DEFAULT_EVIDENCE_WAIT_MS : must(parseDuration(s.wait));
        return s.exec !== undefined
          ? { kind: 'exec' as const, argv: s.exec, waitMs }
          : {
              kind: 'signal' as const,
              signal: s.signal ?? 'SIGUSR2',
              ...definedOnly({ collect: s.collect }),
              waitMs,
            };
      }),
    };
  }
  return out;
}
