/**
 * After the whole suite: no container carrying memgate's label may be left by a memgate (or test
 * worker) that has exited. A leftover fails the run (vitest reports an error thrown from a global
 * teardown). Containers of memgate processes still alive (another run on the same engine) are left alone.
 */
import { execFileSync } from 'node:child_process';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function teardown(): void {
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
