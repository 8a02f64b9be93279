/** InsideTarget for a container, through the engine's own CLI (exec, kill, cp, inspect, port). */
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { ExecResult, InsideTarget } from './inside-target.js';

/** Bytes of a command's stderr kept for a warning. */
const STDERR_KEEP = 400;

export class ContainerInside implements InsideTarget {
  constructor(
    private readonly engine: string,
    private readonly id: string,
    private readonly host: string,
  ) {}

  async urlFor(port: number): Promise<string | undefined> {
    const r = await execa(this.engine, ['port', this.id, `${port}/tcp`], { reject: false, timeout: 30_000 });
    const m = /:(\d+)\s*$/m.exec(r.stdout);
    return m ? `http://${this.host}:${m[1]}` : undefined;
  }

  async exec(
    argv: string[],
    timeoutMs: number,
    stdoutFile?: string,
  ): Promise<ExecResult & { stdout: string }> {
    const r = await execa(this.engine, ['exec', this.id, ...argv], {
      reject: false,
      timeout: timeoutMs,
      stdin: 'ignore',
      ...(stdoutFile === undefined ? {} : { stdout: { file: stdoutFile } }),
    });
    return {
      exitCode: r.exitCode ?? null,
      timedOut: r.timedOut,
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: String(r.stderr ?? '').slice(-STDERR_KEEP),
    };
  }

  async signal(signal: string): Promise<void> {
    await execa(this.engine, ['kill', '--signal', signal, this.id], { timeout: 30_000 });
  }

  async collect(glob: string, destDir: string, timeoutMs: number): Promise<string[]> {
    const dir = posix.dirname(glob);
    const pattern = posix.basename(glob);
    const top = posix.basename(dir);
    await mkdir(destDir, { recursive: true });
    const staging = await mkdtemp(join(destDir, '.collect-'));
    try {
      // `cp ID:DIR -` streams a tar of DIR; tar keeps only the matching entries, straight to disk.
      await execa(this.engine, ['cp', `${this.id}:${dir}`, '-'], { timeout: timeoutMs, reject: false }).pipe(
        'tar',
        ['-x', '-C', staging, '--wildcards', '--no-wildcards-match-slash', `${top}/${pattern}`],
        {
          timeout: timeoutMs,
          reject: false,
        },
      );
      const from = join(staging, top);
      const names = await readdir(from).catch(() => [] as string[]);
      for (const n of names) await rename(join(from, n), join(destDir, n));
      return names;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async processInfo(): Promise<{ argv: string[]; env: Record<string, string> }> {
    const r = await execa(
      this.engine,
      ['inspect', '--format', '{{json .Path}}|{{json .Args}}|{{json .Config.Env}}', this.id],
      { timeout: 30_000 },
    );
    const [path, args, env] = r.stdout.split('|').map((x) => JSON.parse(x) as unknown);
    const envMap: Record<string, string> = {};
    for (const kv of (env as string[] | null) ?? []) {
      const i = kv.indexOf('=');
      if (i > 0) envMap[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return { argv: [String(path), ...((args as string[] | null) ?? [])], env: envMap };
  }
}
