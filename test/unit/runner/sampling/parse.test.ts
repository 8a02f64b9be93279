import { describe, expect, it } from 'vitest';
import {
  parseCgroupValue,
  parseFlatKeyed,
  parsePressure,
} from '../../../../src/runner/sampling/parse/keyed.js';
import {
  decodeMountPath,
  parseMountinfo,
  v1Controllers,
} from '../../../../src/runner/sampling/parse/mountinfo.js';
import { parseProcCgroup } from '../../../../src/runner/sampling/parse/proc-cgroup.js';
import {
  parseKbFile,
  parseProcStat,
  parseStatmResidentPages,
} from '../../../../src/runner/sampling/parse/proc-files.js';
import { fixture } from './fixtures.js';

describe('keyed files', () => {
  it('maps max and >= 2^62 to null, garbage to undefined', () => {
    expect(parseCgroupValue('536870912\n')).toBe(536870912);
    expect(parseCgroupValue('max\n')).toBeNull();
    expect(parseCgroupValue('9223372036854771712\n')).toBeNull();
    expect(parseCgroupValue('4611686018427387903')).toBe(Number(4611686018427387903n)); // 2^62 - 1 stays a number
    expect(parseCgroupValue('4611686018427387904')).toBeNull();
    expect(parseCgroupValue('')).toBeUndefined();
  });

  it('parses real v2 memory.stat by key; a missing key is undefined, not 0', () => {
    const s = parseFlatKeyed(fixture('v2/raw-6.18/memory.stat'));
    expect(s['anon']).toBe(884736);
    expect(s['slab']).toBe(372088);
    expect(s['numa_hint_faults']).toBe(0);
    expect(s['total_rss']).toBeUndefined();
    expect(Object.keys(s)).toHaveLength(fixture('v2/raw-6.18/memory.stat').trim().split('\n').length);
  });

  it('v1 stat: hierarchical_memory_limit unlimited is null', () => {
    expect(parseFlatKeyed('hierarchical_memory_limit 9223372036854771712\ntotal_rss 5\n')).toEqual({
      hierarchical_memory_limit: null,
      total_rss: 5,
    });
  });

  it('oom_control and memory.events', () => {
    expect(parseFlatKeyed(fixture('v1/cgroupfs/child-oom/memory.oom_control'))).toEqual({
      oom_kill_disable: 0,
      under_oom: 0,
      oom_kill: 1,
    });
    expect(parseFlatKeyed(fixture('v2/raw-6.18/after-oom/memory.events'))['max']).toBe(35);
  });

  it('memory.pressure (nested keys)', () => {
    expect(parsePressure(fixture('v2/systemd/near-limit/memory.pressure'))).toEqual({
      some: { avg10: 12.47, avg60: 6.31, avg300: 1.52, totalUs: 9482113 },
      full: { avg10: 10.02, avg60: 5.11, avg300: 1.2, totalUs: 7710346 },
    });
    expect(parsePressure('')).toEqual({});
  });
});

describe('mountinfo', () => {
  it('finds the lone "-" with and without optional fields', () => {
    const m = parseMountinfo(fixture('host-v2-systemd/mountinfo'));
    expect(m).toHaveLength(4);
    expect(m[3]).toMatchObject({
      fsType: 'cgroup2',
      mountPoint: '/sys/fs/cgroup',
      optionalFields: ['shared:9'],
      root: '/',
    });
    expect(m[3]!.superOptions).toContain('memory_recursiveprot');
    const v1 = parseMountinfo(fixture('host-v1-hybrid/mountinfo'));
    expect(v1.filter((e) => e.fsType === 'cgroup').map(v1Controllers)).toContainEqual(['memory']);
    expect(v1.find((e) => e.mountPoint === '/sys/fs/cgroup/systemd') && v1Controllers(v1[9]!)).toEqual([]);
  });

  it('decodes octal escapes in root and mount point', () => {
    expect(decodeMountPath('/a\\040b\\011c\\012d\\134e')).toBe('/a b\tc\nd\\e');
    const [e] = parseMountinfo('90 1 0:40 /x\\040y /mnt/my\\040cg rw - cgroup2 none rw\n');
    expect(e).toMatchObject({ root: '/x y', mountPoint: '/mnt/my cg', fsType: 'cgroup2' });
  });

  it('co-mounted cpu,cpuacct', () => {
    const m = parseMountinfo(fixture('host-v1-systemd/mountinfo'));
    expect(v1Controllers(m[1]!)).toEqual(['cpu', 'cpuacct']);
  });
});

describe('/proc/<pid>/cgroup', () => {
  it('splits on the first two colons only', () => {
    expect(parseProcCgroup(fixture('edge/colon-in-name'))).toEqual([
      { hierarchyId: 0, controllers: [], path: '/weird:name/with:colons', deleted: false },
    ]);
  });
  it('strips " (deleted)"', () => {
    const [l] = parseProcCgroup(fixture('edge/deleted'));
    expect(l?.deleted).toBe(true);
    expect(l?.path.endsWith('.scope')).toBe(true);
  });
  it('v1 controller lists and name=', () => {
    const lines = parseProcCgroup(fixture('host-v1-systemd/proc-pid-cgroup'));
    expect(lines.map((l) => l.controllers)).toEqual([
      ['pids'],
      ['memory'],
      ['cpu', 'cpuacct'],
      ['name=systemd'],
      [],
    ]);
  });
});

describe('/proc files', () => {
  it('status and smaps_rollup in bytes, header line skipped', () => {
    const st = parseKbFile(fixture('proc/status-node-369M.txt'));
    expect(st['VmRSS']).toBe(369084 * 1024);
    expect(st['RssAnon']).toBe(334372 * 1024);
    expect(st['Threads']).toBeUndefined();
    const sm = parseKbFile(fixture('proc/smaps_rollup-node-369M.txt'));
    expect(sm['Pss_Anon']).toBe(334372 * 1024);
    expect(sm['SwapPss']).toBe(0);
    expect(Object.keys(sm)).not.toContain('00400000-7ffc92ee1000');
  });
  it('stat: ppid and starttime after the last ")"', () => {
    expect(parseProcStat(fixture('proc/stat-cat.txt'))).toMatchObject({
      pid: 18166,
      comm: 'cat',
      ppid: 18164,
      startTime: '51234',
    });
    expect(parseProcStat('77 (a) b) c) S 12 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0')).toMatchObject({
      comm: 'a) b) c',
      ppid: 12,
      startTime: '999',
    });
  });
  it('statm resident pages', () => {
    expect(parseStatmResidentPages(fixture('proc/statm-node-369M.txt'))).toBe(92271);
  });
});
