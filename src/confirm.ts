/**
 * Confirm-on-fail (docs/design/statistics.md#confirmation): a scenario whose relative verdict is FAIL or WARN,
 * or whose effect passed its threshold with too few runs for any test, gets
 * extra runs (current side, and base side in --against mode) and is judged again on all its runs, so
 * a single unlucky batch cannot fail a build on its own and a real regression gains power.
 */
import type { Baseline } from './compare/baseline.js';
import { needsConfirmation } from './compare/compare.js';
import type { Plan, ScenarioSpec } from './config/plan.js';
import { compareResults } from './pipeline.js';
import type { Results } from './results.js';
import type { RunnerDeps } from './runner/run-context.js';
import type { RunRecord } from './runner/run-record.js';
import type { RunAllOptions } from './runner/run-scenarios.js';

/** Extra runs per side for a scenario that needs confirmation. */
export const CONFIRM_EXTRA_RUNS = 3;

export type RunScenariosFn = (
  plan: Plan,
  scenarios: ScenarioSpec[],
  options: RunAllOptions,
  deps: RunnerDeps,
) => Promise<RunRecord[]>;

export interface ConfirmInput {
  plan: Plan;
  scenarios: ScenarioSpec[];
  /** Results holding the first runs; the extra runs are added to it through options.onRun. */
  results: Results;
  baseline: Baseline | undefined;
  /** The options of the first runs; repeat and firstRun are replaced. */
  options: RunAllOptions;
  deps: RunnerDeps;
  runScenarios: RunScenariosFn;
  extraRuns?: number;
}

/** Names of the scenarios whose verdict asks for confirmation. */
export function scenariosToConfirm(evaluated: Results): string[] {
  return evaluated.scenarios
    .filter((s) => s.verdict !== undefined && needsConfirmation(s.verdict))
    .map((s) => s.name);
}

/**
 * Evaluates the results; reruns every scenario that needs confirmation and evaluates again on all
 * runs. Returns the evaluated results, with a warning on each confirmed scenario's verdict.
 */
export async function evaluateWithConfirmation(input: ConfirmInput): Promise<Results> {
  const first = compareResults(input.results, input.baseline);
  const names = scenariosToConfirm(first);
  if (names.length === 0 || input.options.signal?.aborted) return first;
  const extra = input.extraRuns ?? CONFIRM_EXTRA_RUNS;
  for (const name of names) {
    const spec = input.scenarios.find((s) => s.name === name);
    const runs = input.results.scenarios.find((s) => s.name === name)?.runs ?? [];
    if (!spec) continue;
    const firstRun = runs.reduce((m, r) => Math.max(m, r.run + 1), 0);
    await input.runScenarios(
      input.plan,
      [spec],
      { ...input.options, repeat: extra, firstRun, confirmation: true },
      input.deps,
    );
    if (input.options.signal?.aborted) return first;
  }
  const again = compareResults(input.results, input.baseline);
  for (const s of again.scenarios) {
    if (!names.includes(s.name) || !s.verdict) continue;
    const before = first.scenarios.find((x) => x.name === s.name)?.verdict?.status ?? 'inconclusive';
    const after = s.verdict.status;
    s.verdict.warnings.push(
      before === after
        ? `${after} confirmed with ${extra} extra runs per side`
        : before === 'inconclusive'
          ? `${after} after ${extra} extra runs per side (too few runs to test at first)`
          : `${before} not confirmed: ${after} after ${extra} extra runs per side`,
    );
  }
  return again;
}
