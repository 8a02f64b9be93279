/**
 * A local stand-in for the GitHub REST API's issue endpoints (list open issues with Link-header
 * pagination, create, update), recording every call. Pull requests show up in the list, as on GitHub.
 */
import type { ServerResponse } from 'node:http';
import { send, sendPage, startRecordingServer, type RecordedCall } from '../../helpers/recording-server.js';

export type { RecordedCall };

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  pullRequest?: boolean;
}

export interface FakeIssues {
  url: string;
  calls: RecordedCall[];
  issues: StoredIssue[];
  close(): Promise<void>;
}

export async function startFakeIssues(
  opts: { issues?: StoredIssue[]; pageSize?: number } = {},
): Promise<FakeIssues> {
  const pageSize = opts.pageSize ?? 100;
  const state = { issues: [...(opts.issues ?? [])] };
  let next = Math.max(0, ...state.issues.map((i) => i.number)) + 1;

  function route(method: string, url: URL, body: unknown, res: ServerResponse, base: string): void {
    const list = /^\/repos\/acme\/api\/issues$/.exec(url.pathname);
    const one = /^\/repos\/acme\/api\/issues\/(\d+)$/.exec(url.pathname);
    const data = (body ?? {}) as { title?: string; body?: string };
    if (list && method === 'GET') {
      const wanted = url.searchParams.get('state') ?? 'open';
      const all = state.issues.filter((i) => wanted === 'all' || i.state === wanted);
      return sendPage(res, url, base, all, pageSize, toApi);
    }
    if (list && method === 'POST') {
      if (typeof data.title !== 'string') return send(res, 422, { message: 'title is required' });
      const issue: StoredIssue = { number: next++, title: data.title, body: data.body ?? '', state: 'open' };
      state.issues.push(issue);
      return send(res, 201, toApi(issue));
    }
    if (one && method === 'PATCH') {
      const issue = state.issues.find((i) => i.number === Number(one[1]));
      if (!issue) return send(res, 404, { message: 'Not Found' });
      if (typeof data.body === 'string') issue.body = data.body;
      return send(res, 200, toApi(issue));
    }
    send(res, 404, { message: 'Not Found' });
  }

  const server = await startRecordingServer(route);
  return Object.assign(state, server);
}

function toApi(i: StoredIssue): Record<string, unknown> {
  return {
    id: 10_000 + i.number,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    ...(i.pullRequest ? { pull_request: { url: `https://api.example/pulls/${i.number}` } } : {}),
  };
}
