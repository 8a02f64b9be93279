/**
 * Everything the Action needs from the GitHub Actions runner, behind one interface. This is the only
 * module that imports @actions/core (the comment calls are in issue-comments-http.ts); the logic
 * (main-logic.ts) gets an ActionsEnv injected, so tests drive it with a fake or with this implementation
 * over a real environment.
 */
import * as core from '@actions/core';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { KiB } from '../units.js';
import type { GithubEvent } from './event.js';
import { httpIssueComments } from './issue-comments-http.js';
import type { IssueCommentsApi } from './pr-comment.js';

export type ActionOutput = 'verdict' | 'results' | 'report';

/** A file-less annotation on the run (the runner shows at most 10 per level per step). */
export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
}

export interface ActionsEnv {
  /** The raw input, trimmed; '' when not given. */
  getInput(name: string): string;
  setOutput(name: ActionOutput, value: string): void;
  /** Appends Markdown to the job summary ($GITHUB_STEP_SUMMARY). */
  appendSummary(markdown: string): Promise<void>;
  annotate(annotation: Annotation): void;
  info(message: string): void;
  /** A warning in the log (shown as an annotation by the runner). */
  warning(message: string): void;
  /** Fails the step (exit code 1) with this message. */
  setFailed(message: string): void;
  /** The event that triggered the workflow, read from the environment now. */
  event(): GithubEvent;
  /** The issue-comment API of the repository, authenticated with `token`. */
  issueComments(token: string): IssueCommentsApi;
}

/** GitHub rejects step summaries over 1 MiB; stay below with room for what other steps append. */
export const SUMMARY_MAX_BYTES = 1000 * KiB;

/** The production ActionsEnv. `env` defaults to process.env; @actions/core itself reads process.env. */
export function createActionsEnv(env: NodeJS.ProcessEnv = process.env): ActionsEnv {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    appendSummary: (markdown) => appendSummary(env, markdown),
    annotate: ({ level, title, message }) =>
      level === 'error' ? core.error(message, { title }) : core.warning(message, { title }),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    setFailed: (message) => core.setFailed(message),
    event: () => readEvent(env),
    // The API URL from the environment at call time: GitHub Enterprise, and tests with a local server.
    issueComments: (token) => httpIssueComments(token, env.GITHUB_API_URL || undefined),
  };
}

// Written directly rather than through core.summary, which caches the file path for the process.
async function appendSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') {
    core.info('GITHUB_STEP_SUMMARY is not set; the job summary is skipped (the report files are written).');
    return;
  }
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  if (Buffer.byteLength(text) > SUMMARY_MAX_BYTES) {
    core.warning('The memgate report is over the job summary limit; see the uploaded report files.');
    return;
  }
  await appendFile(file, text, 'utf8');
}

function readEvent(env: NodeJS.ProcessEnv): GithubEvent {
  const path = env.GITHUB_EVENT_PATH;
  const payload: unknown =
    path !== undefined && path !== '' && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  return {
    name: env.GITHUB_EVENT_NAME ?? '',
    payload: typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {},
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
  };
}
