/**
 * examples/python-batch-job: a Python job (`target.job: true`, process driver) gated at two input sizes
 * through scenario `env:`. Streaming against its own baseline passes; materializing the whole input
 * fails on floor, peak and amplification; a job that exits with code 3 fails with its log on screen.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { copyExample, figures, memgate, metricStatus, results } from './gallery.js';

const dir = copyExample('python-batch-job');

describe('gallery: Python batch job, streaming vs materializing', () => {
  beforeAll(async () => {
    const base = await memgate(dir, ['run', '--update-baseline'], 'out-baseline');
    expect(base.code, base.stdout + base.stderr).toBe(0);
  }, 180_000);

  test('A/A: streaming again passes at both sizes', async () => {
    const r = await memgate(dir, ['run'], 'out-aa');
    const res = results(dir, 'out-aa');
    console.log(['rows-100k', 'rows-250k'].map((s) => figures(res, s)).join('\n'));
    expect(r.code, r.stdout).toBe(0);
    for (const s of ['rows-100k', 'rows-250k']) {
      expect(res.scenarios.find((x) => x.name === s)?.verdict?.status).toBe('pass');
      expect(metricStatus(res, s, 'exit')).toBe('pass');
    }
  }, 180_000);

  test('materializing the input fails on peak and amplification (exit 1)', async () => {
    const r = await memgate(
      dir,
      ['run', '-c', 'memgate.materialize.yml', '-s', 'rows-250k', '--repeat', '1'],
      'out-regression',
    );
    const res = results(dir, 'out-regression');
    console.log(figures(res, 'rows-250k'));
    expect(r.code, r.stdout).toBe(1);
    expect(metricStatus(res, 'rows-250k', 'peak')).toBe('fail');
    expect(metricStatus(res, 'rows-250k', 'amplification')).toBe('fail');
    expect(r.stdout).toMatch(/FAIL\s+rows-250k/);
  }, 180_000);

  test('a job that exits with code 3 fails, and its last log line is on screen', async () => {
    writeFileSync(
      join(dir, 'memgate.broken.yml'),
      [
        'version: 1',
        'target: { process: [/usr/bin/python3, job.py], job: true, memory: 256MiB }',
        'sampling: { interval: 100ms, stats_interval: 100ms }',
        'repeat: 1',
        'scenarios:',
        '  - name: bad-record',
        '    env: { ROWS: 100000, FAIL_AFTER: 50000 }',
        '    phases: [{ load: 60s }]',
      ].join('\n'),
    );
    const r = await memgate(dir, ['run', '-c', 'memgate.broken.yml'], 'out-broken');
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/exit\s+fail.*job exited with code 3 in 1 of 1 run\(s\)/);
    expect(r.stdout).toContain('| job failed: record 50000: malformed input (no delimiter)');
  }, 120_000);
});
