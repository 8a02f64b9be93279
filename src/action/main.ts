/**
 * Bundled entry of the GitHub Action (dist/action.js): adapts the runner process to runAction and sets
 * nothing else. The step's exit code comes from ActionsEnv.setFailed.
 */
import { executeRun } from '../commands/run.js';
import { createActionsEnv } from './actions-env.js';
import { runAction } from './main-logic.js';

const controller = new AbortController();
// The runner cancels a job with SIGINT, then SIGTERM: abort so containers are removed before it kills us.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort(signal));

const env = createActionsEnv();
try {
  await runAction(env, {
    executeRun,
    io: {
      argv: [],
      env: process.env,
      cwd: process.cwd(),
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
    },
  });
} catch (e) {
  env.setFailed(`memgate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
