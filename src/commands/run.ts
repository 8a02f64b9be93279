/** `memgate run`: the CLI shell around runMemgate; it prints the outcome's error and returns its exit code. */
import type { Io } from '../io.js';
import { isPullRequest, runMemgate } from '../run-memgate.js';
import type { RunCommandOptions, RunOutcome } from '../run-types.js';

export { isPullRequest };

export async function runCommand(opts: RunCommandOptions, io: Io): Promise<number> {
  const outcome = await runMemgate(opts, io);
  printOutcomeError(outcome, io);
  return outcome.exitCode;
}

/** Prints an outcome's error the CLI way: `memgate: error: ...` (or `memgate: internal error: ...`). */
export function printOutcomeError(outcome: RunOutcome, io: Io): void {
  if (outcome.error === undefined) return;
  const text = outcome.error.startsWith('internal error:') ? outcome.error : `error: ${outcome.error}`;
  io.stderr.write(`memgate: ${text}\n`);
}
