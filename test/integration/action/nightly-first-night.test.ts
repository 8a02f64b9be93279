/**
 * The nightly workflow's first night (docs/workflows/nightly-soak.yml): the baseline cache is cold, so
 * there is no `.memgate/` at all, and the Action runs with `update-baseline: true` on a schedule event.
 * The Action logic runs for real (production ActionsEnv, runMemgate, a process target): the night
 * must save a baseline and pass the step, not fail every night on a missing folder; the next night
 * compares with it.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createActionsEnv } from '../../../src/action/actions-env.js';
import { runAction } from '../../../src/action/main-logic.js';
import { readBaseline } from '../../../src/compare/baseline-store.js';
import type { Io } from '../../../src/io.js';
import { runMemgate } from '../../../src/run-memgate.js';

const SERVER = resolve(import.meta.dirname, '../../../examples/ugly-service/server.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

let dir: string;
let savedExitCode: typeof process.exitCode;

beforeEach(async () => {
  savedExitCode = process.exitCode;
  dir = mkdtempSync(join(tmpdir(), 'memgate-nightly-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'memgate.yml'),
    `version: 1
target: { process: [node, ${SERVER}], port: ${port}, env: { PORT: '${port}' }, memory: 256MiB, ready: { http: /healthz, timeout: 20s } }
repeat: 1
sampling: { interval: 100ms, stats_interval: 250ms }
scenarios:
  - name: nightly
    phases: [ { idle: 1s }, { load: { duration: 3s, http: { path: /items, connections: 2 } } }, { cooldown: 1s } ]
`,
  );
  writeFileSync(join(dir, 'event.json'), '{"schedule":"0 3 * * *"}');
  writeFileSync(join(dir, 'summary.md'), '');
  writeFileSync(join(dir, 'output.txt'), '');
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    // The workflow's `with:` (action.yml defaults filled in).
    INPUT_CONFIG: 'memgate.yml',
    INPUT_BASELINE: '.memgate/baseline.json',
    'INPUT_UPDATE-BASELINE': 'true',
    INPUT_AGAINST: '',
    INPUT_COMMENT: 'false',
    'INPUT_GITHUB-TOKEN': '',
    INPUT_FORMAT: 'md,json',
    INPUT_STRICT: 'false',
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
});

afterEach(() => {
  // core.setFailed sets process.exitCode; the test runner's own exit status must not inherit it.
  process.exitCode = savedExitCode;
});

function io(): Io {
  const sink = { write: () => true };
  return {
    argv: [],
    env: { GITHUB_EVENT_NAME: 'schedule' },
    cwd: dir,
    stdout: sink,
    stderr: sink,
    signal: new AbortController().signal,
  };
}

test('first night on a cold cache: the baseline is saved, the step passes; the next night compares', async () => {
  const baselineFile = join(dir, '.memgate', 'baseline.json');
  expect(existsSync(join(dir, '.memgate'))).toBe(false);

  const first = await runAction(createActionsEnv(), { runMemgate: runMemgate, io: io() });
  expect(first).toEqual({ verdict: 'inconclusive', exitCode: 0 });
  expect(process.exitCode ?? 0).toBe(0); // the step did not fail: the workflow's save step runs
  expect((await readBaseline(baselineFile))?.scenarios['nightly']?.summaries).toHaveLength(1);
  expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('memgate: INCONCLUSIVE');

  const second = await runAction(createActionsEnv(), { runMemgate: runMemgate, io: io() });
  expect(second.exitCode).toBe(0);
  expect(second.verdict).not.toBe('error');
  const results = readFileSync(join(dir, 'memgate-out', 'memgate-results.json'), 'utf8');
  expect(results).not.toContain('no baseline: recorded');
  expect((await readBaseline(baselineFile))?.scenarios['nightly']?.summaries).toHaveLength(2);
}, 120_000);
