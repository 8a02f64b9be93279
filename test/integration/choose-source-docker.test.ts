import { execa } from 'execa';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseMemorySource } from '../../src/runner/sampling/choose-source.js';
import { DockerApiSource } from '../../src/runner/sampling/docker-api-source.js';

const SOCKET = '/var/run/docker.sock';
const IMAGE = 'memgate/node-base:local';
const image = fs.existsSync(SOCKET)
  ? await execa('docker', ['image', 'inspect', IMAGE], { reject: false, timeout: 10_000 })
  : undefined;
const ready = image?.exitCode === 0;
if (!ready) console.log(`docker source tests skipped: no engine at ${SOCKET} or no local image ${IMAGE}`);

describe.runIf(ready)('memory sources for a real container', () => {
  let id = '';
  let pid = 0;
  beforeAll(async () => {
    const run = await execa('docker', [
      'run',
      '-d',
      '--rm',
      '-m',
      '128m',
      '--label',
      'memgate.session=test-sampling',
      IMAGE,
      'node',
      '-e',
      'setInterval(() => {}, 1000)',
    ]);
    id = run.stdout.trim();
    pid = Number((await execa('docker', ['inspect', '-f', '{{.State.Pid}}', id])).stdout);
  });
  afterAll(async () => {
    if (id) await execa('docker', ['rm', '-f', id], { reject: false });
  });

  it('prefers the cgroup files and validates them against the container id', async () => {
    const src = await chooseMemorySource({ pid, containerId: id, dockerSocket: SOCKET });
    expect(src.info.kind).toMatch(/^cgroup-v[12]$/);
    expect(src.info.cgroupDir).toContain(id);
    const r = await src.readStats();
    expect(r?.limitBytes).toBe(128 * 2 ** 20);
    expect(r?.usageBytes).toBeGreaterThan(5 * 2 ** 20);
    await src.close();
  });

  it('falls back to the stats API when the PID is not visible, and agrees with the files', async () => {
    const src = await chooseMemorySource({ pid: 999_999_999, containerId: id, dockerSocket: SOCKET });
    expect(src).toBeInstanceOf(DockerApiSource);
    expect(src.info.confidence).toBe('medium');
    expect(src.info.reason).toMatch(/not visible/);
    const api = await src.readStats();
    const files = await (await chooseMemorySource({ pid, containerId: id })).readStats();
    expect(Math.abs(api!.usageBytes - files!.usageBytes)).toBeLessThan(8 * 2 ** 20);
    expect(api!.limitBytes).toBe(128 * 2 ** 20);
    await src.close();
  });

  it('a wrong container id is rejected for the cgroup (D6) and the tree is used', async () => {
    const src = await chooseMemorySource({ pid, containerId: 'f'.repeat(64) });
    expect(src.info.kind).toBe('proctree');
    expect(src.info.reason).toMatch(/container id/);
    await src.close();
  });
});
