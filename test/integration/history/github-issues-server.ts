/**
 * A local stand-in for the GitHub REST API's issue endpoints (list open issues with Link-header
 * pagination, create, update), recording every call. Pull requests show up in the list, as on GitHub.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
}

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
  const state = { calls: [] as RecordedCall[], issues: [...(opts.issues ?? [])] };
  let next = Math.max(0, ...state.issues.map((i) => i.number)) + 1;
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      state.calls.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body });
      route(req.method ?? '', url, body, res);
    });
  });

  function route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const list = /^\/repos\/acme\/api\/issues$/.exec(url.pathname);
    const one = /^\/repos\/acme\/api\/issues\/(\d+)$/.exec(url.pathname);
    const data = (body ?? {}) as { title?: string; body?: string };
    if (list && method === 'GET') {
      const wanted = url.searchParams.get('state') ?? 'open';
      const all = state.issues.filter((i) => wanted === 'all' || i.state === wanted);
      const perPage = Math.min(pageSize, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const pageUrl = (p: number): string =>
        `${base()}${url.pathname}?state=${wanted}&per_page=${perPage}&page=${p}`;
      const headers: Record<string, string> =
        page < last ? { link: `<${pageUrl(page + 1)}>; rel="next", <${pageUrl(last)}>; rel="last"` } : {};
      return send(res, 200, all.slice((page - 1) * perPage, page * perPage).map(toApi), headers);
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

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = (): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: base(),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  });
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
