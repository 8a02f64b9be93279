/**
 * Around the whole suite. After it: no container carrying memgate's label may be left by a memgate (or test
 * worker) that has exited. A leftover fails the run (vitest reports an error thrown from a global
 * teardown). Containers of memgate processes still alive (another run on the same engine) are left alone.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** memgate's own temp folders (compose overrides): one left after a run is memgate's leak, not a test's. */
const MEMGATE_TEMP_PREFIXES = ['memgate-compose-'];
let testTmp: string | undefined;

/**
 * Every test (workers and the memgate processes they start inherit TMPDIR) writes its temp folders
 * under one folder of this run, removed at the end: tests do not each clean up after themselves.
 */
export function setup(): void {
  testTmp = mkdtempSync(join(tmpdir(), 'memgate-tests-'));
  // Like /tmp itself: targets that drop root (PostgreSQL runs as its own user) must reach their folders.
  chmodSync(testTmp, 0o1777);
  process.env['TMPDIR'] = testTmp;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function teardown(): void {
  const leftTemp = testTmp ? removeTestTmp(testTmp) : [];
  checkContainers();
  if (leftTemp.length > 0) throw new Error(`memgate left temp folders behind: ${leftTemp.join(' ')}`);
}

function removeTestTmp(dir: string): string[] {
  const left = readdirSync(dir).filter((n) => MEMGATE_TEMP_PREFIXES.some((p) => n.startsWith(p)));
  rmSync(dir, { recursive: true, force: true });
  return left;
}

function checkContainers(): void {
  let rows: string[];
  try {
    rows = execFileSync(
      'docker',
      ['ps', '-a', '--filter', 'label=memgate.session', '--format', '{{.ID}} {{.Label "memgate.pid"}}'],
      { encoding: 'utf8', timeout: 15_000 },
    )
      .split('\n')
      .filter((l) => l.trim() !== '');
  } catch {
    return; // no engine: nothing can be left behind
  }
  const left = rows
    .map((r) => r.split(' '))
    .filter(([, pid]) => !alive(Number(pid)))
    .map(([id]) => id ?? '');
  if (left.length > 0) {
    execFileSync('docker', ['rm', '-f', ...left], { stdio: 'ignore' });
    throw new Error(
      `${left.length} container(s) labelled memgate.session were left behind: ${left.join(' ')}`,
    );
  }
}
