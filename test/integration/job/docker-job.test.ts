/**
 * `target.job: true` on the docker driver, through the built CLI: each run is the container, until it
 * exits. Exit 0 passes with its peak measured under the container's limit; a non-zero exit fails with
 * the job's own last log line on screen; a job over its limit is an OOM fail.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';
import { containersOf, runCliProcess, tempDir } from '../../helpers/run-cli.js';

const MiB = 2 ** 20;
// Holds ALLOC_MB of touched memory for a second, then exits with EXIT_CODE (saying why when not 0).
const JOB = [
  'const b = Buffer.alloc(Number(process.env.ALLOC_MB) * 2 ** 20, 1);',
  'setTimeout(() => {',
  '  const code = Number(process.env.EXIT_CODE ?? 0);',
  "  if (code !== 0) console.error('export failed: ' + process.env.REASON);",
  "  console.log('held ' + b.length + ' bytes');",
  '  process.exit(code);',
  '}, 1500);',
].join(' ');

function config(dir: string, scenarios: string[]): void {
  writeFileSync(
    join(dir, 'memgate.yml'),
    [
      'version: 1',
      `target: { image: ${UGLY_IMAGE}, command: [node, -e, ${JSON.stringify(JOB)}], job: true, memory: 128MiB }`,
      'sampling: { interval: 100ms, stats_interval: 100ms }',
      'repeat: 1',
      'scenarios:',
      ...scenarios,
    ].join('\n'),
  );
}

const results = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'out', 'memgate-results.json'), 'utf8')) as Results;
const metric = (r: Results, scenario: string, name: string) =>
  r.scenarios.find((s) => s.name === scenario)?.verdict?.metrics.find((m) => m.metric === name);

describe.runIf(hasDocker)('docker job (target.job)', () => {
  test('exit 0: the exit verdict passes and the peak is the job held memory', async () => {
    const dir = tempDir('memgate-job-');
    config(dir, [
      '  - name: ok',
      '    env: { ALLOC_MB: 48 }',
      '    payload: 48MiB',
      '    phases: [{ load: 30s }]',
    ]);
    const r = await runCliProcess(['run', '--out', 'out', '--format', 'terminal,json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const res = results(dir);
    expect(metric(res, 'ok', 'exit')?.status).toBe('pass');
    const s = res.scenarios[0]!.summaries[0]!;
    expect(s.peakBytes).toBeGreaterThan(48 * MiB);
    expect(s.peakBytes).toBeLessThan(128 * MiB);
    expect(s.amplification).toBeGreaterThan(1);
    expect(s.jobExitCode).toBe(0);
    expect(containersOf(r.pid)).toEqual([]);
  }, 60_000);

  test('a non-zero exit fails with the log tail on screen', async () => {
    const dir = tempDir('memgate-job-');
    config(dir, [
      '  - name: broken',
      '    env: { ALLOC_MB: 8, EXIT_CODE: 4, REASON: "disk quota exceeded" }',
      '    phases: [{ load: 30s }]',
    ]);
    const r = await runCliProcess(['run', '--out', 'out', '--format', 'terminal,json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/exit\s+fail.*job exited with code 4 in 1 of 1 run\(s\)/);
    expect(r.stdout).toContain('| export failed: disk quota exceeded');
    expect(containersOf(r.pid)).toEqual([]);
  }, 60_000);

  test('a job still running at its time limit fails', async () => {
    const dir = tempDir('memgate-job-');
    config(dir, ['  - name: slow', '    env: { ALLOC_MB: 8 }', '    phases: [{ load: 500ms }]']);
    const r = await runCliProcess(['run', '--out', 'out', '--format', 'terminal,json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/job still running at its time limit/);
  }, 60_000);

  test('a job over its memory limit is an OOM fail', async () => {
    const dir = tempDir('memgate-job-');
    config(dir, ['  - name: big', '    env: { ALLOC_MB: 400 }', '    phases: [{ load: 30s }]']);
    const r = await runCliProcess(['run', '--out', 'out', '--format', 'terminal,json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(metric(results(dir), 'big', 'oom')?.status).toBe('fail');
  }, 60_000);
});
