/**
 * The committed bundle dist/action.js, run the way the Actions runner runs it: a child process with
 * INPUT_* variables (dashes kept, as in `INPUT_GITHUB-TOKEN`), GITHUB_STEP_SUMMARY / GITHUB_OUTPUT files,
 * a recorded pull_request event and a local GitHub API server. Real containers of the reference image.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MD_MARKER } from '../../../src/report/md.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';
import { containersOf, tempDir } from '../../helpers/run-cli.js';
import { startFakeGithub, type FakeGithub } from './github-api-server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ACTION_JS = join(ROOT, 'dist', 'action.js');
const EVENT_PATH = join(ROOT, 'test', 'fixtures', 'github', 'pull_request.json');

const SAMPLING = 'sampling: { interval: 100ms, stats_interval: 250ms }';

/** One scenario long enough for a valid run (3+ steady blocks) and a recovery reading. */
const PASSING = `version: 1
target: { image: ${UGLY_IMAGE}, port: 8080, memory: 256MiB, ready: { http: /healthz, timeout: 30s } }
repeat: 1
${SAMPLING}
scenarios:
  - name: steady
    phases:
      - idle: 1s
      - load: { duration: 16s, http: { path: /items, connections: 1 } }
      - cooldown: 3s
`;

/** The service buffers a 200 MiB upload under a 128 MiB limit: the kernel OOM-kills it. */
const OOM = `version: 1
target:
  image: ${UGLY_IMAGE}
  port: 8080
  memory: 128MiB
  env: { UPLOAD_MODE: buffered }
  ready: { http: /healthz, timeout: 30s }
repeat: 1
${SAMPLING}
scenarios:
  - name: upload-200mb
    phases:
      - idle: 1s
      - load: { upload: { path: /upload, size: 200MiB, count: 1 } }
      - cooldown: 1s
`;

interface ActionRun {
  code: number;
  pid: number;
  log: string;
  summary: string;
  outputs: Record<string, string>;
}

/** GITHUB_OUTPUT holds `name<<DELIM\nvalue\nDELIM` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

/** Runs the bundle in `dir` (the workspace) with the config; the step summary and outputs start empty. */
async function runAction(dir: string, config: string, github: FakeGithub): Promise<ActionRun> {
  writeFileSync(join(dir, 'memgate.yml'), config);
  const summaryFile = join(dir, 'step-summary.md');
  const outputFile = join(dir, 'github-output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    ...(process.env['DOCKER_HOST'] ? { DOCKER_HOST: process.env['DOCKER_HOST'] } : {}),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    INPUT_CONFIG: 'memgate.yml',
    INPUT_FORMAT: 'md,json',
    INPUT_COMMENT: 'true',
    'INPUT_GITHUB-TOKEN': 'ghs_test-token',
    'INPUT_UPDATE-BASELINE': 'false',
    INPUT_STRICT: 'false',
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: EVENT_PATH,
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_API_URL: github.url,
    GITHUB_WORKSPACE: dir,
  };
  const child = spawn(process.execPath, [ACTION_JS], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? -1)));
  return {
    code,
    pid: child.pid ?? -1,
    log,
    summary: readFileSync(summaryFile, 'utf8'),
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
  };
}

describe.runIf(hasDocker)('dist/action.js in a pull_request runner environment', () => {
  let github: FakeGithub;
  beforeEach(async () => {
    github = await startFakeGithub();
  });
  afterEach(async () => {
    await github.close();
  });

  function commentPosts() {
    return github.calls.filter((c) => c.method === 'POST' && /\/issues\/42\/comments$/.test(c.path));
  }

  test('a passing target: exit 0, verdict table in the summary, outputs set, one sticky comment', async () => {
    const dir = tempDir('memgate-action-');
    const r = await runAction(dir, PASSING, github);
    expect(r.code, r.log).toBe(0);
    // No baseline yet is not a pass: inconclusive, exit 0 (the absolute gates, OOM and headroom, pass).
    expect(r.outputs['verdict']).toBe('inconclusive');
    expect(r.outputs['results']).toBe(join(dir, 'memgate-out', 'memgate-results.json'));
    expect(r.outputs['report']).toBe(join(dir, 'memgate-out', 'memgate-report.md'));
    expect(JSON.parse(readFileSync(r.outputs['results'] ?? '', 'utf8'))).toMatchObject({
      verdict: 'inconclusive',
    });
    expect(r.summary).toContain('memgate: INCONCLUSIVE');
    expect(r.summary).toMatch(/^\| steady \|.*\|$/m); // a row of the verdict table
    const posts = commentPosts();
    expect(posts).toHaveLength(1);
    expect((posts[0]?.body as { body: string }).body.startsWith(MD_MARKER)).toBe(true);
    expect(posts[0]?.authorization).toBe('token ghs_test-token');
    expect(containersOf(r.pid)).toEqual([]);
  });

  test('an OOM-killed target: exit 1, verdict fail, the failure in summary and comment', async () => {
    const r = await runAction(tempDir('memgate-action-'), OOM, github);
    expect(r.code, r.log).toBe(1);
    expect(r.outputs['verdict']).toBe('fail');
    expect(r.log).toMatch(/::error::memory regression: upload-200mb \(fail\)/);
    expect(r.summary).toContain('FAIL');
    expect(r.summary).toMatch(/^\|.*upload-200mb.*\|$/m);
    const posts = commentPosts();
    expect(posts).toHaveLength(1);
    expect((posts[0]?.body as { body: string }).body).toContain(MD_MARKER);
    expect(containersOf(r.pid)).toEqual([]);
  });
});
