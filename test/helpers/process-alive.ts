import { readFileSync } from 'node:fs';

/** Running, not a zombie: an orphaned process may wait for a PID 1 that never reaps it. */
export function processAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
