/**
 * The Action's logic entry, in the layout of GitHub's TypeScript action template: `run()` adapts the
 * runner process to runAction and does nothing on import, so GitHub's local action runner
 * (`npx local-action . src/action/main.ts .env`) can import it and call run() itself. The bundled entry
 * (index.ts, dist/action.js) just calls it. The step's exit code comes from ActionsEnv.setFailed.
 */
import { runMemgate } from '../run-memgate.js';
import { createActionsEnv } from './actions-env.js';
import { runAction } from './main-logic.js';
import { actionWorkspace } from './workspace.js';

/** The runner cancels a job with SIGINT, then SIGTERM: abort so targets are removed before it kills us. */
const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function run(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => controller.abort(signal);
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal);
  const env = createActionsEnv();
  try {
    await runAction(env, {
      runMemgate,
      io: {
        argv: [],
        env: process.env,
        cwd: actionWorkspace(process.env, process.cwd()),
        stdout: process.stdout,
        stderr: process.stderr,
        signal: controller.signal,
      },
    });
  } catch (e) {
    env.setFailed(`memgate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  } finally {
    for (const signal of CANCEL_SIGNALS) process.off(signal, onSignal);
  }
}
