import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Recorded in the v2 test machine (scripts/v2-vm/record-fixtures.mjs): a process in the v2 root. */
const ROOT_TREE = join(import.meta.dirname, '../../fixtures/cgroup/v2/real-6.1/root-tree');

describe('diagnose on a real cgroup v2 tree (kernel 6.1), own cgroup = the root', () => {
  const offline = { exec: fakeDocker(undefined), probeCgroup: false };

  it('judges peak and PSI from a child cgroup: the root has no memory.current or memory.peak by design', async () => {
    const r = await diagnose({ ...offline, procRoot: `${ROOT_TREE}/proc`, fsRoot: ROOT_TREE });
    expect(r.cgroup).toMatchObject({ memory: 'v2', ownDir: `${ROOT_TREE}/sys/fs/cgroup` });
    expect(r.filesFrom).toEqual({ kind: 'child', dir: `${ROOT_TREE}/sys/fs/cgroup/v2-dump` });
    expect(r.files).toEqual({
      'memory.current': true,
      'memory.stat': true,
      'memory.peak': true,
      'memory.events': true,
      'memory.pressure': true,
    });
    expect(r.peakSupported).toBe(true);
    expect(r.psiSupported).toBe(true);
    const text = renderDoctor(r);
    expect(text).toMatch(/kernel peak: +yes/);
    expect(text).toMatch(/memory files of: .*v2-dump \(a child cgroup; the own cgroup has no memory.current/);
  });

  it('a leaf cgroup with the files is judged itself', async () => {
    const proc = mkdtempSync(join(tmpdir(), 'doctor-proc-'));
    try {
      cpSync(`${ROOT_TREE}/proc`, proc, { recursive: true });
      writeFileSync(`${proc}/self/cgroup`, '0::/v2-dump/child\n');
      const r = await diagnose({ ...offline, procRoot: proc, fsRoot: ROOT_TREE });
      expect(r.filesFrom).toEqual({ kind: 'own', dir: `${ROOT_TREE}/sys/fs/cgroup/v2-dump/child` });
      expect(r.peakSupported).toBe(true);
      expect(renderDoctor(r)).not.toMatch(/memory files of/);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it('a root without any child cgroup says "no" rather than guessing', async () => {
    const fs = mkdtempSync(join(tmpdir(), 'doctor-fs-'));
    try {
      cpSync(ROOT_TREE, fs, { recursive: true });
      rmSync(`${fs}/sys/fs/cgroup/v2-dump`, { recursive: true });
      const r = await diagnose({ ...offline, procRoot: `${fs}/proc`, fsRoot: fs });
      expect(r.filesFrom).toEqual({ kind: 'own', dir: `${fs}/sys/fs/cgroup` });
      expect(r.files['memory.current']).toBe(false);
      expect(r.peakSupported).toBe(false);
    } finally {
      rmSync(fs, { recursive: true, force: true });
    }
  });
});
