/** `memgate history append` night after night, then `memgate history` in every format. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { commitOf, fortyNights } from '../../unit/history/night-results.js';
import { cli } from './cli-io.js';

describe('memgate history (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-history-cli-'));
  const history = join(dir, '.memgate', 'history.json');

  beforeAll(async () => {
    const nights = fortyNights(11, true);
    for (const [i, r] of nights.entries()) {
      const file = join(dir, `night-${i}.json`);
      const { commit: _c, ...noCommit } = r;
      // Half the nights take their commit from GITHUB_SHA, half from --commit.
      writeFileSync(file, JSON.stringify(noCommit));
      const args = ['history', 'append', file, '--history', history];
      const res =
        i % 2 === 0
          ? await cli(args, dir, { GITHUB_SHA: commitOf(i) })
          : await cli([...args, '--commit', commitOf(i)], dir);
      expect(res.code, res.stderr).toBe(0);
    }
  }, 60_000);

  test('append wrote 40 nights with their commits', () => {
    const h = JSON.parse(readFileSync(history, 'utf8')) as { nights: { commit: string }[] };
    expect(h.nights.map((n) => n.commit)).toEqual(Array.from({ length: 40 }, (_, i) => commitOf(i)));
  });

  test('history prints the change point with its percentage and commit range', async () => {
    const res = await cli(['history', '--history', history], dir);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('40 nights');
    const line = res.stdout.split('\n').find((l) => l.includes('change at night'));
    expect(line).toBeDefined();
    expect(line).toMatch(/\+[5-7]\.\d%/);
    expect(line).toMatch(/commits [0-9a-f]{7}\.\.[0-9a-f]{7}/);
    expect(res.stdout).toMatch(/[▁▂▃▄▅▆▇█]{20,}/);
  });

  test('--format md -o FILE writes a Mermaid chart and the change-point table', async () => {
    const out = join(dir, 'history.md');
    const res = await cli(['history', '--history', history, '--format', 'md', '-o', out], dir);
    expect(res.code).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('xychart-beta');
    expect(md).toMatch(/\| floor \| 2[5-7] /);
  });

  test('json, junit and html formats', async () => {
    const json = await cli(['history', '--history', history, '--format', 'json'], dir);
    const analysis = JSON.parse(json.stdout) as { scenarios: { metrics: { changePoints: unknown[] }[] }[] };
    expect(analysis.scenarios[0]!.metrics[0]!.changePoints).toHaveLength(1);
    const junit = await cli(['history', '--history', history, '--format', 'junit'], dir);
    // The change is 15 nights old: not new tonight, so no failure.
    expect(junit.stdout).toContain('failures="0"');
    const html = await cli(['history', '--history', history, '--format', 'html'], dir);
    expect(html.stdout).toContain('<svg');
    expect(html.stdout).toContain('class="change-point"');
  });

  test('unknown format and corrupt history exit 2 with a hint', async () => {
    expect((await cli(['history', '--history', history, '--format', 'pdf'], dir)).code).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{oops');
    const res = await cli(['history', 'append', join(dir, 'night-0.json'), '--history', bad], dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('left untouched');
    expect(readFileSync(bad, 'utf8')).toBe('{oops');
  });
});
