/**
 * A local stand-in for the GitHub REST API's issue-comment endpoints: records every call and answers
 * like GitHub (pagination through the Link header, 201 on create, 200 on update; 403 on writes in
 * 'forbidden' mode, as a fork pull request's read-only token gets).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Path with query string. */
  path: string;
  body: unknown;
  authorization: string | undefined;
}

export interface StoredComment {
  id: number;
  body: string;
  issue: number;
}

export interface FakeGithub {
  url: string;
  calls: RecordedCall[];
  comments: StoredComment[];
  mode: 'ok' | 'forbidden';
  close(): Promise<void>;
}

export async function startFakeGithub(
  opts: { pageSize?: number; comments?: StoredComment[]; repos?: string[] } = {},
): Promise<FakeGithub> {
  const pageSize = opts.pageSize ?? 100;
  // GitHub answers 404 for a repository the token cannot see.
  const repos = new Set(opts.repos ?? ['acme/api']);
  let nextId = 1000;
  const state: Omit<FakeGithub, 'url' | 'close'> = {
    calls: [],
    comments: [...(opts.comments ?? [])],
    mode: 'ok',
  };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      state.calls.push({
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        body,
        authorization: req.headers.authorization,
      });
      route(req.method ?? '', url, body, res);
    });
  });

  function route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const repo = list ?? one;
    if (repo && !repos.has(`${repo[1]}/${repo[2]}`)) return send(res, 404, { message: 'Not Found' });
    if (list && method === 'GET') {
      const issue = Number(list[3]);
      const all = state.comments.filter((c) => c.issue === issue);
      const perPage = Math.min(pageSize, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const links: string[] = [];
      const pageUrl = (p: number): string => `${base()}${url.pathname}?per_page=${perPage}&page=${p}`;
      if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
      const headers = links.length > 0 ? { link: links.join(', ') } : {};
      return send(res, 200, all.slice((page - 1) * perPage, page * perPage).map(toApi), headers);
    }
    if ((list && method === 'POST') || (one && method === 'PATCH')) {
      if (state.mode === 'forbidden') {
        return send(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.example/rest/issues/comments',
          status: '403',
        });
      }
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== 'string') return send(res, 422, { message: 'Invalid request: body is required' });
      if (list) {
        const comment = { id: nextId++, body: text, issue: Number(list[3]) };
        state.comments.push(comment);
        return send(res, 201, toApi(comment));
      }
      const existing = state.comments.find((c) => c.id === Number(one?.[3]));
      if (existing === undefined) return send(res, 404, { message: 'Not Found' });
      existing.body = text;
      return send(res, 200, toApi(existing));
    }
    send(res, 404, { message: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = (): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: base(),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  });
}

function toApi(c: StoredComment): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    body: c.body,
    user: { login: c.body.includes('memgate') ? 'github-actions[bot]' : 'reviewer', type: 'User' },
    created_at: '2025-01-15T10:00:00Z',
    updated_at: '2025-01-15T10:00:00Z',
  };
}

function send(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(data));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
