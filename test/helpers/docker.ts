/**
 * Gate for tests that need a Docker engine: they run when one answers, skip with a visible reason when
 * not, and fail instead of skipping under MEMGATE_REQUIRE_DOCKER=1 (CI).
 */
import { execFileSync } from 'node:child_process';

export const UGLY_IMAGE = 'memgate/ugly-service:local';
export const NODE_IMAGE = 'memgate/node-base:local';

function probe(): string | undefined {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
  } catch {
    return 'no Docker engine answers (run scripts/setup-docker.sh)';
  }
  for (const image of [UGLY_IMAGE, NODE_IMAGE]) {
    try {
      execFileSync('docker', ['image', 'inspect', image], { stdio: 'pipe', timeout: 10_000 });
    } catch {
      return `image ${image} is missing (run scripts/build-ugly-image.sh)`;
    }
  }
  return undefined;
}

const reason = probe();
if (reason !== undefined && process.env['MEMGATE_REQUIRE_DOCKER'] === '1') {
  throw new Error(`MEMGATE_REQUIRE_DOCKER=1 but Docker tests cannot run: ${reason}`);
}
if (reason !== undefined) console.warn(`[skip] Docker tests skipped: ${reason}`);

/** True when Docker tests can run; use with `describe.runIf(hasDocker)`. */
export const hasDocker = reason === undefined;

/** Containers carrying memgate's label right now (of one session, or of one memgate process). */
export function memgateContainers(sessionId?: string, pid?: number): string[] {
  const filters = [
    '--filter',
    sessionId === undefined ? 'label=memgate.session' : `label=memgate.session=${sessionId}`,
  ];
  if (pid !== undefined) filters.push('--filter', `label=memgate.pid=${pid}`);
  const out = execFileSync('docker', ['ps', '-aq', ...filters], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.trim() !== '');
}
