/**
 * The sticky comment over the real HTTP client (createActionsEnv().issueComments) against a local
 * server that answers like GitHub's REST API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionsEnv } from '../../../src/action/actions-env.js';
import { NO_PERMISSION_NOTE, commentNote, upsertStickyComment } from '../../../src/action/pr-comment.js';
import { MD_MARKER } from '../../../src/report/md.js';
import { startFakeGithub, type FakeGithub } from './github-api-server.js';

const ref = { owner: 'acme', repo: 'api', issueNumber: 42 };
const report = (verdict: string): string =>
  `${MD_MARKER}\n## memgate: ${verdict}\n\n| scenario | verdict |\n`;

let gh: FakeGithub;
afterEach(async () => gh.close());

function api() {
  return createActionsEnv({ GITHUB_API_URL: gh.url }).issueComments('ghs_test_token');
}

describe('sticky PR comment', () => {
  beforeEach(async () => {
    // Page size 2 so that finding the existing comment needs the Link header's next pages.
    gh = await startFakeGithub({
      pageSize: 2,
      comments: [
        { id: 11, issue: 42, body: 'LGTM' },
        { id: 12, issue: 42, body: 'please add a test' },
        { id: 13, issue: 7, body: `${MD_MARKER}\nreport of another PR` },
        { id: 14, issue: 42, body: 'rebased' },
      ],
    });
  });

  it('creates the comment when none carries the marker, after reading every page', async () => {
    const result = await upsertStickyComment(api(), ref, report('FAIL'));

    expect(result).toEqual({ status: 'created', commentId: 1000 });
    const lists = gh.calls.filter((c) => c.method === 'GET');
    expect(lists.map((c) => c.path)).toEqual([
      '/repos/acme/api/issues/42/comments?per_page=100',
      '/repos/acme/api/issues/42/comments?per_page=2&page=2',
    ]);
    const posts = gh.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.path).toBe('/repos/acme/api/issues/42/comments');
    expect(posts[0]?.body).toEqual({ body: report('FAIL') });
    expect(posts[0]?.authorization).toBe('token ghs_test_token');
    expect(gh.calls.some((c) => c.method === 'PATCH')).toBe(false);
    expect(commentNote(result)).toBeUndefined();
  });

  it('updates the marked comment in place on the next push: one PATCH to its id, no POST', async () => {
    gh.comments.push({ id: 15, issue: 42, body: `${report('FAIL')}old table` });
    gh.comments.push({ id: 16, issue: 42, body: 'nice' });

    const result = await upsertStickyComment(api(), ref, report('PASS'));

    expect(result).toEqual({ status: 'updated', commentId: 15 });
    const writes = gh.calls.filter((c) => c.method !== 'GET');
    expect(writes).toEqual([
      {
        method: 'PATCH',
        path: '/repos/acme/api/issues/comments/15',
        body: { body: report('PASS') },
        authorization: 'token ghs_test_token',
      },
    ]);
    expect(gh.comments.filter((c) => c.issue === 42 && c.body.includes(MD_MARKER))).toHaveLength(1);
    // The other PR's memgate comment is untouched.
    expect(gh.comments.find((c) => c.id === 13)?.body).toContain('another PR');
  });

  it('returns no-permission on a fork (403 on write) instead of throwing, and says so for the summary', async () => {
    gh.mode = 'forbidden';

    const result = await upsertStickyComment(api(), ref, report('FAIL'));

    expect(result).toEqual({ status: 'no-permission', httpStatus: 403 });
    expect(commentNote(result)).toBe(NO_PERMISSION_NOTE);
    expect(gh.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(gh.comments.some((c) => c.issue === 42 && c.body.includes(MD_MARKER))).toBe(false);
  });

  it('treats a 404 (PR not visible to the token) as no-permission too', async () => {
    const result = await upsertStickyComment(api(), { ...ref, repo: 'missing' }, report('FAIL'));
    // Listing an unknown repo 404s before any write.
    expect(result).toEqual({ status: 'no-permission', httpStatus: 404 });
  });
});
