import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../../src/action/main-logic.js';
import { PR_BASELINE_NOTE } from '../../../src/action/options.js';
import { NO_PERMISSION_NOTE, type IssueCommentsApi } from '../../../src/action/pr-comment.js';
import { MemgateError } from '../../../src/errors.js';
import type { Report } from '../../../src/report/report.js';
import type { RunOutcome } from '../../../src/run-types.js';
import { sampleReport } from '../../helpers/sample-results.js';
import { stubExecuteRun, testIo } from '../../integration/action/stub-execute-run.js';
import { fakeEnv } from './fake-env.js';

const prEvent = {
  name: 'pull_request',
  payload: {
    number: 42,
    pull_request: { number: 42 },
    repository: { name: 'api', owner: { login: 'acme' } },
  },
};

function passingReport(): Report {
  const report = sampleReport();
  const steady = report.results.scenarios[0];
  if (steady === undefined) throw new Error('sample has a passing scenario');
  return { ...report, results: { ...report.results, scenarios: [steady], verdict: 'pass' } };
}

/** In-memory comment API: records writes, or refuses them like a fork's token. */
function memoryComments(refuse: boolean): IssueCommentsApi & { writes: string[] } {
  const writes: string[] = [];
  const refusal = Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
  return {
    writes,
    list: async () => [],
    create: async (_ref, body) => {
      if (refuse) throw refusal;
      writes.push(body);
      return { id: 1, body };
    },
    update: async () => {
      throw new Error('nothing to update');
    },
  };
}

const failingRun = (outcome: RunOutcome) => async (): Promise<RunOutcome> => outcome;

describe('runAction', () => {
  it('passes: outputs, the report as the summary, no failure, no comment outside pull requests', async () => {
    const stub = stubExecuteRun(passingReport(), 0);
    const env = fakeEnv({ 'github-token': 't' });

    const result = await runAction(env, { runMemgate: stub.runMemgate, io: testIo() });

    expect(result).toEqual({ verdict: 'pass', exitCode: 0 });
    expect(env.failed).toEqual([]);
    expect(env.outputs.verdict).toBe('pass');
    expect(env.outputs.report).toBe(`${stub.outDir}/memgate-report.md`);
    expect(env.outputs.results).toBe(`${stub.outDir}/memgate-results.json`);
    expect(env.summary).toBe(readFileSync(`${stub.outDir}/memgate-report.md`, 'utf8'));
    expect(env.annotations).toEqual([]);
  });

  it('fails the step on regression with the failing scenarios, and annotates each failing metric', async () => {
    const stub = stubExecuteRun(sampleReport(), 1);
    const env = fakeEnv({});

    const result = await runAction(env, { runMemgate: stub.runMemgate, io: testIo() });

    expect(result.verdict).toBe('fail');
    expect(env.failed).toEqual(['memory regression: giant-export (fail); see the job summary']);
    expect(env.annotations.filter((a) => a.level === 'error')).toHaveLength(4);
    expect(env.annotations.filter((a) => a.level === 'warning')).toHaveLength(1);
    expect(env.annotations[0]?.title).toMatch(/^memgate: giant-export \w+ fail$/);
  });

  it('ignores update-baseline on a pull request, with a warning on top of the summary', async () => {
    const stub = stubExecuteRun(passingReport(), 0);
    const env = fakeEnv({ 'update-baseline': 'true', comment: 'false' }, prEvent);

    await runAction(env, { runMemgate: stub.runMemgate, io: testIo() });

    expect(stub.calls[0]?.updateBaseline).toBe(false);
    expect(env.warnings).toEqual([PR_BASELINE_NOTE]);
    expect(env.summary.startsWith(`> **Warning:** ${PR_BASELINE_NOTE}\n\n<!-- memgate-report -->`)).toBe(
      true,
    );
  });

  it('comments on the pull request with the report, or says in the summary that it could not', async () => {
    const ok = memoryComments(false);
    const env = fakeEnv({ 'github-token': 't' }, prEvent, ok);
    const result = await runAction(env, {
      runMemgate: stubExecuteRun(passingReport(), 0).runMemgate,
      io: testIo(),
    });
    expect(result.comment).toEqual({ status: 'created', commentId: 1 });
    expect(ok.writes).toEqual([env.summary]);

    const fork = memoryComments(true);
    const forkEnv = fakeEnv({ 'github-token': 't' }, prEvent, fork);
    const forkResult = await runAction(forkEnv, {
      runMemgate: stubExecuteRun(passingReport(), 0).runMemgate,
      io: testIo(),
    });
    expect(forkResult.comment).toEqual({ status: 'no-permission', httpStatus: 403 });
    expect(forkEnv.summary).toContain(`> **Warning:** ${NO_PERMISSION_NOTE}`);
    expect(forkEnv.failed).toEqual([]);
  });

  it('does not comment when comment is false, and notes an empty token', async () => {
    const api = memoryComments(false);
    const off = fakeEnv({ comment: 'false', 'github-token': 't' }, prEvent, api);
    await runAction(off, { runMemgate: stubExecuteRun(passingReport(), 0).runMemgate, io: testIo() });
    expect(api.writes).toEqual([]);

    const noToken = fakeEnv({}, prEvent, api);
    await runAction(noToken, { runMemgate: stubExecuteRun(passingReport(), 0).runMemgate, io: testIo() });
    expect(noToken.summary).toContain('the github-token input is empty');
    expect(api.writes).toEqual([]);
  });

  it('reports an infrastructure error: verdict error, the error text as the failure and in the summary', async () => {
    const env = fakeEnv({});
    const error = 'No container engine found\nhint: start Docker';
    const result = await runAction(env, {
      runMemgate: failingRun({ exitCode: 3, status: undefined, resultsFile: undefined, files: {}, error }),
      io: testIo(),
    });

    expect(result).toEqual({ verdict: 'error', exitCode: 3, failure: error });
    expect(env.outputs).toEqual({ verdict: 'error', results: '', report: '' });
    expect(env.summary).toContain('## memgate: ERROR');
    expect(env.summary).toContain(error);
  });

  it('turns a thrown catalog error into its exit class, and anything else into an internal error', async () => {
    const env = fakeEnv({});
    const thrown = async (): Promise<RunOutcome> => {
      throw new MemgateError('configNotFound', { file: 'memgate.yml' });
    };
    const result = await runAction(env, { runMemgate: thrown, io: testIo() });
    expect(result.exitCode).toBe(2);
    expect(env.failed[0]).toMatch(/^Config file not found: memgate.yml\nhint: /);

    const bugEnv = fakeEnv({});
    const bug = async (): Promise<RunOutcome> => {
      throw new TypeError('x is undefined');
    };
    expect(await runAction(bugEnv, { runMemgate: bug, io: testIo() })).toMatchObject({
      verdict: 'error',
      exitCode: 3,
    });
    expect(bugEnv.failed).toEqual(['internal error: x is undefined']);
  });

  it('rejects a bad input before running anything, naming the input', async () => {
    const stub = stubExecuteRun(passingReport(), 0);
    const env = fakeEnv({ comment: 'maybe' });

    const result = await runAction(env, { runMemgate: stub.runMemgate, io: testIo() });

    expect(stub.calls).toEqual([]);
    expect(result).toMatchObject({ verdict: 'error', exitCode: 2 });
    expect(env.failed[0]).toContain('Action input "comment": "maybe" is not a boolean');
    expect(env.summary).toContain('Action input "comment"');
  });
});

describe('the step log', () => {
  it('ends with the verdict line, after the failure, for a pass, a regression and an error', async () => {
    const pass = fakeEnv({});
    await runAction(pass, { runMemgate: stubExecuteRun(passingReport(), 0).runMemgate, io: testIo() });
    expect(pass.log.at(-1)).toBe('memgate: PASS (exit 0: no regression)');

    const fail = fakeEnv({});
    await runAction(fail, { runMemgate: stubExecuteRun(sampleReport(), 1).runMemgate, io: testIo() });
    expect(fail.log.slice(-2)).toEqual([
      'error: memory regression: giant-export (fail); see the job summary',
      'memgate: FAIL (exit 1: memory regression)',
    ]);

    const error = fakeEnv({});
    const outcome = { exitCode: 3, status: undefined, resultsFile: undefined, files: {} };
    await runAction(error, {
      runMemgate: failingRun({ ...outcome, error: 'No container engine found\nhint: start Docker' }),
      io: testIo(),
    });
    expect(error.log.at(-1)).toBe('memgate: ERROR (exit 3: No container engine found)');
  });
});

describe('runAction outputs', () => {
  it('gives absolute paths, resolved against the working folder, and a plain summary without a report', async () => {
    const env = fakeEnv({});
    const outcome: RunOutcome = {
      exitCode: 0,
      status: 'warn',
      resultsFile: 'memgate-out/memgate-results.json',
      files: { md: 'memgate-out/memgate-report.md' },
    };
    await runAction(env, { runMemgate: failingRun(outcome), io: { ...testIo(), cwd: '/nonexistent/ws' } });

    expect(env.outputs).toEqual({
      verdict: 'warn',
      results: '/nonexistent/ws/memgate-out/memgate-results.json',
      report: '/nonexistent/ws/memgate-out/memgate-report.md',
    });
    expect(env.summary).toBe(
      '## memgate: WARN\n\nNo Markdown report was written (exit code 0); see the step log.\n',
    );
    expect(env.failed).toEqual([]);
  });
});

describe('runAction in a workspace', () => {
  it('reads relative report paths from the working folder it gave runMemgate', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'memgate-ws-'));
    mkdirSync(join(ws, 'memgate-out'));
    writeFileSync(
      join(ws, 'memgate-out', 'memgate-report.md'),
      '<!-- memgate-report -->\n## memgate: PASS\n',
    );
    const env = fakeEnv({});
    const outcome: RunOutcome = {
      exitCode: 0,
      status: 'pass',
      resultsFile: undefined,
      files: { md: 'memgate-out/memgate-report.md' },
    };
    await runAction(env, { runMemgate: failingRun(outcome), io: { ...testIo(), cwd: ws } });
    expect(env.summary).toBe('<!-- memgate-report -->\n## memgate: PASS\n');
  });
});
