/** Runs one scenario against a real container with the production wiring, for integration tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { containerApi, dockerDriver, runnerDeps } from '../../src/deps.js';
import { CleanupRegistry, newSessionId, removeSession } from '../../src/runner/drivers/session.js';
import { silentProgress } from '../../src/runner/progress.js';
import type { RunRecord } from '../../src/runner/run-record.js';
import { runScenarioOnce } from '../../src/runner/run-scenario.js';

/** Parses a memgate.yml text (relative paths against the repository root) and runs its first scenario once. */
export async function runYamlOnce(yaml: string): Promise<RunRecord> {
  const plan = parseConfig(yaml, join(process.cwd(), 'inline-test.yml'));
  const api = containerApi(plan);
  const cleanup = new CleanupRegistry();
  const sessionId = newSessionId();
  const scenario = plan.scenarios[0];
  if (!scenario) throw new Error('no scenario');
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
      runnerDeps(dockerDriver(api, cleanup), silentProgress),
    );
  } finally {
    await cleanup.runAll();
    await removeSession(api, sessionId);
  }
}
