/**
 * A local stand-in for the GitHub REST API's issue-comment endpoints: records every call and answers
 * like GitHub (pagination through the Link header, 201 on create, 200 on update; 403 on writes in
 * 'forbidden' mode, as a fork pull request's read-only token gets).
 */
import type { ServerResponse } from 'node:http';
import { send, sendPage, startRecordingServer, type RecordedCall } from '../../helpers/recording-server.js';

export type { RecordedCall };

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
  const state = { comments: [...(opts.comments ?? [])], mode: 'ok' as FakeGithub['mode'] };

  function route(method: string, url: URL, body: unknown, res: ServerResponse, base: string): void {
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const repo = list ?? one;
    if (repo && !repos.has(`${repo[1]}/${repo[2]}`)) return send(res, 404, { message: 'Not Found' });
    if (list && method === 'GET') {
      const issue = Number(list[3]);
      return sendPage(
        res,
        url,
        base,
        state.comments.filter((c) => c.issue === issue),
        pageSize,
        toApi,
      );
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

  const server = await startRecordingServer(route);
  return Object.assign(state, server);
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
