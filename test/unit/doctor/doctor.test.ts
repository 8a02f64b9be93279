import { describe, expect, it } from 'vitest';
import { diagnose, type ExecFn } from '../../../src/doctor/doctor.js';
import { renderDoctor } from '../../../src/doctor/render.js';

const fakeDocker =
  (out: object | undefined): ExecFn =>
  () =>
    Promise.resolve(
      out
        ? { exitCode: 0, stdout: JSON.stringify(out), stderr: '' }
        : { exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon\nmore' },
    );

describe('diagnose', () => {
  it('reports the engine facts and picks sources', async () => {
    const r = await diagnose({
      exec: fakeDocker({
        CgroupDriver: 'systemd',
        CgroupVersion: '2',
        OperatingSystem: 'Ubuntu 24.04',
        ServerVersion: '27.0',
        SecurityOptions: ['name=cgroupns'],
      }),
      probeCgroup: false,
    });
    expect(r.engine).toMatchObject({
      reachable: true,
      cgroupDriver: 'systemd',
      cgroupVersion: '2',
      desktop: false,
      rootless: false,
    });
    expect(r.processCgroup.possible).toBe(false);
    expect(r.sources.process).toMatch(/proctree/);
    expect(renderDoctor(r)).toMatch(/driver systemd, version 2/);
  });

  it('Docker Desktop goes to the API; an unreachable engine says why', async () => {
    const d = await diagnose({ exec: fakeDocker({ OperatingSystem: 'Docker Desktop' }), probeCgroup: false });
    expect(d.sources.docker).toMatch(/^docker-api/);
    const n = await diagnose({ exec: fakeDocker(undefined), probeCgroup: false });
    expect(n.engine).toEqual({ reachable: false, detail: 'Cannot connect to the Docker daemon' });
    expect(renderDoctor(n)).toMatch(/not reachable \(Cannot connect/);
  });

  it('on this host: the memory controller and a process cgroup (root on v1 here)', async () => {
    const r = await diagnose({ exec: fakeDocker(undefined) });
    expect(['v1', 'v2', 'none']).toContain(r.cgroup.memory);
    if (r.cgroup.memory !== 'none' && process.getuid?.() === 0) expect(r.processCgroup.possible).toBe(true);
    if (r.processCgroup.possible) expect(r.sources.process).toMatch(/^cgroup-v/);
  });
});
