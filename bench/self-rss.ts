/**
 * memgate's own memory in its two shells, on the same tiny gate (the tiny HTTP server as a process
 * target, one five-second scenario): `memgate run` (dist/cli.js) and the Action on a pull_request event
 * with the sticky comment on, against the local GitHub API stand-in. The Action is a fresh bundle of the
 * sources (ACTION_BUILD_OPTIONS), and the committed dist/action.js too, which shows before/after until
 * it is rebuilt. Per run: the process's peak RSS over its whole life (getrusage maxRSS, read at exit by
 * a preload that adds no timer), and the peak memgate recorded for itself while measuring
 * (self.peakRssBytes in the results). Needs `npm run build` (dist/cli.js).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../test/helpers/free-port.js';
import { tinyTargetConfig } from '../test/helpers/tiny-target.js';
import { startFakeGithub, type FakeGithub } from '../test/integration/action/github-api-server.js';
import type { BenchResult } from './types.js';

const ROOT = resolve('.');
const MiB = 1024 * 1024;
const REPEAT = 3;
const SERVER = join(ROOT, 'test', 'fixtures', 'servers', 'tiny-http.mjs');
const EVENT = join(ROOT, 'test', 'fixtures', 'github', 'pull_request.json');

interface Shell {
  name: string;
  entry: string;
  args: string[];
  env: (workspace: string, github: FakeGithub) => Record<string, string>;
}

const PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.MEMGATE_BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS)));
`;

function actionEnv(workspace: string, github: FakeGithub): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    INPUT_CONFIG: 'memgate.yml',
    INPUT_FORMAT: 'md,json',
    INPUT_COMMENT: 'true',
    'INPUT_GITHUB-TOKEN': 'ghs_bench',
    'INPUT_UPDATE-BASELINE': 'false',
    INPUT_STRICT: 'false',
    GITHUB_STEP_SUMMARY: join(workspace, 'summary.md'),
    GITHUB_OUTPUT: join(workspace, 'output.txt'),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: EVENT,
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_API_URL: github.url,
    GITHUB_WORKSPACE: workspace,
  };
}

/** A fresh Action bundle, beside a package.json that makes it ESM (else Node parses it twice). */
async function freshActionBundle(): Promise<string> {
  const checkDist = (await import(pathToFileURL(join(ROOT, 'scripts', 'check-dist.mjs')).href)) as {
    buildFreshBundle(root: string): Promise<string>;
  };
  const bundle = await checkDist.buildFreshBundle(ROOT);
  writeFileSync(join(dirname(bundle), 'package.json'), '{ "type": "module" }\n');
  return bundle;
}

async function runOnce(
  shell: Shell,
  preload: string,
  github: FakeGithub,
): Promise<Record<string, string | number>> {
  const workspace = mkdtempSync(join(tmpdir(), 'memgate-bench-rss-'));
  try {
    writeFileSync(join(workspace, 'memgate.yml'), tinyTargetConfig(await freePort(), SERVER));
    writeFileSync(join(workspace, 'summary.md'), '');
    writeFileSync(join(workspace, 'output.txt'), '');
    const rssFile = join(workspace, 'maxrss');
    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(preload).href, shell.entry, ...shell.args],
      {
        cwd: workspace,
        env: {
          PATH: process.env['PATH'],
          HOME: process.env['HOME'],
          MEMGATE_BENCH_MAXRSS_FILE: rssFile,
          ...shell.env(workspace, github),
        },
        stdio: 'ignore',
      },
    );
    const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? -1)));
    const results = JSON.parse(
      readFileSync(join(workspace, 'memgate-out', 'memgate-results.json'), 'utf8'),
    ) as {
      verdict: string;
      scenarios: { runs: { self?: { peakRssBytes: number } }[] }[];
    };
    const selfPeak = Math.max(
      ...results.scenarios.flatMap((s) => s.runs.map((r) => r.self?.peakRssBytes ?? 0)),
    );
    return {
      shell: shell.name,
      exitCode: code,
      verdict: results.verdict,
      maxRssMiB: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024),
      duringRunPeakMiB: Math.round(selfPeak / MiB),
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function run(): Promise<BenchResult> {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const committed = join(ROOT, 'dist', 'action.js');
  const fresh = await freshActionBundle();
  const shells: Shell[] = [
    { name: 'cli', entry: cli, args: ['run', '--format', 'json,md'], env: () => ({}) },
    { name: 'action (fresh bundle)', entry: fresh, args: [], env: actionEnv },
    ...(existsSync(committed)
      ? [{ name: 'action (committed dist/action.js)', entry: committed, args: [], env: actionEnv }]
      : []),
  ];
  const preloadDir = mkdtempSync(join(tmpdir(), 'memgate-bench-preload-'));
  const preload = join(preloadDir, 'maxrss.mjs');
  writeFileSync(preload, PRELOAD);
  const github = await startFakeGithub();
  const rows: Record<string, string | number>[] = [];
  try {
    // Interleaved, so a busy machine weighs on every shell alike.
    for (let i = 0; i < REPEAT; i++)
      for (const shell of shells) rows.push(await runOnce(shell, preload, github));
  } finally {
    await github.close();
    rmSync(preloadDir, { recursive: true, force: true });
    rmSync(dirname(fresh), { recursive: true, force: true });
  }
  const notes = shells.map((s) => {
    const mine = rows.filter((r) => r.shell === s.name);
    return `${s.name}: median peak RSS ${median(mine.map((r) => Number(r.maxRssMiB)))} MiB over the process's life, ${median(mine.map((r) => Number(r.duringRunPeakMiB)))} MiB while measuring`;
  });
  return { name: 'self-rss', rows, notes };
}
