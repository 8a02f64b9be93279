/**
 * The target's own view of its memory (README.md#what-grew-and-why): runtime metrics scraped while it runs, and,
 * after its last phase and before it is removed, evidence and its runtime's heap ceiling. Nothing here
 * can fail a run: every problem becomes a warning in the record.
 */
import { dirname } from 'node:path';
import type { Plan } from '../config/plan.js';
import type { StartedTarget } from './drivers/driver.js';
import { collectEvidence, evidenceDir } from './evidence/collect.js';
import { probeRuntimeCeiling } from './metrics/runtime-ceiling.js';
import { startMetricsScraper, type ScraperHandle } from './metrics/scraper.js';
import type { EvidenceRecord, RunRecord, RuntimeCeiling } from './run-record.js';

/** Longest the heap-ceiling question may take. */
const CEILING_TIMEOUT_MS = 10_000;
/** Above this share of its limit the target is not asked (the extra process could OOM it). */
const CEILING_MAX_USAGE_OF_LIMIT = 0.8;

export async function startRuntimeMetrics(
  plan: Plan,
  target: StartedTarget,
  nowMs: () => number,
  warnings: string[],
): Promise<ScraperHandle | undefined> {
  const spec = plan.target.metrics;
  if (spec === undefined) return undefined;
  const port = spec.port ?? plan.target.port;
  if (port === undefined) {
    warnings.push('metrics: no port (set metrics.port or target.port); not scraped');
    return undefined;
  }
  const base =
    port === plan.target.port
      ? target.url
      : target.inside
        ? await target.inside.urlFor(port).catch(() => undefined)
        : `http://127.0.0.1:${port}`;
  if (base === undefined) {
    warnings.push(`metrics: port ${port} of the target is not reachable; not scraped`);
    return undefined;
  }
  return startMetricsScraper({
    url: new URL(spec.path, base).toString(),
    endpoint: `:${port}${spec.path}`,
    intervalMs: plan.sampling.statsIntervalMs,
    series: spec.series,
    nowMs,
  });
}

export interface BeforeRemovalInput {
  plan: Plan;
  target: StartedTarget;
  /** The run as recorded so far (samples, phases), to judge its own absolute checks. */
  provisional: RunRecord;
  confirmation: boolean;
  logDir: string;
  /** Says which of the run's own absolute checks tripped, if any (wired to the analysis). */
  ownChecksTripped?: (record: RunRecord) => string | undefined;
}

export interface BeforeRemoval {
  evidence?: EvidenceRecord;
  runtimeCeiling?: RuntimeCeiling;
  warnings: string[];
}

function evidenceTrigger(input: BeforeRemovalInput): string | undefined {
  const spec = input.plan.target.evidence;
  if (spec === undefined) return undefined;
  if (spec.when === 'always') return 'always';
  if (input.confirmation) return 'confirmation run after a failed comparison';
  return input.ownChecksTripped?.(input.provisional);
}

export async function beforeRemoval(input: BeforeRemovalInput): Promise<BeforeRemoval> {
  const { plan, target, provisional } = input;
  const out: BeforeRemoval = { warnings: [] };
  const exited = provisional.events.some((e) => e.kind === 'exit');
  const trigger = evidenceTrigger(input);
  if (trigger !== undefined && (!target.inside || exited)) {
    out.warnings.push(
      `evidence (${trigger}) not collected: ${exited ? 'the target exited before its last phase ended' : `a ${provisional.driver} target cannot run steps inside itself`}`,
    );
  }
  if (!target.inside || exited) return out;
  if (trigger !== undefined && plan.target.evidence) {
    // The results folder is the parent of the logs folder (OUT/logs).
    const evidence = await collectEvidence(
      target.inside,
      plan.target.evidence,
      dirname(input.logDir),
      evidenceDir(provisional.scenario, provisional.side, provisional.run),
      trigger,
    );
    out.evidence = evidence;
    for (const s of evidence.steps.filter((x) => !x.ok))
      out.warnings.push(`evidence step "${s.step}" failed: ${s.detail ?? 'unknown error'}`);
  }
  // Asked only of targets that opted into looking inside (metrics or evidence): it starts a process there.
  if (plan.target.metrics === undefined && plan.target.evidence === undefined) return out;
  const last = provisional.stats.at(-1);
  const limit = last?.limitBytes ?? provisional.target.memoryLimitBytes ?? null;
  if (limit !== null && last !== undefined && last.usageBytes >= CEILING_MAX_USAGE_OF_LIMIT * limit)
    return out;
  const ceiling = await probeRuntimeCeiling(target.inside, CEILING_TIMEOUT_MS).catch(() => undefined);
  if (ceiling) out.runtimeCeiling = ceiling;
  return out;
}
