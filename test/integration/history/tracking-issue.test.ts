/**
 * `memgate history issue` against a local GitHub API stand-in, through the real octokit: opens the
 * tracking issue when a change point appears, updates the same issue (PATCH) for a later one, and
 * writes nothing when there is nothing new.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { analyseHistory } from '../../../src/history/analyse-history.js';
import { writeHistory } from '../../../src/history/history-file.js';
import { appendNight, type History } from '../../../src/history/history.js';
import { NIGHTLY_MARKER } from '../../../src/history/tracking-issue.js';
import { commitOf, nightResults } from '../../unit/history/night-results.js';
import { FLOOR_150_MIB, nightlyFloors } from '../../unit/history/nightly-series.js';
import { cli } from './cli-io.js';
import { startFakeIssues, type FakeIssues } from './github-issues-server.js';

/** 60 nights: +6 % from night 25, another +6 % from night 45. */
const FLOORS = nightlyFloors(
  { nights: 60, levelBytes: FLOOR_150_MIB, noisePct: 1, stepAt: 25, stepPct: 6 },
  5,
).map((f, i) => (i >= 45 ? Math.round(f * 1.06) : f));

function historyOf(nights: number): History {
  let h: History | undefined;
  for (let i = 0; i < nights; i++) h = appendNight(h, nightResults(i, [FLOORS[i]!], commitOf(i)));
  return h!;
}

/** The first night count at which the analysis reports a fresh change point after `afterNight`. */
function firstFreshAfter(afterNight: number): number {
  for (let n = afterNight + 1; n <= FLOORS.length; n++) {
    const cps = analyseHistory(historyOf(n)).scenarios[0]!.metrics[0]!.changePoints;
    if (cps.some((cp) => cp.fresh && cp.night > afterNight)) return n;
  }
  throw new Error('no fresh change point');
}

const writes = (gh: FakeIssues) => gh.calls.filter((c) => c.method !== 'GET');

describe('memgate history issue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-issue-'));
  const file = join(dir, 'history.json');
  let gh: FakeIssues | undefined;
  afterEach(async () => {
    await gh?.close();
    gh = undefined;
  });

  const issue = async (server: FakeIssues) =>
    cli(['history', 'issue', '--history', file], dir, {
      GITHUB_TOKEN: 'ghs_test',
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_API_URL: server.url,
    });

  test('opens, then leaves alone, then updates in place, over paginated open issues', async () => {
    // Unrelated issues fill two pages; a pull request quoting the marker must not be taken for the issue.
    const noise = Array.from({ length: 5 }, (_, i) => ({
      number: i + 1,
      title: `bug ${i}`,
      body: 'unrelated',
      state: 'open' as const,
    }));
    gh = await startFakeIssues({
      pageSize: 2,
      issues: [
        ...noise,
        { number: 6, title: 'PR', body: `quotes ${NIGHTLY_MARKER}`, state: 'open', pullRequest: true },
      ],
    });

    const first = firstFreshAfter(20);
    await writeHistory(file, historyOf(first));
    const created = await issue(gh);
    expect(created.code, created.stderr).toBe(0);
    expect(writes(gh)).toHaveLength(1);
    expect(writes(gh)[0]).toMatchObject({ method: 'POST', path: '/repos/acme/api/issues' });
    const made = gh.issues.find((i) => i.body.includes(NIGHTLY_MARKER) && !i.pullRequest)!;
    expect(made.number).toBe(7);
    expect(made.body).toContain('xychart-beta');
    expect(made.body).toMatch(/\| floor \| 2[5-7] /);
    expect(created.stdout).toContain('created issue #7');

    // Same history again (a re-run), then one more quiet night: found on a later page, no write.
    gh.calls.length = 0;
    expect((await issue(gh)).stdout).toContain('issue #7 left as is');
    await writeHistory(file, historyOf(first + 1));
    expect((await issue(gh)).code).toBe(0);
    expect(writes(gh)).toEqual([]);
    expect(gh.calls.filter((c) => c.path.includes('page=2')).length).toBeGreaterThan(0);

    // The second step: PATCH the same issue.
    const second = firstFreshAfter(40);
    await writeHistory(file, historyOf(second));
    const updated = await issue(gh);
    expect(updated.stdout).toContain('updated issue #7');
    expect(writes(gh)).toEqual([
      expect.objectContaining({ method: 'PATCH', path: '/repos/acme/api/issues/7' }),
    ]);
    expect(gh.issues.filter((i) => i.body.includes(NIGHTLY_MARKER) && !i.pullRequest)).toHaveLength(1);
    expect(made.body).toMatch(/\| floor \| 4[4-7] /);
  });

  test('an old change point with no open issue (it was closed) opens nothing', async () => {
    gh = await startFakeIssues({
      issues: [{ number: 3, title: 'old', body: NIGHTLY_MARKER, state: 'closed' }],
    });
    await writeHistory(file, historyOf(40));
    const res = await issue(gh);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('no new change point');
    expect(writes(gh)).toEqual([]);
  });

  test('without GITHUB_TOKEN: usage error, exit 2', async () => {
    const res = await cli(['history', 'issue', '--history', file], dir, { GITHUB_REPOSITORY: 'acme/api' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('GITHUB_TOKEN');
  });

  test('API failure: exit 3 with a permissions hint', async () => {
    await writeHistory(file, historyOf(firstFreshAfter(20)));
    const res = await cli(['history', 'issue', '--history', file], dir, {
      GITHUB_TOKEN: 't',
      GITHUB_REPOSITORY: 'other/repo',
      GITHUB_API_URL: 'http://127.0.0.1:9',
    });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain('issues: write');
  });
});
