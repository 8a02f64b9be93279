/** Runs `memgate run` (runMemgate) on a memgate.yml text in a temp dir, with a fake Io, for these tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Io } from '../../../src/io.js';
import type { Results } from '../../../src/results.js';
import { runMemgate } from '../../../src/run-memgate.js';
import type { RunOutcome } from '../../../src/run-types.js';

export const REDIS_IMAGE = 'memgate/redis:local';
export const FIXTURES = resolve('test/fixtures/compose');

function imagePresent(image: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', image], { stdio: 'pipe', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** The redis sidecar image is built by scripts/build-redis-image.sh; CI must have it. */
export function hasRedisImage(): boolean {
  const present = imagePresent(REDIS_IMAGE);
  if (!present && process.env['MEMGATE_REQUIRE_DOCKER'] === '1')
    throw new Error(
      `MEMGATE_REQUIRE_DOCKER=1 but ${REDIS_IMAGE} is missing (run scripts/build-redis-image.sh)`,
    );
  if (!present)
    console.warn(`[skip] services tests skipped: ${REDIS_IMAGE} missing (scripts/build-redis-image.sh)`);
  return present;
}

export interface RunResult {
  outcome: RunOutcome;
  results: Results;
  stderr: string;
}

export async function runConfig(yaml: string): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-services-'));
  writeFileSync(join(dir, 'memgate.yml'), yaml);
  let stderr = '';
  const io: Io = {
    argv: [],
    env: {},
    cwd: dir,
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  };
  const outcome = await runMemgate({ config: 'memgate.yml', scenario: [], out: 'out', format: ['json'] }, io);
  if (outcome.error !== undefined && outcome.resultsFile === undefined) {
    // An error before any verdict (runMemgate returns it): thrown here with its message and hint.
    const lines = outcome.error.split('\n');
    const hint = lines.find((l) => l.startsWith('hint: '))?.slice('hint: '.length) ?? '';
    throw Object.assign(new Error(outcome.error), { exitCode: outcome.exitCode, hint });
  }
  const file = outcome.resultsFile ?? join(dir, 'out', 'memgate-results.json');
  return { outcome, results: JSON.parse(readFileSync(file, 'utf8')) as Results, stderr };
}

/** Containers and networks this test process (memgate.pid) left labelled, whatever their session. */
export function leftovers(): { containers: string[]; networks: string[] } {
  const filter = `label=memgate.pid=${process.pid}`;
  const lines = (args: string[]) =>
    execFileSync('docker', args, { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '');
  return {
    containers: lines(['ps', '-aq', '--filter', filter]),
    networks: lines(['network', 'ls', '-q', '--filter', filter]),
  };
}

/** Checked by a phase's command generator: two GET /items in a row must count up by one. */
export const CHECK_ITEMS = `
const base = process.env.BASE_URL;
(async () => {
  const a = await (await fetch(base + '/items')).json();
  const b = await (await fetch(base + '/items')).json();
  console.log('items', a.count, b.count);
  process.exit(b.count === a.count + 1 && a.count > 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
`;
