/**
 * After the whole suite: no container carrying memgate's label may be left on the engine. A leftover
 * fails the run (vitest reports an error thrown from a global teardown).
 */
import { execFileSync } from 'node:child_process';

export function teardown(): void {
  let ids: string[];
  try {
    ids = execFileSync('docker', ['ps', '-aq', '--filter', 'label=memgate.session'], {
      encoding: 'utf8',
      timeout: 15_000,
    })
      .split('\n')
      .filter((l) => l.trim() !== '');
  } catch {
    return; // no engine: nothing can be left behind
  }
  if (ids.length > 0) {
    execFileSync('docker', ['rm', '-f', ...ids], { stdio: 'ignore' });
    throw new Error(
      `${ids.length} container(s) labelled memgate.session were left behind by the tests: ${ids.join(' ')}`,
    );
  }
}
