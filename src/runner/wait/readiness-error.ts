/**
 * The error for a target or a service that was never ready: what was awaited, how long, and its last
 * log lines. One builder, so both say the same things in the same units.
 */
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

/** `service` names a service (`services:`); without it the error is the target's. */
export async function readinessError(
  outcome: Extract<WaitOutcome, { ready: false }>,
  exited: Promise<Pick<ExitInfo, 'exitCode' | 'signal'>>,
  logTail: (lines: number) => Promise<string[]>,
  service?: string,
): Promise<MemgateError> {
  const details = await logTail(START_FAILURE_LOG_LINES);
  if (outcome.reason === 'exited') {
    const exit = await exited;
    const how = describeExit(exit.exitCode, exit.signal);
    return service === undefined
      ? new MemgateError('diedBeforeSample', { exit: how }, { details })
      : new MemgateError('serviceStart', { name: service, reason: `it exited (${how})` }, { details });
  }
  const why = { waited: formatWait(outcome.timeoutMs), awaited: outcome.awaited, last: outcome.last };
  return service === undefined
    ? new MemgateError('notReady', why, { details })
    : new MemgateError('serviceNotReady', { name: service, ...why }, { details });
}
