/**
 * The sticky pull request comment: one comment per pull request, found by the report's hidden marker and
 * updated in place, so a PR pushed ten times still has one memgate comment. The GitHub API sits behind
 * IssueCommentsApi (production: actions-env.ts, over @actions/github's octokit).
 */
import { errorText } from '../errors.js';
import { MD_MARKER } from '../report/md.js';

export interface IssueComment {
  id: number;
  body?: string | undefined;
}

/** Where the comment goes. */
export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** The three GitHub calls the sticky comment needs. Errors carry the HTTP `status` (octokit's RequestError). */
export interface IssueCommentsApi {
  /** Every comment of the issue, all pages. */
  list(ref: IssueRef): Promise<IssueComment[]>;
  create(ref: IssueRef, body: string): Promise<IssueComment>;
  update(ref: IssueRef, commentId: number, body: string): Promise<IssueComment>;
}

export type CommentResult =
  | { status: 'created'; commentId: number }
  | { status: 'updated'; commentId: number }
  /** 403/404: a fork's read-only token, or a job without `pull-requests: write`. Not a failure. */
  | { status: 'no-permission'; httpStatus: number }
  /** Anything else (GitHub down, rate limit): reported, never fails the gate. */
  | { status: 'error'; message: string };

export const NO_PERMISSION_NOTE =
  'memgate could not comment on this pull request (no write permission, e.g. a fork); the report is in this summary';

/** Creates the memgate comment, or updates the one that already carries `marker`. */
export async function upsertStickyComment(
  api: IssueCommentsApi,
  ref: IssueRef,
  body: string,
  marker: string = MD_MARKER,
): Promise<CommentResult> {
  // The report starts with the marker already; prepend it when a caller's body does not.
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  try {
    const existing = (await api.list(ref)).find((c) => c.body?.includes(marker) === true);
    if (existing !== undefined) {
      const updated = await api.update(ref, existing.id, text);
      return { status: 'updated', commentId: updated.id };
    }
    const created = await api.create(ref, text);
    return { status: 'created', commentId: created.id };
  } catch (e) {
    const httpStatus = statusOf(e);
    if (httpStatus === 403 || httpStatus === 404) return { status: 'no-permission', httpStatus };
    return { status: 'error', message: errorText(e) };
  }
}

/** The line for the job summary, or undefined when the comment went through. */
export function commentNote(result: CommentResult): string | undefined {
  switch (result.status) {
    case 'created':
    case 'updated':
      return undefined;
    case 'no-permission':
      return NO_PERMISSION_NOTE;
    case 'error':
      return `memgate could not comment on this pull request (${result.message}); the report is in this summary`;
  }
}

function statusOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null || !('status' in e)) return undefined;
  const status = (e as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}
