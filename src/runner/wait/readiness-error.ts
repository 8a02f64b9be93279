/** The error for a target that was never ready: what was awaited, how long, and the target's last log lines. */
import { MemgateError } from '../../errors.js';
import { msToSec } from '../../units.js';
import type { ExitInfo } from '../drivers/driver.js';
import { describeExit } from '../drivers/exit.js';
import type { WaitOutcome } from './wait.js';

/** Log lines shown under a start failure. */
export const START_FAILURE_LOG_LINES = 20;

/** `8s`, `1.5s`, `250 ms`: the wait as a user wrote it in `ready.timeout`. */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number(msToSec(ms).toFixed(1))}s`;
}

export async function readinessError(
  outcome: Extract<WaitOutcome, { ready: false }>,
  exited: Promise<ExitInfo>,
  logTail: (lines: number) => Promise<string[]>,
): Promise<MemgateError> {
  const tail = await logTail(START_FAILURE_LOG_LINES);
  if (outcome.reason === 'exited') {
    const exit = await exited;
    return new MemgateError(
      'diedBeforeSample',
      { exit: describeExit(exit.exitCode, exit.signal) },
      { details: tail },
    );
  }
  return new MemgateError(
    'notReady',
    { waited: formatWait(outcome.timeoutMs), awaited: outcome.awaited, last: outcome.last },
    { details: tail },
  );
}
