/**
 * examples/postgresql: Debian's PostgreSQL server (a throwaway cluster per run, process driver, own
 * cgroup with a 160 MiB limit) driven by pgbench with a sort/hash-heavy custom script, host and port
 * substituted without a shell. With work_mem 4MB it passes against its own baseline; with work_mem
 * 1GB the sorts are held in memory per backend and the peak reaches the limit: fail.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { copyExample, figures, memgate, metricStatus, results } from './gallery.js';

const hasPostgres = existsSync('/usr/lib/postgresql') && existsSync('/usr/bin/pgbench');
if (!hasPostgres) console.log('gallery postgresql skipped: apt-get install -y postgresql');

describe.runIf(hasPostgres)('gallery: PostgreSQL + pgbench, work_mem', () => {
  const dir = copyExample('postgresql');

  beforeAll(async () => {
    const base = await memgate(dir, ['run', '--update-baseline'], 'out-baseline');
    expect(base.code, base.stdout + base.stderr).toBe(0);
  }, 120_000);

  test('A/A: work_mem 4MB passes against its baseline', async () => {
    const r = await memgate(dir, ['run'], 'out-aa');
    const res = results(dir, 'out-aa');
    console.log(figures(res, 'report-queries'));
    expect(r.code, r.stdout).toBe(0);
    expect(res.scenarios[0]?.verdict?.status).toBe('pass');
    const pgbench = res.scenarios[0]?.runs[0]?.load.find((l) => l.generator === 'command');
    expect(pgbench?.errors).toEqual({});
  }, 120_000);

  test('work_mem 1GB fails: the peak reaches the limit', async () => {
    const r = await memgate(dir, ['run', '-c', 'memgate.work-mem.yml'], 'out-regression');
    const res = results(dir, 'out-regression');
    console.log(figures(res, 'report-queries'));
    expect(r.code, r.stdout).toBe(1);
    expect(metricStatus(res, 'report-queries', 'peak')).toBe('fail');
    // One run a side cannot be tested: a gross excess gets 3 confirmation runs before it fails.
  }, 300_000);
});
