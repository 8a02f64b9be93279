/**
 * InsideTarget for a local process target: commands run on the host with the target's environment and
 * working folder, signals go to its pid, files are copied from the host paths. Its heap ceiling is not
 * asked: a runtime started here, outside the target's cgroup, would size its heap differently.
 */
import { execa } from 'execa';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ProcessTarget } from '../../config/plan.js';
import type { ExecResult, InsideTarget } from './inside-target.js';

const STDERR_KEEP = 400;

/** `*` and `?` in one path segment, as a shell matches them. */
function segmentPattern(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

export class ProcessInside implements InsideTarget {
  constructor(
    private readonly pid: number,
    private readonly target: ProcessTarget,
  ) {}

  urlFor(port: number): Promise<string | undefined> {
    return Promise.resolve(`http://127.0.0.1:${port}`);
  }

  async exec(
    argv: string[],
    timeoutMs: number,
    stdoutFile?: string,
  ): Promise<ExecResult & { stdout: string }> {
    const [cmd = '', ...args] = argv;
    const r = await execa(cmd, args, {
      reject: false,
      timeout: timeoutMs,
      stdin: 'ignore',
      cwd: this.target.cwd,
      env: this.target.env,
      ...(stdoutFile === undefined ? {} : { stdout: { file: stdoutFile } }),
    });
    return {
      exitCode: r.exitCode ?? null,
      timedOut: r.timedOut,
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: String(r.stderr ?? '').slice(-STDERR_KEEP),
    };
  }

  signal(signal: string): Promise<void> {
    process.kill(this.pid, signal as NodeJS.Signals);
    return Promise.resolve();
  }

  async collect(glob: string, destDir: string): Promise<string[]> {
    const abs = resolve(this.target.cwd, glob);
    const re = segmentPattern(basename(abs));
    const names = (await readdir(dirname(abs)).catch(() => [] as string[])).filter((n) => re.test(n));
    await mkdir(destDir, { recursive: true });
    for (const n of names) await copyFile(join(dirname(abs), n), join(destDir, n));
    return names;
  }

  processInfo(): Promise<{ argv: string[]; env: Record<string, string> }> {
    return Promise.reject(new Error('a process target is not asked its heap ceiling'));
  }
}
