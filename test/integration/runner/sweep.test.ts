/**
 * Issue #3, the sweep: containers left by a memgate that died on this host are removed at the next
 * start; containers of a live memgate are kept.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, test } from 'vitest';
import { CliContainerApi } from '../../../src/runner/drivers/cli-container-api.js';
import { sweepDeadSessions } from '../../../src/runner/drivers/session.js';
import { hasDocker, NODE_IMAGE } from '../../helpers/docker.js';

const started: string[] = [];

function startLabelled(session: string, pid: number): string {
  const id = execFileSync(
    'docker',
    [
      'run',
      '-d',
      '--label',
      `memgate.session=${session}`,
      '--label',
      `memgate.pid=${pid}`,
      '--label',
      `memgate.host=${hostname()}`,
      NODE_IMAGE,
      'node',
      '-e',
      'setInterval(() => {}, 1000)',
    ],
    { encoding: 'utf8' },
  ).trim();
  started.push(id);
  return id;
}

const exists = (id: string): boolean =>
  execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `id=${id}`], { encoding: 'utf8' }).trim() !==
  '';

describe.runIf(hasDocker)('sweepDeadSessions on the real engine', () => {
  afterAll(() => {
    for (const id of started) spawnSync('docker', ['rm', '--force', id], { stdio: 'ignore' });
  });

  test('removes a dead session container and keeps one of this live process', async () => {
    // A pid that surely existed and is gone now: a child that already exited.
    const deadPid = spawnSync('true').pid;
    expect(deadPid).toBeGreaterThan(0);
    const dead = startLabelled('dead1', deadPid);
    const live = startLabelled('live1', process.pid);

    const removed = await sweepDeadSessions(new CliContainerApi());

    expect(removed).toContain(dead);
    expect(removed).not.toContain(live);
    expect(exists(dead)).toBe(false);
    expect(exists(live)).toBe(true);
  });
});
