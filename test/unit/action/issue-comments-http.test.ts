import { describe, expect, it } from 'vitest';
import { GithubApiError, nextPage } from '../../../src/action/issue-comments-http.js';
import { upsertStickyComment } from '../../../src/action/pr-comment.js';

describe('nextPage', () => {
  it('finds the rel="next" URL of a GitHub Link header, wherever it stands', () => {
    const next = 'https://api.example/repos/a/b/issues/1/comments?per_page=100&page=2';
    const last = 'https://api.example/repos/a/b/issues/1/comments?per_page=100&page=5';
    expect(nextPage(`<${next}>; rel="next", <${last}>; rel="last"`)).toBe(next);
    expect(nextPage(`<${last}>; rel="last", <${next}>; rel="next"`)).toBe(next);
  });

  it('is undefined on the last page', () => {
    expect(nextPage(undefined)).toBeUndefined();
    expect(nextPage('<https://api.example/x?page=1>; rel="prev"')).toBeUndefined();
  });
});

describe('GithubApiError', () => {
  it("carries the HTTP status for upsertStickyComment and GitHub's message for the summary", async () => {
    const error = new GithubApiError(502, 'GET', '/repos/a/b/issues/1/comments', '{"message":"Bad gateway"}');
    expect(error.message).toBe('GitHub API GET /repos/a/b/issues/1/comments: HTTP 502: Bad gateway');
    const failing = {
      list: () => Promise.reject(error),
      create: () => Promise.reject(error),
      update: () => Promise.reject(error),
    };
    expect(await upsertStickyComment(failing, { owner: 'a', repo: 'b', issueNumber: 1 }, 'x')).toEqual({
      status: 'error',
      message: 'GitHub API GET /repos/a/b/issues/1/comments: HTTP 502: Bad gateway',
    });
    const forbidden = new GithubApiError(403, 'POST', '/x', 'not json');
    expect(forbidden.message).toBe('GitHub API POST /x: HTTP 403');
    expect(
      await upsertStickyComment(
        { ...failing, list: () => Promise.reject(forbidden) },
        { owner: 'a', repo: 'b', issueNumber: 1 },
        'x',
      ),
    ).toEqual({ status: 'no-permission', httpStatus: 403 });
  });
});
