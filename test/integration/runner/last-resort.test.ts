import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { killLiveTargets, trackLiveTarget } from '../../../src/runner/drivers/process/last-resort.js';
import { processAlive } from '../../helpers/process-alive.js';

describe('last resort for local targets', () => {
  test('a target memgate did not stop is killed with its whole process group; a stopped one is left', async () => {
    // sh runs sleep as a child: the group kill must reach the grandchild too.
    const group = spawn('sh', ['-c', 'sleep 60 & echo $!; wait'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const grandchild = await new Promise<number>((resolve) =>
      group.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    const other = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    trackLiveTarget(group.pid!, undefined);
    const forget = trackLiveTarget(other.pid!, undefined);
    forget(); // memgate stopped this one itself
    const exited = new Promise((r) => group.once('exit', r));
    expect(killLiveTargets()).toEqual([]);
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    expect(processAlive(grandchild)).toBe(false);
    expect(processAlive(other.pid!)).toBe(true);
    other.kill('SIGKILL');
  });
});
