/**
 * Runs memgate the way a user does, two ways: in-process through `run(io)` with a fake Io that records
 * what was printed (fast, no build needed), or as a child process of the built `dist/cli.js` (what a CI
 * job runs; `npm test` builds it first, build it yourself with `npm run build` otherwise).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  /** The memgate process: this one in-process, the child's otherwise (memgate labels containers with it). */
  pid: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working folder; a fresh temp folder when not given. */
  cwd?: string;
  /** Environment; the in-process runner starts from an empty one (no CI variables leak in). */
  env?: Record<string, string | undefined>;
  /** Whether stdout claims to be a terminal (in-process only). */
  tty?: boolean;
}

/** A temp folder for one test. */
export function tempDir(prefix = 'memgate-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `memgate ARGS` in this process. */
export async function runCliInProcess(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv: args,
    env: opts.env ?? {},
    cwd: opts.cwd ?? tempDir(),
    stdout: { write: (t: string) => (stdout += t), isTTY: opts.tty === true },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  });
  return { code, pid: process.pid, stdout, stderr };
}

export const CLI_JS = resolve(import.meta.dirname, '../../dist/cli.js');

/** `node dist/cli.js ARGS` as a child process with piped (non-TTY) output. */
export async function runCliProcess(
  args: string[],
  opts: CliOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  if (!existsSync(CLI_JS)) throw new Error(`${CLI_JS} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI_JS, ...args], {
    cwd: opts.cwd ?? tempDir(),
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const code = await new Promise<number>((res) =>
    child.on('close', (c, signal) => res(c ?? (signal === null ? -1 : 128))),
  );
  clearTimeout(timer);
  return { code, pid: child.pid ?? -1, stdout, stderr };
}

/**
 * Containers started by the memgate process `pid` that still exist. Other suites may run memgate
 * containers on the same engine at the same time, so tests check their own rather than all.
 */
export function containersOf(pid: number): string[] {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', `label=memgate.pid=${pid}`], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.trim() !== '');
}
