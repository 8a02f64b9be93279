/**
 * examples/python-service: a standard-library Python HTTP service (process driver, own cgroup with a
 * 160 MiB limit) driven by curl walking new ids, no shell. With its LRU bound it passes against its
 * own baseline; with the bound removed every page stays and it is OOM-killed: fail.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { copyExample, figures, memgate, metricStatus, results } from './gallery.js';

describe('gallery: Python service, cache bound removed', () => {
  const dir = copyExample('python-service');

  beforeAll(async () => {
    const base = await memgate(dir, ['run', '--update-baseline'], 'out-baseline');
    expect(base.code, base.stdout + base.stderr).toBe(0);
  }, 120_000);

  test('A/A: the bounded cache passes against its baseline', async () => {
    const r = await memgate(dir, ['run'], 'out-aa');
    const res = results(dir, 'out-aa');
    console.log(figures(res, 'browse'));
    expect(r.code, r.stdout).toBe(0);
    expect(res.scenarios[0]?.verdict?.status).toBe('pass');
    expect(metricStatus(res, 'browse', 'floor')).toBe('pass');
    expect(metricStatus(res, 'browse', 'peak')).toBe('pass');
  }, 120_000);

  test('the bound removed fails: the peak reaches the limit and the kernel kills it', async () => {
    const r = await memgate(dir, ['run', '-c', 'memgate.unbounded.yml'], 'out-regression');
    const res = results(dir, 'out-regression');
    console.log(figures(res, 'browse'));
    expect(r.code, r.stdout).toBe(1);
    // Killed within seconds: too short a run for a floor; the verdict is the kernel's OOM kill.
    expect(metricStatus(res, 'browse', 'oom')).toBe('fail');
    expect(res.scenarios[0]?.runs[0]?.oom.classification).toBe('OOM_KILLED_MAIN');
  }, 120_000);
});
