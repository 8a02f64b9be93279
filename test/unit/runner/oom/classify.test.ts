import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parentOomKillDelta,
  readCgroupOomKills,
  readV2OomCounters,
} from '../../../../src/runner/oom/cgroup-counters.js';
import { classifyOom, type DockerEventLite } from '../../../../src/runner/oom/classify.js';
import { readVmstatOomKills } from '../../../../src/runner/oom/vmstat.js';
import { fixture, fixtureDir } from '../sampling/fixtures.js';

/** Docker event ndjson fixture -> DockerEventLite[]. */
function events(file: string): DockerEventLite[] {
  return fixture(file)
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { Action: string; timeNano: number; Actor: { Attributes: Record<string, string> } },
    )
    .map((e) => ({
      action: e.Action,
      timeMs: e.timeNano / 1e6,
      ...(e.Actor.Attributes['signal'] ? { signal: e.Actor.Attributes['signal'] } : {}),
      ...(e.Actor.Attributes['exitCode'] ? { exitCode: Number(e.Actor.Attributes['exitCode']) } : {}),
    }));
}
const state = (file: string) =>
  (JSON.parse(fixture(file)) as { State: { OOMKilled: boolean; ExitCode: number } }).State;

describe('classifyOom on the real event sequences (8.1)', () => {
  it('init OOM-killed: oom + die 137, OOMKilled=true, cgroup already gone', () => {
    const s = state('api/inspect-exited-oom.json');
    const r = classifyOom({
      dockerEvents: events('api/events-init-oom.ndjson'),
      oomKilledFlag: s.OOMKilled,
      exitCode: s.ExitCode,
      exitedOnItsOwn: true,
      stoppedByMemgate: false,
    });
    expect(r.classification).toBe('OOM_KILLED_MAIN');
    expect(r.oomKills).toBe(1);
    expect(r.reasons.join('\n')).toMatch(/1 docker oom event/);
  });

  it('child OOM-killed, then docker stop escalated to SIGKILL: 137 is memgate, the OOM was a child', () => {
    const r = classifyOom({
      dockerEvents: events('api/events-child-oom-then-stop.ndjson'),
      cgroupOomKillDelta: 1, // memory.oom_control read before the stop
      oomKilledFlag: true,
      exitCode: 137,
      exitedOnItsOwn: false,
      stoppedByMemgate: true,
      killedByMemgate: true,
    });
    expect(r.classification).toBe('OOM_KILLED_CHILD');
  });

  it('child OOM while running on Docker 20.10 (OOMKilled=false) is still caught by the cgroup delta', () => {
    const s = state('api/inspect-running.json');
    const r = classifyOom({
      cgroupOomKillDelta: 1,
      oomKilledFlag: s.OOMKilled,
      exitedOnItsOwn: false,
      stoppedByMemgate: true,
    });
    expect(r.classification).toBe('OOM_KILLED_CHILD');
  });

  it('Docker >= 24 shape: OOMKilled=true while running, no counter read', () => {
    const s = state('api/inspect-running-child-oom-docker24.json');
    expect(
      classifyOom({ oomKilledFlag: s.OOMKilled, exitedOnItsOwn: false, stoppedByMemgate: true })
        .classification,
    ).toBe('OOM_KILLED_CHILD');
  });

  it('exit code 137 alone is never an OOM', () => {
    const r = classifyOom({
      exitCode: 137,
      exitedOnItsOwn: true,
      stoppedByMemgate: false,
      cgroupOomKillDelta: 0,
      vmstatOomKillDelta: 0,
    });
    expect(r.classification).toBe('SIGKILL_UNEXPLAINED');
    expect(r.oomKills).toBe(0);
    const g = classifyOom({
      exitCode: 137,
      exitedOnItsOwn: true,
      stoppedByMemgate: false,
      vmstatOomKillDelta: 2,
    });
    expect(g.reasons.join()).toMatch(/global OOM/);
  });

  it('137 after memgate escalated to SIGKILL is a stop, not an OOM', () => {
    const r = classifyOom({
      exitCode: 137,
      exitedOnItsOwn: false,
      stoppedByMemgate: true,
      killedByMemgate: true,
      cgroupOomKillDelta: 0,
    });
    expect(r.classification).toBe('STOPPED_BY_MEMGATE');
  });

  it('limit pressure without a kill is not an OOM', () => {
    const r = classifyOom({
      cgroupOomKillDelta: 0,
      exitedOnItsOwn: false,
      stoppedByMemgate: true,
      lastSample: { tMs: 1, usageBytes: 1, events: { max: 127, oom: 0, oomKill: 0 } },
    });
    expect(r.classification).toBe('STOPPED_BY_MEMGATE');
    expect(r.reasons.join()).toMatch(/limit pressure/);
  });

  it('own exit with code 1 is EXITED; never asked to stop and still running is CLEAN', () => {
    expect(classifyOom({ exitCode: 1, exitedOnItsOwn: true, stoppedByMemgate: false }).classification).toBe(
      'EXITED',
    );
    expect(classifyOom({ exitedOnItsOwn: false, stoppedByMemgate: false }).classification).toBe('CLEAN');
  });

  it('main OOM by cgroup counter only (process driver, v1)', () => {
    const r = classifyOom({
      cgroupOomKillDelta: 1,
      exitCode: 137,
      exitedOnItsOwn: true,
      stoppedByMemgate: false,
      limitBytes: 64 * 2 ** 20,
    });
    expect(r).toMatchObject({
      classification: 'OOM_KILLED_MAIN',
      oomKills: 1,
      exitCode: 137,
      limitBytes: 67108864,
    });
  });
});

describe('OOM counters', () => {
  it('reads oom_kill from v1 oom_control and v2 memory.events fixtures', () => {
    expect(readCgroupOomKills(fixtureDir('v1/cgroupfs/child-oom'), 1)).toBe(1);
    expect(readCgroupOomKills(fixtureDir('v2/raw-6.18/after-oom'), 2)).toBe(1);
    expect(readCgroupOomKills(fixtureDir('v2/systemd/steady'), 2)).toBe(0);
    expect(readCgroupOomKills('/nonexistent', 2)).toBeUndefined();
  });
  it('reads the host counter from /proc/vmstat', () => {
    const v = readVmstatOomKills();
    expect(v === undefined || (Number.isInteger(v) && v >= 0)).toBe(true);
  });
});

describe('a container whose cgroup went with it (Docker systemd driver, v2)', () => {
  // As recorded on the v2 machine with systemd as PID 1: no engine oom event, State.OOMKilled=false,
  // the docker-<id>.scope removed before memgate could read its memory.events; system.slice saw it.
  const seen = { exitCode: 137, oomKilledFlag: false, exitedOnItsOwn: true, stoppedByMemgate: false };

  it('the parent counted a limit hit and a kill: an OOM, and the reason says where it was read', () => {
    const delta = parentOomKillDelta({ oom: 2, oomKill: 2 }, { oom: 3, oomKill: 3 });
    expect(delta).toBe(1);
    const r = classifyOom({
      ...seen,
      vmstatOomKillDelta: 1,
      cgroupOomKillDelta: delta!,
      cgroupOomKillFromParent: '/sys/fs/cgroup/system.slice',
    });
    expect(r.classification).toBe('OOM_KILLED_MAIN');
    expect(r.reasons.join('\n')).toMatch(
      /cgroup oom_kill delta 1 and oom > 0 in the parent \/sys\/fs\/cgroup\/system\.slice/,
    );
  });

  it('a kill without a limit hit (a global OOM) or no kill at all is not taken from the parent', () => {
    expect(parentOomKillDelta({ oom: 2, oomKill: 2 }, { oom: 2, oomKill: 3 })).toBeUndefined();
    expect(parentOomKillDelta({ oom: 2, oomKill: 2 }, { oom: 3, oomKill: 2 })).toBeUndefined();
    // and without the parent's figure the same run stays unexplained, as before
    expect(classifyOom({ ...seen, vmstatOomKillDelta: 1 }).classification).toBe('SIGKILL_UNEXPLAINED');
  });

  it('reads oom and oom_kill of a real 6.1 memory.events', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memgate-events-'));
    writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 20\noom 1\noom_kill 1\noom_group_kill 0\n');
    expect(readV2OomCounters(dir)).toEqual({ oom: 1, oomKill: 1 });
    expect(readV2OomCounters(join(dir, 'gone'))).toBeUndefined();
    rmSync(dir, { recursive: true });
  });
});
