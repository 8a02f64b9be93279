/**
 * The Action logic with the production ActionsEnv (@actions/core, @actions/github) reading a real runner
 * environment: INPUT_* variables, GITHUB_STEP_SUMMARY / GITHUB_OUTPUT files, a recorded pull_request
 * event, and a local server as GITHUB_API_URL. Only runMemgate is a stand-in (stub-execute-run.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActionsEnv } from '../../../src/action/actions-env.js';
import { runAction } from '../../../src/action/main-logic.js';
import { PR_BASELINE_NOTE } from '../../../src/action/options.js';
import { NO_PERMISSION_NOTE } from '../../../src/action/pr-comment.js';
import { MD_MARKER } from '../../../src/report/md.js';
import { sampleReport } from '../../helpers/sample-results.js';
import { startFakeGithub, type FakeGithub } from './github-api-server.js';
import { stubExecuteRun, testIo } from './stub-execute-run.js';

const EVENT_PATH = fileURLToPath(new URL('../../fixtures/github/pull_request.json', import.meta.url));

/** Parses the GITHUB_OUTPUT file: `name<<ghadelimiter_UUID\nvalue\nghadelimiter_UUID` blocks, and name=value lines. */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(lines[i] ?? '');
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? '', i + 1);
      expect(end, `no closing delimiter for ${heredoc[1]}`).toBeGreaterThan(i);
      out[heredoc[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const plain = /^([\w-]+)=(.*)$/.exec(lines[i] ?? '');
    if (plain) out[plain[1] ?? ''] = plain[2] ?? '';
  }
  return out;
}

let gh: FakeGithub;
let dir: string;
let savedExitCode: typeof process.exitCode;

beforeEach(async () => {
  savedExitCode = process.exitCode;
  gh = await startFakeGithub({ comments: [{ id: 77, issue: 42, body: 'first!' }] });
  dir = mkdtempSync(join(tmpdir(), 'memgate-runner-'));
  writeFileSync(join(dir, 'summary.md'), '');
  writeFileSync(join(dir, 'output.txt'), '');
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: EVENT_PATH,
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_API_URL: gh.url,
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    // As the runner passes `with:` values (action.yml defaults filled in).
    INPUT_CONFIG: 'memgate.yml',
    INPUT_BASELINE: '.memgate/baseline.json',
    'INPUT_UPDATE-BASELINE': 'true',
    INPUT_AGAINST: '',
    INPUT_COMMENT: 'true',
    'INPUT_GITHUB-TOKEN': 'ghs_runner_token',
    INPUT_FORMAT: 'md,json,junit,html',
    INPUT_STRICT: 'false',
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
});

afterEach(async () => {
  // core.setFailed sets process.exitCode; the test runner's own exit status must not inherit it.
  process.exitCode = savedExitCode;
  await gh.close();
});

describe('action in a recorded pull_request environment', () => {
  it('writes the summary, the outputs, the sticky comment, and fails the step on regression', async () => {
    const stub = stubExecuteRun(sampleReport(), 1);

    const result = await runAction(createActionsEnv(), { runMemgate: stub.runMemgate, io: testIo() });

    // The run was asked for what the inputs say, minus the baseline update a PR may not do.
    expect(stub.calls).toEqual([
      {
        config: 'memgate.yml',
        scenario: [],
        out: 'memgate-out',
        format: ['md', 'json', 'junit', 'html'],
        updateBaseline: false,
        strict: false,
        baseline: '.memgate/baseline.json',
      },
    ]);
    const reportPath = join(stub.outDir, 'memgate-report.md');
    const report = readFileSync(reportPath, 'utf8');
    expect(report.startsWith(MD_MARKER)).toBe(true);

    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toBe(
      `> **Warning:** ${PR_BASELINE_NOTE}\n\n${report}${report.endsWith('\n') ? '' : '\n'}`,
    );
    expect(summary).toContain('memgate: FAIL');

    const outputsText = readFileSync(join(dir, 'output.txt'), 'utf8');
    expect(outputsText).toMatch(/^verdict<<ghadelimiter_[0-9a-f-]{36}\nfail\nghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseOutputFile(outputsText)).toEqual({
      verdict: 'fail',
      results: join(stub.outDir, 'memgate-results.json'),
      report: reportPath,
    });

    expect(result).toMatchObject({ verdict: 'fail', exitCode: 1, comment: { status: 'created' } });
    expect(result.failure).toBe('memory regression: giant-export (fail); see the job summary');
    expect(process.exitCode).toBe(1);

    // One list of the PR's comments (from the event payload: acme/api#42), then one create with the report.
    expect(gh.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /repos/acme/api/issues/42/comments?per_page=100',
      'POST /repos/acme/api/issues/42/comments',
    ]);
    expect(gh.calls[1]?.body).toEqual({ body: report });
    expect(gh.calls[1]?.authorization).toBe('token ghs_runner_token');
  });

  it('on a fork (403) says so in the summary and fails only for the regression itself', async () => {
    gh.mode = 'forbidden';
    vi.stubEnv('INPUT_UPDATE-BASELINE', 'false');
    const stub = stubExecuteRun(sampleReport(), 1);

    const result = await runAction(createActionsEnv(), { runMemgate: stub.runMemgate, io: testIo() });

    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary.startsWith(`> **Warning:** ${NO_PERMISSION_NOTE}\n\n${MD_MARKER}`)).toBe(true);
    expect(result.comment).toEqual({ status: 'no-permission', httpStatus: 403 });
    expect(result.failure).toMatch(/^memory regression/);
  });

  it('passes without touching the exit code, and updates the existing comment in place', async () => {
    gh.comments.push({ id: 78, issue: 42, body: `${MD_MARKER}\n## old report` });
    const report = sampleReport();
    const passing = {
      ...report,
      results: {
        ...report.results,
        scenarios: report.results.scenarios.slice(0, 1),
        verdict: 'pass' as const,
      },
    };
    const stub = stubExecuteRun(passing, 0);

    const result = await runAction(createActionsEnv(), { runMemgate: stub.runMemgate, io: testIo() });

    expect(result).toEqual({ verdict: 'pass', exitCode: 0, comment: { status: 'updated', commentId: 78 } });
    expect(process.exitCode).toBe(savedExitCode);
    expect(gh.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)).toEqual([
      'PATCH /repos/acme/api/issues/comments/78',
    ]);
    expect(parseOutputFile(readFileSync(join(dir, 'output.txt'), 'utf8')).verdict).toBe('pass');
  });
});
