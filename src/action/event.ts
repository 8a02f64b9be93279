/** The triggering event: which kind, and which pull request (pure, over the payload GitHub writes). */
import type { IssueRef } from './pr-comment.js';

export interface GithubEvent {
  /** GITHUB_EVENT_NAME: pull_request, push, schedule, ... */
  name: string;
  /** The JSON at GITHUB_EVENT_PATH; {} when absent. */
  payload: Record<string, unknown>;
  /** GITHUB_REPOSITORY, "owner/repo", when set. */
  repository?: string;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function isPullRequestEvent(event: GithubEvent): boolean {
  return PULL_REQUEST_EVENTS.has(event.name);
}

/** The pull request to comment on, or undefined when the event is not one or the payload lacks it. */
export function pullRequestRef(event: GithubEvent): IssueRef | undefined {
  if (!isPullRequestEvent(event)) return undefined;
  const pr = record(event.payload.pull_request);
  const issueNumber = pr?.number ?? event.payload.number;
  if (typeof issueNumber !== 'number') return undefined;
  const repo = repositoryOf(event);
  return repo === undefined ? undefined : { ...repo, issueNumber };
}

// The base repository (where the PR lives), not the fork it came from: payload.repository is the base.
function repositoryOf(event: GithubEvent): { owner: string; repo: string } | undefined {
  const repository = record(event.payload.repository);
  const owner = record(repository?.owner)?.login;
  const name = repository?.name;
  if (typeof owner === 'string' && typeof name === 'string') return { owner, repo: name };
  const [envOwner, envRepo] = (event.repository ?? '').split('/');
  return envOwner && envRepo ? { owner: envOwner, repo: envRepo } : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
