/**
 * The Compose client: `docker compose` (the v2 plugin) when it answers, else the standalone
 * `docker-compose` (v1, e.g. Debian's package). Both take the same `-p -f up/ps/down` arguments.
 */
import { execa } from 'execa';
import { MemgateError } from '../../errors.js';

export interface ComposeCli {
  /** argv prefix, e.g. ['docker', 'compose'] or ['docker-compose']. */
  readonly argv: readonly string[];
  readonly version: string;
  /** Runs one compose command; rejects with a composeFailed error naming the command line. */
  run(args: string[], timeoutMs?: number): Promise<string>;
}

async function tryVersion(argv: string[]): Promise<string | undefined> {
  const [file = '', ...rest] = argv;
  const r = await execa(file, [...rest, 'version', '--short'], {
    reject: false,
    stdin: 'ignore',
    timeout: 20_000,
  });
  return r.exitCode === 0 && r.stdout.trim() !== '' ? r.stdout.trim().split('\n')[0] : undefined;
}

/** Finds the Compose client; `engine` is the container CLI (`docker` or `podman`). */
export async function detectCompose(engine: string): Promise<ComposeCli> {
  const candidates = [[engine, 'compose'], [`${engine}-compose`]];
  const tried: string[] = [];
  for (const argv of candidates) {
    const version = await tryVersion(argv);
    if (version !== undefined) return composeCli(argv, version);
    tried.push(`${argv.join(' ')} version failed`);
  }
  throw new MemgateError('composeMissing', { engine, reason: tried.join('; ') });
}

export function composeCli(argv: string[], version: string): ComposeCli {
  const [file = '', ...prefix] = argv;
  return {
    argv,
    version,
    async run(args, timeoutMs = 300_000) {
      const r = await execa(file, [...prefix, ...args], {
        reject: false,
        stdin: 'ignore',
        timeout: timeoutMs,
      });
      if (r.exitCode === 0) return r.stdout;
      const reason = (r.stderr || r.stdout || r.shortMessage || 'no output')
        .trim()
        .split('\n')
        .slice(-8)
        .join('\n');
      throw new MemgateError('composeFailed', { command: [...argv, ...args].join(' '), reason });
    },
  };
}
