/**
 * The commands that run nothing (init, report, merge, baseline accept, doctor), used the way a user
 * does: files in a working folder, `memgate ...` in-process, exit code and output checked.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { Results } from '../../../src/results.js';
import { runCliInProcess, tempDir } from '../../helpers/run-cli.js';
import { sampleResults } from '../../helpers/sample-results.js';

/** Writes results holding only the named scenarios of the sample, as a shard would. */
function writeShard(dir: string, file: string, names: string[]): Results {
  const all = sampleResults();
  const results = { ...all, scenarios: all.scenarios.filter((s) => names.includes(s.name)) };
  writeFileSync(join(dir, file), JSON.stringify(results));
  return results;
}

describe('memgate init', () => {
  test('writes a config that run can load, and refuses to overwrite it without --force', async () => {
    const dir = tempDir();
    const first = await runCliInProcess(['init', '--image', 'acme/api:dev', '--port', '3000'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote memgate.yml');
    // pull requests: the interleaved comparison with the base branch's image is the recommended mode
    expect(first.stdout).toContain('`memgate run --against <image of the base branch>`');
    expect(readFileSync(join(dir, 'memgate.yml'), 'utf8')).toContain('#   memgate run --against <image');
    const file = join(dir, 'memgate.yml');
    const plan = await loadConfig(file);
    expect(plan.target).toMatchObject({ kind: 'image', image: 'acme/api:dev', port: 3000 });
    expect(plan.scenarios.length).toBeGreaterThan(0);

    writeFileSync(file, '# mine\n');
    const again = await runCliInProcess(['init', '--image', 'other:1'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${file} already exists`);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('# mine\n');

    const forced = await runCliInProcess(['init', '--image', 'other:1', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect((await loadConfig(file)).target).toMatchObject({ image: 'other:1' });
  });

  test('--process scaffolds a process target that loads too', async () => {
    const dir = tempDir();
    const r = await runCliInProcess(['init', '--process', 'node server.js', '-o', 'p.yml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((await loadConfig(join(dir, 'p.yml'))).target.kind).toBe('process');
  });
});

describe('memgate report', () => {
  test('--format md prints the Markdown report, starting with the sticky-comment marker', async () => {
    const dir = tempDir();
    writeShard(dir, 'r.json', ['steady-api', 'giant-export']);
    const r = await runCliInProcess(['report', 'r.json', '--format', 'md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!-- memgate-report -->\n')).toBe(true);
    expect(r.stdout).toContain('steady-api');
    expect(r.stdout).toContain('giant-export');
  });

  test('-o writes the file instead', async () => {
    const dir = tempDir();
    writeShard(dir, 'r.json', ['steady-api']);
    const r = await runCliInProcess(['report', 'r.json', '--format', 'junit', '-o', 'j.xml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toMatch(/^<\?xml/);
  });

  test('a corrupt results file exits 2 naming the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.json'), '{not json');
    const r = await runCliInProcess(['report', 'r.json', '--format', 'md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Results file ${join(dir, 'r.json')} cannot be read: not JSON`);
    expect(r.stderr).toMatch(/^hint: Pass a memgate-results.json/m);
  });

  test('an unknown format exits 2 listing the formats', async () => {
    const dir = tempDir();
    writeShard(dir, 'r.json', ['steady-api']);
    const r = await runCliInProcess(['report', 'r.json', '--format', 'pdf'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "pdf"; expected one of .*html/);
  });
});

describe('memgate merge', () => {
  test('joins shards with disjoint scenarios; the verdict is the worst of them', async () => {
    const dir = tempDir();
    writeShard(dir, 'a.json', ['steady-api']);
    writeShard(dir, 'b.json', ['giant-export']);
    const r = await runCliInProcess(['merge', 'a.json', 'b.json', '-o', 'm.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const merged = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as Results;
    expect(merged.scenarios.map((s) => s.name)).toEqual(['steady-api', 'giant-export']);
    expect(merged.verdict).toBe('fail');
  });

  test('refuses the same scenario twice, naming both files, and writes nothing', async () => {
    const dir = tempDir();
    writeShard(dir, 'a.json', ['steady-api']);
    writeShard(dir, 'b.json', ['steady-api', 'giant-export']);
    const r = await runCliInProcess(['merge', 'a.json', 'b.json', '-o', 'm.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scenario "steady-api" is in both a.json and b.json');
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
  });
});

describe('memgate baseline accept', () => {
  test('refuses on a pull request and writes nothing', async () => {
    const dir = tempDir();
    writeShard(dir, 'r.json', ['steady-api']);
    const r = await runCliInProcess(['baseline', 'accept', 'r.json', '--baseline', 'b.json'], {
      cwd: dir,
      env: { GITHUB_EVENT_NAME: 'pull_request' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pull-request run (GITHUB_EVENT_NAME=pull_request)');
    expect(r.stderr).toMatch(/^hint: Accept baselines on the trusted branch/m);
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
  });

  test('on a push it writes the baseline with the valid runs', async () => {
    const dir = tempDir();
    writeShard(dir, 'r.json', ['steady-api']);
    const r = await runCliInProcess(['baseline', 'accept', 'r.json', '--baseline', 'b.json'], {
      cwd: dir,
      env: { GITHUB_EVENT_NAME: 'push' },
    });
    expect(r.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as {
      scenarios: Record<string, unknown>;
    };
    expect(Object.keys(baseline.scenarios)).toEqual(['steady-api']);
  });
});

describe('memgate doctor', () => {
  test('prints the cgroup version and the source each driver would use', async () => {
    const r = await runCliInProcess(['doctor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^memory cgroup: +(v1|v2|none)/m);
    expect(r.stdout).toMatch(/^a docker run would use: +\S/m);
    expect(r.stdout).toMatch(/^a process run would use: +\S/m);
  });
});
