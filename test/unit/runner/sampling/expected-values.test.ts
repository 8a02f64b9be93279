import { describe, expect, it } from 'vitest';
import { CgroupV1Source, CgroupV2Source } from '../../../../src/runner/sampling/cgroup-source.js';
import { readingFromDockerStats } from '../../../../src/runner/sampling/parse/docker-stats.js';
import { fixture, fixtureDir } from './fixtures.js';

// cgroup-memory.md section 10, expected-value table.
describe('derived metrics match the expected-value table', () => {
  it('v2/systemd/steady', async () => {
    const dir = fixtureDir('v2/systemd/steady');
    const src = new CgroupV2Source({ dir, mountPoint: fixtureDir('v2/systemd') });
    expect(src.readUsage()).toBe(185774080);
    const r = await src.readStats();
    expect(r).toMatchObject({
      usageBytes: 185774080,
      workingSetBytes: 160608256,
      nonReclaimableBytes: 141471744,
      peakBytes: 214958080,
      limitBytes: 536870912,
      anonBytes: 134217728,
      fileBytes: 41943040,
      kernelBytes: 9437184 + 49152,
      swapBytes: 0,
      events: { max: 0, high: 0, oom: 0, oomKill: 0 },
      psi: { someAvg10: 0, fullAvg10: 0, someTotalUs: 18734, fullTotalUs: 15012 },
    });
    expect(src.info).toMatchObject({
      kind: 'cgroup-v2',
      confidence: 'high',
      peakSupported: true,
      psiSupported: true,
    });
    await src.close();
  });

  it('v2/systemd/child-oom shows oom_kill 1 and peak at the limit', async () => {
    const src = new CgroupV2Source({ dir: fixtureDir('v2/systemd/child-oom') });
    const r = await src.readStats();
    expect(r?.events).toEqual({ max: 41, high: 0, oom: 1, oomKill: 1 });
    expect(r?.peakBytes).toBe(536870912);
    expect(r?.anonBytes).toBe(140509184);
    // no memory.max in this directory and no mount point given: the limit is unknown, not unlimited
    expect(r?.limitBytes).toBeUndefined();
    await src.close();
  });

  it('v1/cgroupfs/steady', async () => {
    const src = new CgroupV1Source({
      dir: fixtureDir('v1/cgroupfs/steady'),
      psiDir: fixtureDir('hybrid/unified-psi'),
    });
    expect(src.readUsage()).toBe(146841600);
    const r = await src.readStats();
    expect(r).toMatchObject({
      usageBytes: 146841600,
      workingSetBytes: 103813120,
      nonReclaimableBytes: 73531392,
      peakBytes: 147685376,
      limitBytes: 268435456,
      anonBytes: 72495104,
      fileBytes: 73310208,
      kernelBytes: 1036288,
      swapBytes: 0,
      events: { oomKill: 0 },
      psi: { someTotalUs: 0, fullTotalUs: 0 },
    });
    // invariant of the real sample: usage = total_rss + total_cache + kmem
    expect(r!.anonBytes! + r!.fileBytes! + r!.kernelBytes!).toBe(r!.usageBytes);
    expect(src.info.psiSupported).toBe(true);
    await src.close();
  });

  it('api/v1-stats-oneshot', () => {
    const r = readingFromDockerStats(JSON.parse(fixture('api/v1-stats-oneshot.json')));
    expect(r?.kind).toBe('docker-api-v1');
    expect(r?.reading).toMatchObject({
      usageBytes: 146853888,
      workingSetBytes: 103825408,
      nonReclaimableBytes: 73543680,
      peakBytes: 147685376,
      limitBytes: 268435456,
    });
    // docker CLI printed 99.02MiB / 256MiB 38.68%
    expect((r!.reading.workingSetBytes! / 2 ** 20).toFixed(2)).toBe('99.02');
    expect(((r!.reading.workingSetBytes! / r!.reading.limitBytes!) * 100).toFixed(2)).toBe('38.68');
  });

  it('api/v2-stats', () => {
    const r = readingFromDockerStats(JSON.parse(fixture('api/v2-stats.json')));
    expect(r?.kind).toBe('docker-api-v2');
    expect(r?.reading).toMatchObject({
      usageBytes: 185774080,
      workingSetBytes: 160608256,
      nonReclaimableBytes: 141471744,
      limitBytes: 536870912,
      anonBytes: 134217728,
    });
    expect(r?.reading.peakBytes).toBeUndefined();
  });

  it('a stopped container (empty memory_stats) gives undefined', () => {
    expect(readingFromDockerStats({ memory_stats: {} })).toBeUndefined();
  });
});
