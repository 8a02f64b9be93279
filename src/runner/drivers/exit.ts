/** How a target ended, in words: `exit code 3`, `signal SIGKILL (exit code 137)`. */
import os from 'node:os';

/** Shells and container engines report death by signal N as exit code 128 + N. */
const SIGNAL_EXIT_BASE = 128;

export function signalOf(exitCode: number | null | undefined, signal?: string): string | undefined {
  if (signal !== undefined) return signal;
  if (exitCode === null || exitCode === undefined || exitCode <= SIGNAL_EXIT_BASE) return undefined;
  const n = exitCode - SIGNAL_EXIT_BASE;
  return Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0];
}

export function describeExit(exitCode: number | null | undefined, signal?: string): string {
  const sig = signalOf(exitCode, signal);
  const code = exitCode === null || exitCode === undefined ? 'exit code unknown' : `exit code ${exitCode}`;
  return sig === undefined ? code : `signal ${sig} (${code})`;
}
