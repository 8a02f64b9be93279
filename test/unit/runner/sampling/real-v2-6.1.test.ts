/**
 * memgate's v2 readers over files recorded on a real 6.1 kernel (the v2 test machine,
 * scripts/v2-vm/record-fixtures.mjs): the derived figures follow from the raw files, the OOM counter
 * survives in memory.events, and the keys memgate needs are all in 6.1's memory.stat (which lacks
 * several keys of the 6.18 recording in v2/raw-6.18).
 */
import { describe, expect, it } from 'vitest';
import { readCgroupOomKills } from '../../../../src/runner/oom/cgroup-counters.js';
import { CgroupV2Source } from '../../../../src/runner/sampling/cgroup-source.js';
import { parseFlatKeyed } from '../../../../src/runner/sampling/parse/keyed.js';
import { fixture, fixtureDir } from './fixtures.js';

const stat = (dir: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(parseFlatKeyed(fixture(`${dir}/memory.stat`))).map(([k, v]) => [k, Number(v)]),
  );

describe('real cgroup v2 files, kernel 6.1', () => {
  it('steady: usage, anon, non-reclaimable, peak, limit and PSI as derived from the raw files', async () => {
    const dir = 'v2/real-6.1/steady';
    const raw = stat(dir);
    const current = Number(fixture(`${dir}/memory.current`));
    const src = new CgroupV2Source({ dir: fixtureDir(dir) });
    const r = await src.readStats();
    expect(r).toMatchObject({
      usageBytes: current,
      anonBytes: raw['anon'],
      fileBytes: raw['file'],
      workingSetBytes: current - (raw['inactive_file'] ?? NaN),
      nonReclaimableBytes:
        current -
        (raw['inactive_file'] ?? NaN) -
        (raw['active_file'] ?? NaN) -
        (raw['slab_reclaimable'] ?? NaN),
      peakBytes: Number(fixture(`${dir}/memory.peak`)),
      limitBytes: 64 * 2 ** 20,
      events: { max: 0, high: 0, oom: 0, oomKill: 0 },
    });
    expect(r?.psi).toBeDefined();
    expect(src.info).toMatchObject({ kind: 'cgroup-v2', peakSupported: true, psiSupported: true });
    await src.close();
  });

  it('after an OOM kill: oom_kill 1 in memory.events, in the parent too', async () => {
    expect(readCgroupOomKills(fixtureDir('v2/real-6.1/after-oom'), 2)).toBe(1);
    expect(parseFlatKeyed(fixture('v2/real-6.1/after-oom/parent-memory.events'))['oom_kill']).toBe(1);
    const src = new CgroupV2Source({ dir: fixtureDir('v2/real-6.1/after-oom') });
    expect((await src.readStats())?.events?.oomKill).toBe(1);
    await src.close();
  });

  it("6.1's memory.stat has every key memgate derives from", () => {
    const keys = Object.keys(stat('v2/real-6.1/steady'));
    for (const k of [
      'anon',
      'file',
      'kernel',
      'sock',
      'shmem',
      'inactive_file',
      'active_file',
      'slab_reclaimable',
    ])
      expect(keys).toContain(k);
  });
});
