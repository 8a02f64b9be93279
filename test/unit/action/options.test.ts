import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GithubEvent } from '../../../src/action/event.js';
import { isPullRequestEvent, pullRequestRef } from '../../../src/action/event.js';
import { readActionInputs } from '../../../src/action/inputs.js';
import { ACTION_OUT_DIR, PR_BASELINE_NOTE, toRunOptions } from '../../../src/action/options.js';
import { fakeEnv } from './fake-env.js';

const prPayload = JSON.parse(
  readFileSync(new URL('../../fixtures/github/pull_request.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const event = (name: string, payload: Record<string, unknown> = {}): GithubEvent => ({ name, payload });

describe('inputs -> run options', () => {
  const inputs = readActionInputs(
    fakeEnv({
      'update-baseline': 'true',
      baseline: 'b.json',
      against: 'img:base',
      format: 'json',
      strict: 'true',
    }),
  );

  it('updates the baseline on push and schedule events', () => {
    for (const name of ['push', 'schedule', 'workflow_dispatch']) {
      const plan = toRunOptions(inputs, event(name));
      expect(plan.options.updateBaseline).toBe(true);
      expect(plan.notes).toEqual([]);
    }
  });

  it('never updates the baseline on pull_request or pull_request_target, and says why', () => {
    for (const name of ['pull_request', 'pull_request_target']) {
      const plan = toRunOptions(inputs, event(name, prPayload));
      expect(plan.options.updateBaseline).toBe(false);
      expect(plan.notes).toEqual([PR_BASELINE_NOTE]);
    }
  });

  it('says nothing on a pull request when update-baseline was not asked for', () => {
    const plan = toRunOptions(readActionInputs(fakeEnv({})), event('pull_request', prPayload));
    expect(plan.options.updateBaseline).toBe(false);
    expect(plan.notes).toEqual([]);
  });

  it('maps every input and always writes the Markdown report', () => {
    expect(toRunOptions(inputs, event('push')).options).toEqual({
      config: 'memgate.yml',
      scenario: [],
      out: ACTION_OUT_DIR,
      format: ['json', 'md'],
      updateBaseline: true,
      strict: true,
      baseline: 'b.json',
      against: 'img:base',
    });
  });
});

describe('pull request of the event', () => {
  it('takes the number and the base repository (not the fork) from a recorded pull_request payload', () => {
    expect(pullRequestRef(event('pull_request', prPayload))).toEqual({
      owner: 'acme',
      repo: 'api',
      issueNumber: 42,
    });
  });

  it('is undefined for other events, and falls back to GITHUB_REPOSITORY without a repository object', () => {
    expect(pullRequestRef(event('push', prPayload))).toBeUndefined();
    expect(isPullRequestEvent(event('pull_request_review'))).toBe(false);
    const bare: GithubEvent = { name: 'pull_request_target', payload: { number: 9 }, repository: 'o/r' };
    expect(pullRequestRef(bare)).toEqual({ owner: 'o', repo: 'r', issueNumber: 9 });
    expect(pullRequestRef({ name: 'pull_request', payload: { number: 9 } })).toBeUndefined();
  });
});
