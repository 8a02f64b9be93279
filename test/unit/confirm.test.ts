import { describe, expect, test } from 'vitest';
import { acceptBaseline } from '../../src/compare/baseline.js';
import type { Plan, ScenarioSpec } from '../../src/config/plan.js';
import { evaluateWithConfirmation, type RunScenariosFn } from '../../src/confirm.js';
import { compareResults } from '../../src/pipeline.js';
import { RESULTS_SCHEMA, type Results } from '../../src/results.js';
import { silentProgress } from '../../src/runner/progress.js';
import type { RunnerDeps } from '../../src/runner/run-context.js';
import { TEST_FINGERPRINT as fingerprint } from '../helpers/fingerprint.js';
import { syntheticRun, TEST_GATE, type SyntheticSpec } from '../helpers/synthetic.js';

const SHORT: Partial<SyntheticSpec> = { idleSec: 30, loadSec: 300, cooldownSec: 40 };
const scenario = { name: 's' } as ScenarioSpec;
const plan = { scenarios: [scenario] } as unknown as Plan;
const deps = { progress: silentProgress } as unknown as RunnerDeps;

function emptyResults(): Results {
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'memgate', version: '0.1.0' },
    createdAt: '2025-01-01T00:00:00Z',
    gate: TEST_GATE,
    fingerprint,
    target: { description: 'synthetic' },
    configFile: '',
    scenarios: [{ name: 's', runs: [], summaries: [] }],
    verdict: 'inconclusive',
    warnings: [],
  };
}

/** A fake runner: synthetic runs of `spec`, numbered from options.firstRun, handed to onRun. */
function fakeRunner(spec: Partial<SyntheticSpec>, calls: { firstRun: number; repeat: number }[]) {
  const run: RunScenariosFn = async (_plan, scenarios, options) => {
    calls.push({ firstRun: options.firstRun ?? 0, repeat: options.repeat });
    const out = [];
    for (let i = 0; i < options.repeat; i++) {
      const n = (options.firstRun ?? 0) + i;
      const r = syntheticRun({ ...SHORT, ...spec }, 1000 + n, { scenario: scenarios[0]!.name, run: n });
      await options.onRun(r);
      out.push(r);
    }
    return out;
  };
  return run;
}

async function firstRuns(results: Results, run: RunScenariosFn): Promise<void> {
  await run(
    plan,
    [scenario],
    {
      sessionId: 'x',
      logDir: '/tmp',
      repeat: 3,
      onRun: async (r) => void results.scenarios[0]!.runs.push(r),
    },
    deps,
  );
}

function baseline() {
  const base = emptyResults();
  base.scenarios[0]!.runs = [0, 1, 2].map((i) => syntheticRun(SHORT, 500 + i, { scenario: 's', run: i }));
  return acceptBaseline(compareResults(base, undefined));
}

async function evaluate(spec: Partial<SyntheticSpec>) {
  const calls: { firstRun: number; repeat: number }[] = [];
  const results = emptyResults();
  const run = fakeRunner(spec, calls);
  await firstRuns(results, run);
  calls.length = 0;
  const options = {
    sessionId: 'x',
    logDir: '/tmp',
    repeat: 3,
    onRun: async (r: (typeof results.scenarios)[0]['runs'][0]) => void results.scenarios[0]!.runs.push(r),
  };
  const evaluated = await evaluateWithConfirmation({
    plan,
    scenarios: [scenario],
    results,
    baseline: baseline(),
    options,
    deps,
    runScenarios: run,
  });
  return { evaluated, calls };
}

describe('confirm-on-fail', () => {
  test('a floor regression gets 3 extra runs numbered after the first ones, and stays fail', async () => {
    const { evaluated, calls } = await evaluate({ offsetBytes: 40 * 1024 * 1024 });
    expect(calls).toEqual([{ firstRun: 3, repeat: 3 }]);
    const s = evaluated.scenarios[0]!;
    expect(s.runs.map((r) => r.run)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.summaries.filter((x) => x.side === 'current')).toHaveLength(6);
    expect(s.verdict?.metrics.find((m) => m.metric === 'floor')?.status).toBe('fail');
    expect(s.verdict?.warnings).toContain('fail confirmed with 3 extra runs per side');
    expect(evaluated.verdict).toBe('fail');
  });

  test('no regression: no extra runs, no confirmation warning', async () => {
    const { evaluated, calls } = await evaluate({});
    expect(calls).toEqual([]);
    expect(evaluated.scenarios[0]!.runs).toHaveLength(3);
    expect(evaluated.scenarios[0]!.verdict?.warnings.join(' ')).not.toMatch(/confirmed/);
  });
});
