/**
 * examples/memcached: Debian's memcached in a container under a 192 MiB limit, driven by memaslap
 * (`memcaslap`, libmemcached-tools) with `${target.host}:${target.port}` and no shell. A bounded cache
 * (-m 32) fills and plateaus: healthy_plateau, and a pass against its own baseline. The bound raised
 * above the container's limit keeps every new key until the kernel kills memcached: fail.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { hasDocker } from '../../helpers/docker.js';
import { copyExample, figures, memgate, metricStatus, results } from './gallery.js';

const MEMCACHED_IMAGE = 'memgate/memcached:local';
const hasImage = (): boolean => {
  try {
    execFileSync('docker', ['image', 'inspect', MEMCACHED_IMAGE], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const ready = hasDocker && hasImage();
if (hasDocker && !ready && process.env['MEMGATE_REQUIRE_DOCKER'] === '1')
  throw new Error(`${MEMCACHED_IMAGE} is missing: run scripts/build-memcached-image.sh`);
if (hasDocker && !ready)
  console.log(`gallery memcached skipped: build ${MEMCACHED_IMAGE} (scripts/build-memcached-image.sh)`);

describe.runIf(ready)('gallery: memcached, bounded cache vs growing key space', () => {
  const dir = copyExample('memcached');

  beforeAll(async () => {
    const base = await memgate(dir, ['run', '--update-baseline'], 'out-baseline');
    expect(base.code, base.stdout + base.stderr).toBe(0);
    expect(results(dir, 'out-baseline').scenarios[0]?.summaries[0]?.shape).toBe('healthy_plateau');
  }, 120_000);

  test('A/A: the bounded cache passes against its baseline, and plateaus', async () => {
    const r = await memgate(dir, ['run'], 'out-aa');
    const res = results(dir, 'out-aa');
    console.log(figures(res, 'sets'));
    expect(r.code, r.stdout).toBe(0);
    expect(res.scenarios[0]?.verdict?.status).toBe('pass');
    expect(res.scenarios[0]?.summaries[0]?.shape).toBe('healthy_plateau');
    expect(metricStatus(res, 'sets', 'floor')).toBe('pass');
  }, 120_000);

  test('the bound raised above the container limit fails: OOM-killed', async () => {
    const r = await memgate(dir, ['run', '-c', 'memgate.unbounded.yml'], 'out-regression');
    const res = results(dir, 'out-regression');
    console.log(figures(res, 'sets'));
    expect(r.code, r.stdout).toBe(1);
    expect(metricStatus(res, 'sets', 'oom')).toBe('fail');
    expect(r.stdout).toMatch(/FAIL\s+sets\s.*OOM in 1/);
  }, 120_000);
});
