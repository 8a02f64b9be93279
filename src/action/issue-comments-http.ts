/**
 * The sticky comment's three GitHub REST calls over @actions/http-client: node:http (a native HTTP
 * parser), with the runner's proxy settings. Octokit's requests run on undici, whose first request
 * compiles a WebAssembly HTTP parser; in the Action that happened after the gate had run and was about
 * 30 MiB of memgate's own peak RSS, for two or three small JSON calls.
 */
import { HttpClient } from '@actions/http-client';
import type { IssueComment, IssueCommentsApi, IssueRef } from './pr-comment.js';

export const GITHUB_API_URL = 'https://api.github.com';
const GITHUB_API_VERSION = '2022-11-28';
const COMMENTS_PER_PAGE = 100;
/** 10,000 comments: far past any pull request, and a stop for a server whose `next` link never ends. */
const MAX_COMMENT_PAGES = 100;

type Method = 'GET' | 'POST' | 'PATCH';

interface ApiComment {
  id: number;
  body?: string | null;
}

/** A non-2xx answer; `status` is what upsertStickyComment reads (403/404: no permission). */
export class GithubApiError extends Error {
  constructor(
    readonly status: number,
    method: Method,
    path: string,
    body: string,
  ) {
    super(`GitHub API ${method} ${path}: HTTP ${status}${apiMessage(body)}`);
    this.name = 'GithubApiError';
  }
}

export function httpIssueComments(token: string, apiUrl: string = GITHUB_API_URL): IssueCommentsApi {
  const base = apiUrl.replace(/\/+$/, '');
  const client = new HttpClient('memgate');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `token ${token}`,
    'x-github-api-version': GITHUB_API_VERSION,
  };

  async function send(method: Method, url: string, body?: unknown) {
    const data = body === undefined ? null : JSON.stringify(body);
    const res = await client.request(method, url, data, {
      ...headers,
      ...(data === null ? {} : { 'content-type': 'application/json' }),
    });
    const text = await res.readBody();
    const status = res.message.statusCode ?? 0;
    if (status < 200 || status >= 300) throw new GithubApiError(status, method, new URL(url).pathname, text);
    const link = res.message.headers.link;
    return {
      data: (text === '' ? undefined : JSON.parse(text)) as unknown,
      next: nextPage(Array.isArray(link) ? link.join(', ') : link),
    };
  }

  const repoUrl = ({ owner, repo }: IssueRef): string =>
    `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

  return {
    async list(ref) {
      const all: IssueComment[] = [];
      let url: string | undefined =
        `${repoUrl(ref)}/issues/${ref.issueNumber}/comments?per_page=${COMMENTS_PER_PAGE}`;
      for (let page = 0; url !== undefined && page < MAX_COMMENT_PAGES; page++) {
        const { data, next } = await send('GET', url);
        all.push(...(data as ApiComment[]).map(toComment));
        url = next;
      }
      return all;
    },
    async create(ref, body) {
      const { data } = await send('POST', `${repoUrl(ref)}/issues/${ref.issueNumber}/comments`, { body });
      return toComment(data as ApiComment);
    },
    async update(ref, commentId, body) {
      const { data } = await send('PATCH', `${repoUrl(ref)}/issues/comments/${commentId}`, { body });
      return toComment(data as ApiComment);
    },
  };
}

/** The `rel="next"` URL of a Link header (GitHub's pagination), if any. */
export function nextPage(link: string | undefined): string | undefined {
  return link === undefined ? undefined : /<([^>]+)>\s*;\s*rel="next"/.exec(link)?.[1];
}

function toComment(c: ApiComment): IssueComment {
  return { id: c.id, body: c.body ?? undefined };
}

function apiMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? `: ${message}` : '';
  } catch {
    return '';
  }
}
