/**
 * The Action run by GitHub's own local action runner, `@github/local-action`, the way an action author
 * runs it before tagging: it imports the logic entry src/action/main.ts (TypeScript, no bundle), stubs
 * @actions/core and @actions/github, loads the inputs and the runner's variables from a dotenv file and
 * calls run(). Here with a recorded pull_request event, the local GitHub API stand-in and a real process
 * target (the tiny HTTP server, a five-second scenario).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MD_MARKER } from '../../../src/report/md.js';
import { freePort, isListening } from '../../helpers/free-port.js';
import { tempDir } from '../../helpers/run-cli.js';
import { tinyTargetConfig } from '../../helpers/tiny-target.js';
import { startFakeGithub, type FakeGithub } from './github-api-server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const LOCAL_ACTION = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');
const EVENT_PATH = join(ROOT, 'test', 'fixtures', 'github', 'pull_request.json');
/** Starting local-action (npm ls, tsx) takes seconds, more on a busy machine; the run itself about 6 s. */
const LOCAL_ACTION_TIMEOUT_MS = 90_000;

interface LocalActionRun {
  code: number;
  /** What the Action printed: local-action's "Running Action" section. */
  stepLog: string[];
  outputs: Record<string, string>;
  summary: string;
  all: string;
}

/** The runner's side of a step: inputs and GITHUB_* variables, as local-action reads them (dotenv). */
function dotenv(workspace: string, github: FakeGithub): string {
  const vars: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    INPUT_CONFIG: 'memgate.yml',
    INPUT_FORMAT: 'md,json',
    INPUT_COMMENT: 'true',
    'INPUT_GITHUB-TOKEN': 'ghs_test-token',
    'INPUT_UPDATE-BASELINE': 'false',
    INPUT_STRICT: 'false',
    GITHUB_STEP_SUMMARY: join(workspace, 'step-summary.md'),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: EVENT_PATH,
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_API_URL: github.url,
    GITHUB_WORKSPACE: workspace,
  };
  return Object.entries(vars)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join('\n');
}

/** local-action prints `::info::` before info lines; the real runner shows the bare message. */
function stepLines(section: string): string[] {
  return section
    .split('\n')
    .map((l) => l.replace(/^::info::/, '').trimEnd())
    .filter((l) => l !== '');
}

async function runLocalAction(workspace: string, github: FakeGithub): Promise<LocalActionRun> {
  const envFile = join(workspace, '.env');
  writeFileSync(envFile, dotenv(workspace, github));
  writeFileSync(join(workspace, 'step-summary.md'), '');
  // It runs `npm ls` and `npm exec tsx` in its working folder: the repository, where they are installed.
  const child = spawn(process.execPath, [LOCAL_ACTION, ROOT, 'src/action/main.ts', envFile], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      ...(process.env['npm_config_cache'] ? { npm_config_cache: process.env['npm_config_cache'] } : {}),
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  child.stdout.on('data', (d: Buffer) => (all += d.toString()));
  child.stderr.on('data', (d: Buffer) => (all += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? -1)));
  const section = /^\s*Running Action\n=+\n([\s\S]*?)\n=+\n\s*Action Outputs$/m.exec(all)?.[1] ?? '';
  const outputs: Record<string, string> = {};
  for (const m of all.matchAll(/^::set-output name=([\w-]+)::(.*)$/gm)) outputs[m[1] ?? ''] = m[2] ?? '';
  return {
    code,
    stepLog: stepLines(section),
    outputs,
    summary: readFileSync(join(workspace, 'step-summary.md'), 'utf8'),
    all,
  };
}

describe('the Action under @github/local-action', () => {
  let github: FakeGithub;
  let workspace: string;
  beforeEach(async () => {
    github = await startFakeGithub();
    workspace = tempDir('memgate-local-action-');
  });
  afterEach(async () => {
    await github.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test(
    'a pull request gated on a process target: verdict line last, outputs, job summary, sticky comment',
    async () => {
      const port = await freePort();
      // local-action runs the TypeScript through tsx in memgate's own process: its RSS peaked at 186 MiB
      // here (106 MiB for the bundled Action), too near the 200 MiB self budget that makes a run invalid.
      writeFileSync(join(workspace, 'memgate.yml'), `${tinyTargetConfig(port)}self_budget: 400MiB\n`);

      const r = await runLocalAction(workspace, github);

      expect(r.code, r.all).toBe(0);
      // No baseline in the workspace: no regression can be claimed, and none is (absolute checks only).
      const verdict = r.outputs['verdict'] ?? '';
      expect(['pass', 'inconclusive'], r.all).toContain(verdict);
      const VERDICT = verdict.toUpperCase();
      expect(r.stepLog.at(-1), r.all).toMatch(new RegExp(`^memgate: ${VERDICT} \\(exit 0`));
      expect(r.all).not.toMatch(/^::error::/m);

      expect(r.outputs['results']).toBe(join(workspace, 'memgate-out', 'memgate-results.json'));
      expect(r.outputs['report']).toBe(join(workspace, 'memgate-out', 'memgate-report.md'));
      const results = JSON.parse(readFileSync(r.outputs['results'] ?? '', 'utf8')) as { verdict: string };
      expect(results.verdict).toBe(verdict);

      expect(r.summary).toContain(`memgate: ${VERDICT}`);
      expect(r.summary).toMatch(/^\| tiny \|.*\|$/m); // the scenario's row of the verdict table

      const listed = github.calls.filter((c) => c.method === 'GET' && c.path.includes('/issues/42/comments'));
      const posts = github.calls.filter(
        (c) => c.method === 'POST' && c.path === '/repos/acme/api/issues/42/comments',
      );
      expect(listed.length).toBeGreaterThanOrEqual(1);
      expect(posts).toHaveLength(1);
      const body = (posts[0]?.body as { body: string }).body;
      expect(body.startsWith(MD_MARKER)).toBe(true);
      expect(body).toContain(`memgate: ${VERDICT}`);
      expect(posts[0]?.authorization).toBe('token ghs_test-token');
      expect(r.stepLog).toContain('memgate: pull request comment created');

      // The target was stopped: nothing answers on its port any more.
      expect(await isListening(port)).toBe(false);
    },
    LOCAL_ACTION_TIMEOUT_MS,
  );
});
