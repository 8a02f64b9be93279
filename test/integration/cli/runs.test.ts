/**
 * Real runs of the built CLI against the reference image, as a CI job drives it: sharded runs joined by
 * `merge`, CI-log progress, `--format`, `baseline accept` + `compare`, and `--update-baseline` on a
 * pull request. Scenarios are tiny (seconds) to stay kind to a shared 2-core machine.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';
import { containersOf, runCliProcess, tempDir, type CliResult } from '../../helpers/run-cli.js';

const TARGET = `{ image: ${UGLY_IMAGE}, port: 8080, memory: 256MiB, ready: { http: /healthz, timeout: 30s } }`;
const SAMPLING = 'sampling: { interval: 100ms, stats_interval: 250ms }';

const tiny = (name: string) => `  - name: ${name}
    phases: [ { idle: 1s }, { load: { duration: 2s, http: { path: /items, connections: 2 } } } ]`;

/** Long enough for a valid run (3+ steady blocks of 5 s) and a recovery reading. */
const STEADY = `  - name: steady
    phases:
      - idle: 1s
      - load: { duration: 16s, http: { path: /items, connections: 1 } }
      - cooldown: 3s`;

function writeConfig(dir: string, scenarios: string[]): string {
  const file = join(dir, 'memgate.yml');
  writeFileSync(
    file,
    `version: 1\ntarget: ${TARGET}\nrepeat: 1\n${SAMPLING}\nscenarios:\n${scenarios.join('\n')}\n`,
  );
  return file;
}

const readResults = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Results;
const topLevelFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();

describe.runIf(hasDocker)('sharded runs', () => {
  const dir = tempDir('memgate-shards-');
  const shards: CliResult[] = [];

  beforeAll(async () => {
    writeConfig(dir, [tiny('alpha'), tiny('beta')]);
    for (const shard of ['1/2', '2/2']) {
      const out = `out-${shard.replace('/', '-of-')}`;
      shards.push(
        await runCliProcess(['run', '--shard', shard, '--out', out, '--format', 'json,md'], { cwd: dir }),
      );
    }
  }, 120_000);

  test('each shard runs its own scenarios and exits 0', () => {
    expect(shards.map((s) => s.code)).toEqual([0, 0]);
    expect(readResults(join(dir, 'out-1-of-2', 'memgate-results.json')).scenarios.map((s) => s.name)).toEqual(
      ['alpha'],
    );
    expect(readResults(join(dir, 'out-2-of-2', 'memgate-results.json')).scenarios.map((s) => s.name)).toEqual(
      ['beta'],
    );
    for (const s of shards) expect(containersOf(s.pid)).toEqual([]);
  });

  test('--format json,md writes exactly those report files', () => {
    for (const out of ['out-1-of-2', 'out-2-of-2']) {
      expect(topLevelFiles(join(dir, out))).toEqual(['memgate-report.md', 'memgate-results.json']);
    }
    // No terminal format asked for: no verdict table on stdout.
    expect(shards[0]?.stdout).not.toMatch(/memgate: (PASS|FAIL|INCONCLUSIVE)/);
  });

  test('progress on a pipe is plain lines, no carriage returns or escapes', () => {
    const out = shards[0]?.stdout ?? '';
    expect(out).not.toContain('\r');
    expect(out).not.toContain('\x1b');
    expect(out).toMatch(/^▶ alpha run 1\/1$/m);
    expect(out).toMatch(/^ {2}idle 1\.0 s$/m);
    expect(out).toMatch(/^ {2}load 2\.0 s$/m);
    expect(out).toMatch(/^ {2}alpha · idle · [\d.]+ s · [\d.]+ [KMG]iB · \d+ req$/m);
    expect(out).toMatch(/^ {2}done: valid$/m);
  });

  test('merge joins the shards; merging a shard twice is refused', async () => {
    const a = 'out-1-of-2/memgate-results.json';
    const b = 'out-2-of-2/memgate-results.json';
    const merged = await runCliProcess(['merge', a, b, '-o', 'm.json'], { cwd: dir });
    expect(merged.code).toBe(0);
    expect(readResults(join(dir, 'm.json')).scenarios.map((s) => s.name)).toEqual(['alpha', 'beta']);

    const twice = await runCliProcess(['merge', a, a, '-o', 'm2.json'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('scenario "alpha" is in both');
    expect(existsSync(join(dir, 'm2.json'))).toBe(false);

    const md = await runCliProcess(['report', 'm.json', '--format', 'md'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('<!-- memgate-report -->')).toBe(true);
    expect(md.stdout).toMatch(/alpha[\s\S]*beta/);
  });
});

describe.runIf(hasDocker)('baseline on a pull request, then accept and compare', () => {
  const dir = tempDir('memgate-compare-');
  let pr: CliResult;

  beforeAll(async () => {
    writeConfig(dir, [STEADY]);
    pr = await runCliProcess(['run', '--update-baseline', '--baseline', 'base.json', '--format', 'json'], {
      cwd: dir,
      env: { GITHUB_EVENT_NAME: 'pull_request' },
    });
  }, 120_000);

  test('run --update-baseline on a pull request runs but does not write the baseline', () => {
    expect(pr.code).toBe(0);
    expect(pr.stderr).toContain('--update-baseline ignored: a pull-request run never writes the baseline');
    expect(existsSync(join(dir, 'base.json'))).toBe(false);
    expect(pr.stdout).toMatch(/^ {2}steady · load · \d+ s · /m); // a periodic CI-log line
    expect(containersOf(pr.pid)).toEqual([]);
  });

  test('baseline accept, then compare re-evaluates without running and passes', async () => {
    const results = 'memgate-out/memgate-results.json';
    const accept = await runCliProcess(['baseline', 'accept', results, '--baseline', 'base.json'], {
      cwd: dir,
      env: { GITHUB_EVENT_NAME: 'push' },
    });
    expect(accept.code).toBe(0);
    expect(accept.stdout).toContain('steady (1 run)');

    const started = Date.now();
    const compare = await runCliProcess(['compare', 'base.json', results, '--format', 'terminal,md'], {
      cwd: dir,
    });
    expect(compare.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000); // nothing was run
    expect(compare.stdout).toMatch(/^PASS +steady/m);
    expect(compare.stdout).toContain('memgate: PASS');
    expect(readFileSync(join(dir, 'memgate-out', 'memgate-report.md'), 'utf8')).toContain('PASS');
  });
});
