/**
 * `memgate demo`: gates the bundled reference service. With a Docker engine it builds the reference
 * image (without a registry) and runs it in a container; without one it runs the same service as a
 * local process. The first demo records a baseline in the output folder; later demos compare with it.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../io.js';
import { runMemgate } from '../run-memgate.js';
import { printOutcomeError } from './run.js';

/** The package root: the nearest folder above this file holding examples/ugly-service. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'examples', 'ugly-service')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** undefined when a Docker engine answers, else why not (an engine that hangs is given up on after 15 s). */
async function dockerProblem(): Promise<string | undefined> {
  const r = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], {
    reject: false,
    timeout: 15_000,
  });
  if (r.exitCode === 0) return undefined;
  if (r.timedOut) return 'no answer within 15 s';
  const first = String(r.stderr ?? '')
    .split('\n')
    .find((l) => l.trim() !== '');
  return (first ?? r.shortMessage ?? 'docker info failed').trim();
}

export async function demoCommand(opts: { out: string }, io: Io): Promise<number> {
  const root = packageRoot();
  const out = resolve(io.cwd, opts.out);
  let config = join(root, 'examples', 'ugly-service', 'memgate.yml');
  const problem = await dockerProblem();
  if (problem === undefined) {
    io.stdout.write('memgate demo: building the reference image (scripts/build-ugly-image.sh)\n');
    const build = await execa(join(root, 'scripts', 'build-ugly-image.sh'), [], { reject: false, all: true });
    if (build.exitCode !== 0) {
      io.stderr.write(
        `${build.all ?? ''}\nmemgate demo: image build failed; using a local process instead\n`,
      );
      config = join(root, 'examples', 'ugly-service', 'memgate.process.yml');
    }
  } else {
    io.stdout.write(
      `memgate demo: no Docker engine answers (${problem}); gating the service as a local process\n`,
    );
    config = join(root, 'examples', 'ugly-service', 'memgate.process.yml');
  }
  // One baseline per mode: a container run and a process run are never comparable (fingerprints differ),
  // so a demo that falls back to a process must not compare with the container's baseline, nor replace it.
  const processMode = config.endsWith('memgate.process.yml');
  const baseline = join(out, processMode ? 'baseline.process.json' : 'baseline.json');
  const first = !existsSync(baseline);
  io.stdout.write(
    `memgate demo: ${relative(io.cwd, config)}, 2 runs per scenario; ${first ? 'recording a baseline' : `comparing with ${relative(io.cwd, baseline)}`}\n`,
  );
  const outcome = await runMemgate(
    { config, scenario: [], repeat: 2, out, baseline, updateBaseline: first },
    { ...io, env: { ...io.env, GITHUB_EVENT_NAME: undefined } },
  );
  printOutcomeError(outcome, io);
  if (first && outcome.exitCode < 2)
    io.stdout.write('run `npm run demo` again to compare with the baseline just recorded\n');
  return outcome.exitCode;
}
