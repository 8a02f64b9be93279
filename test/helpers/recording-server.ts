/**
 * The core of the local GitHub API stand-ins: a node:http server on 127.0.0.1 that records every call
 * (method, path with query, JSON body, authorization) and hands it to a route function; plus the JSON
 * reply and the Link-header pagination GitHub uses.
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

export interface RecordingServer {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export type Route = (method: string, url: URL, body: unknown, res: ServerResponse, base: string) => void;

export async function startRecordingServer(route: Route): Promise<RecordingServer> {
  const calls: RecordedCall[] = [];
  let base = '';
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      calls.push({
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        body,
        authorization: req.headers.authorization,
      });
      route(req.method ?? '', url, body, res, base);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export function send(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(data));
}

/** Answers one page of `all` (`per_page`, `page` query), with GitHub's `next`/`last` Link header. */
export function sendPage<T>(
  res: ServerResponse,
  url: URL,
  base: string,
  all: T[],
  maxPageSize: number,
  toApi: (item: T) => unknown,
): void {
  const perPage = Math.min(maxPageSize, Number(url.searchParams.get('per_page') ?? 30));
  const page = Number(url.searchParams.get('page') ?? 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const pageUrl = (p: number): string => {
    const next = new URL(url.pathname + url.search, base);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(p));
    return next.toString();
  };
  const headers: Record<string, string> =
    page < last ? { link: `<${pageUrl(page + 1)}>; rel="next", <${pageUrl(last)}>; rel="last"` } : {};
  send(res, 200, all.slice((page - 1) * perPage, page * perPage).map(toApi), headers);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
