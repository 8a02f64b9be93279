/** Runs one scenario against a real container with the production wiring, for integration tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { Plan } from '../../src/config/plan.js';
import { containerApi, dockerDriver, runnerDeps } from '../../src/deps.js';
import { DockerDriver } from '../../src/runner/drivers/docker.js';
import { CleanupRegistry, newSessionId, removeSession } from '../../src/runner/drivers/session.js';
import { silentProgress } from '../../src/runner/progress.js';
import type { RunRecord } from '../../src/runner/run-record.js';
import { runScenarioOnce } from '../../src/runner/run-scenario.js';

export interface RunOnceOptions {
  /** Seconds between TERM and KILL when memgate stops the container (DockerDriver default otherwise). */
  stopGraceSeconds?: number;
  /** Session id to label the container with, so a test can find it while the run is in progress. */
  sessionId?: string;
}

/** Parses a memgate.yml text (relative paths against the repository root) and runs its first scenario once. */
export function runYamlOnce(yaml: string, options: RunOnceOptions = {}): Promise<RunRecord> {
  return runPlanOnce(parseConfig(yaml, join(process.cwd(), 'inline-test.yml')), options);
}

/** Runs the first scenario of a resolved plan once, with the production Docker driver and sampler. */
export async function runPlanOnce(plan: Plan, options: RunOnceOptions = {}): Promise<RunRecord> {
  const api = containerApi(plan);
  const cleanup = new CleanupRegistry();
  const sessionId = options.sessionId ?? newSessionId();
  const scenario = plan.scenarios[0];
  if (!scenario) throw new Error('no scenario');
  const production = dockerDriver(api, cleanup);
  const driver =
    options.stopGraceSeconds === undefined
      ? production
      : new DockerDriver({ ...production.options, stopGraceSeconds: options.stopGraceSeconds });
  try {
    return await runScenarioOnce(
      {
        plan,
        scenario,
        target: plan.target,
        run: 0,
        side: 'current',
        ctx: {
          sessionId,
          scenario: scenario.name,
          run: 0,
          logDir: mkdtempSync(join(tmpdir(), 'memgate-it-')),
        },
      },
      runnerDeps(driver, silentProgress),
    );
  } finally {
    await cleanup.runAll();
    await removeSession(api, sessionId);
  }
}
