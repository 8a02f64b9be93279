/** A recording ActionsEnv for the Action's pure logic; the real one is tested in test/integration/action. */
import type { ActionOutput, ActionsEnv, Annotation } from '../../../src/action/actions-env.js';
import type { GithubEvent } from '../../../src/action/event.js';
import type { IssueCommentsApi } from '../../../src/action/pr-comment.js';

export interface FakeEnv extends ActionsEnv {
  outputs: Partial<Record<ActionOutput, string>>;
  summary: string;
  annotations: Annotation[];
  warnings: string[];
  failed: string[];
  /** Every info, warning and failure line, in order: the step log. */
  log: string[];
}

export function fakeEnv(
  inputs: Record<string, string>,
  event: GithubEvent = { name: 'push', payload: {} },
  comments?: IssueCommentsApi,
): FakeEnv {
  const env: FakeEnv = {
    outputs: {},
    summary: '',
    annotations: [],
    warnings: [],
    failed: [],
    log: [],
    getInput: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void (env.outputs[name] = value),
    appendSummary: async (md) => void (env.summary += md),
    annotate: (a) => void env.annotations.push(a),
    info: (m) => void env.log.push(m),
    warning: (m) => void (env.warnings.push(m), env.log.push(`warning: ${m}`)),
    setFailed: (m) => void (env.failed.push(m), env.log.push(`error: ${m}`)),
    event: () => event,
    issueComments: () => {
      if (comments === undefined) throw new Error('no comment API in this test');
      return comments;
    },
  };
  return env;
}
