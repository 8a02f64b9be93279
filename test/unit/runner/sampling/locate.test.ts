import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateCgroup } from '../../../../src/runner/sampling/locate.js';
import { parseMountinfo } from '../../../../src/runner/sampling/parse/mountinfo.js';
import { parseProcCgroup } from '../../../../src/runner/sampling/parse/proc-cgroup.js';
import { findMemoryHierarchy, resolveCgroup } from '../../../../src/runner/sampling/resolve-cgroup.js';
import { fixture, fixtureDir } from './fixtures.js';

const V1_ID = '338cc46d5386ed476b016f4fec450457e4caf8723bac79eba044fe35729a896d';
const V2_ID = '4f1c2b7e9a0d3c5b8e6f7a1d2c3b4a5e6f708192a3b4c5d6e7f8091a2b3c4d5e';
const PODMAN_ID = '9c3e5a1f0b7d2e4c6a8b0d1f3e5c7a9b1d3f5e7a9c1b3d5f7e9a1c3b5d7f9e1a';
const G1_ID = '265f78feda083ee1059f536b8ff19a9673fb8d372fa324a9fc12df896b88b7a5';

const V2_MOUNTS = fixture('host-v2-systemd/mountinfo');
const v2Controllers = (mp: string): string[] | undefined =>
  mp === '/sys/fs/cgroup'
    ? fixture('host-v2-systemd/sys-fs-cgroup/cgroup.controllers').trim().split(' ')
    : undefined;

function resolve(cgroupText: string, mountinfo: string, id?: string, controllersOf = v2Controllers) {
  return resolveCgroup(
    parseProcCgroup(cgroupText),
    findMemoryHierarchy(parseMountinfo(mountinfo), controllersOf),
    id,
  );
}

describe('resolveCgroup on the section 5.6 fixtures', () => {
  it('host v1 hybrid: memory on v1, PSI from the unified mount', () => {
    const r = resolve(
      fixture('host-v1-hybrid/proc-pid-cgroup'),
      fixture('host-v1-hybrid/mountinfo'),
      V1_ID,
      () => [],
    );
    expect(r).toMatchObject({
      ok: true,
      version: 1,
      dir: `/sys/fs/cgroup/memory/docker/${V1_ID}`,
      psiDir: `/sys/fs/cgroup/unified/docker/${V1_ID}`,
    });
  });

  it('host v2 systemd', () => {
    const r = resolve(fixture('host-v2-systemd/proc-pid-cgroup'), V2_MOUNTS, V2_ID);
    expect(r).toMatchObject({
      ok: true,
      version: 2,
      dir: `/sys/fs/cgroup/system.slice/docker-${V2_ID}.scope`,
    });
  });

  it('host v1 systemd with co-mounted cpu,cpuacct', () => {
    const r = resolve(
      fixture('host-v1-systemd/proc-pid-cgroup'),
      fixture('host-v1-systemd/mountinfo'),
      V2_ID.slice(0, 12),
    );
    expect(r).toMatchObject({
      ok: true,
      version: 1,
      dir: `/sys/fs/cgroup/memory/system.slice/docker-${V2_ID}.scope`,
    });
  });

  it('rootless v2 resolves under user@1000.service', () => {
    const r = resolve(fixture('rootless-v2/proc-pid-cgroup'), V2_MOUNTS, V2_ID);
    expect(r.ok && r.dir).toBe(
      `/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${V2_ID}.scope`,
    );
  });

  it('rootless v1 is rejected: no component names the container', () => {
    const r = resolve(
      fixture('rootless-v1/proc-pid-cgroup'),
      fixture('host-v1-hybrid/mountinfo'),
      V2_ID,
      () => [],
    );
    expect(r).toMatchObject({ ok: false, gone: false });
    expect(!r.ok && r.reason).toMatch(/container id/);
  });

  it('podman crun: measure the scope, leaf is the container sub-cgroup', () => {
    const r = resolve(fixture('podman-crun/proc-pid-cgroup'), V2_MOUNTS, PODMAN_ID);
    expect(r).toMatchObject({
      ok: true,
      dir: `/sys/fs/cgroup/machine.slice/libpod-${PODMAN_ID}.scope`,
      leafDir: `/sys/fs/cgroup/machine.slice/libpod-${PODMAN_ID}.scope/container`,
    });
  });

  it('in-container G1: the mount root is stripped; no cgroup2 mount despite the 0:: line', () => {
    const r = resolve(
      fixture('in-container/G1/proc-self-cgroup'),
      fixture('in-container/G1/mountinfo'),
      G1_ID,
    );
    expect(r).toMatchObject({ ok: true, version: 1, dir: '/sys/fs/cgroup/memory' });
    expect(r.ok && r.psiDir).toBeUndefined();
  });

  it('in-container G2: path "/" is rejected', () => {
    const r = resolve(fixture('in-container/G2/proc-self-cgroup'), fixture('in-container/G2/mountinfo'));
    expect(r.ok).toBe(false);
  });

  it.each([
    ['edge/deleted', true, /removed/],
    ['edge/outside-ns', false, /outside our cgroup namespace/],
  ])('%s on v2', (file, gone, reason) => {
    const r = resolve(fixture(file), V2_MOUNTS, V2_ID);
    expect(r).toMatchObject({ ok: false, gone });
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('edge/v1-root: "/" for an exiting task is rejected', () => {
    const r = resolve(fixture('edge/v1-root'), fixture('host-v1-hybrid/mountinfo'), undefined, () => []);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toMatch(/root/);
  });

  it('edge/colon-in-name keeps the colons', () => {
    const r = resolve(fixture('edge/colon-in-name'), V2_MOUNTS);
    expect(r).toMatchObject({ ok: true, dir: '/sys/fs/cgroup/weird:name/with:colons' });
  });

  it('no memory controller anywhere', () => {
    const r = resolve('0::/a\n', V2_MOUNTS, undefined, () => ['cpu']);
    expect(!r.ok && r.reason).toMatch(/no-memory-controller/);
  });
});

describe('locateCgroup on a fixture tree (validation D6)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'memgate-locate-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const PID = 4932;
  const proc = path.join(root, 'proc');
  fs.mkdirSync(path.join(proc, 'self'), { recursive: true });
  fs.mkdirSync(path.join(proc, String(PID)));
  fs.writeFileSync(path.join(proc, 'self/mountinfo'), fixture('host-v1-hybrid/mountinfo'));
  fs.writeFileSync(path.join(proc, `${PID}/cgroup`), fixture('host-v1-hybrid/proc-pid-cgroup'));
  const memDir = path.join(root, `sys/fs/cgroup/memory/docker/${V1_ID}`);
  fs.cpSync(fixtureDir('v1/cgroupfs/steady'), memDir, { recursive: true });
  const psiDir = path.join(root, `sys/fs/cgroup/unified/docker/${V1_ID}`);
  fs.cpSync(fixtureDir('hybrid/unified-psi'), psiDir, { recursive: true });

  it('accepts the real v1 hybrid layout', () => {
    const loc = locateCgroup({ pid: PID, containerId: V1_ID, procRoot: proc, fsRoot: root });
    expect(loc).toMatchObject({ ok: true, version: 1, dir: memDir, leafDir: memDir, psiDir, hybrid: true });
  });

  it('rejects when cgroup.procs does not list the pid', () => {
    fs.writeFileSync(path.join(proc, '777'), '');
    fs.rmSync(path.join(proc, '777'));
    fs.mkdirSync(path.join(proc, '777'));
    fs.writeFileSync(path.join(proc, '777/cgroup'), fixture('host-v1-hybrid/proc-pid-cgroup'));
    const loc = locateCgroup({ pid: 777, containerId: V1_ID, procRoot: proc, fsRoot: root });
    expect(!loc.ok && loc.reason).toMatch(/does not list pid 777/);
  });

  it('rejects an invisible pid', () => {
    const loc = locateCgroup({ pid: 999999, procRoot: proc, fsRoot: root });
    expect(!loc.ok && loc.reason).toMatch(/not visible/);
  });

  it('rejects when the usage file is missing', () => {
    fs.renameSync(path.join(memDir, 'memory.usage_in_bytes'), path.join(memDir, 'x'));
    try {
      const loc = locateCgroup({ pid: PID, containerId: V1_ID, procRoot: proc, fsRoot: root });
      expect(!loc.ok && loc.reason).toMatch(/memory.usage_in_bytes is missing/);
    } finally {
      fs.renameSync(path.join(memDir, 'x'), path.join(memDir, 'memory.usage_in_bytes'));
    }
  });

  it('finds this very process on the real host', () => {
    const loc = locateCgroup({ pid: process.pid });
    // Whatever the host, the answer is explicit: either a directory whose cgroup.procs lists us, or a reason.
    if (loc.ok)
      expect(fs.readFileSync(`${loc.leafDir}/cgroup.procs`, 'utf8').split('\n')).toContain(
        String(process.pid),
      );
    else expect(loc.reason.length).toBeGreaterThan(0);
  });
});
