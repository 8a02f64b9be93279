/**
 * Issue #3, the container lifecycle on the real engine: OOM kills are reported with evidence, a stop
 * that ends in SIGKILL is not an OOM, readiness strategies work and fail with useful errors, and a
 * missing image is named without leaving a container behind.
 */
import { describe, expect, test } from 'vitest';
import { MemgateError } from '../../../src/errors.js';
import { newSessionId } from '../../../src/runner/drivers/session.js';
import { runYamlOnce } from '../../helpers/docker-run.js';
import { hasDocker, memgateContainers, NODE_IMAGE } from '../../helpers/docker.js';
import { mib, programTarget } from './programs.js';

const idle = (seconds: number, sampling = '{ interval: 100ms, stats_interval: 500ms }') => `
sampling: ${sampling}
scenarios:
  - name: lifecycle
    phases:
      - idle: ${seconds}s
`;

async function failure(run: Promise<unknown>): Promise<MemgateError> {
  const e: unknown = await run.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof MemgateError)) throw new Error(`expected a MemgateError, got ${String(e)}`);
  return e;
}

describe.runIf(hasDocker)('OOM kill versus a stop that needed SIGKILL', () => {
  test('allocating past a 64 MiB limit is OOM_KILLED_MAIN with evidence', async () => {
    const record = await runYamlOnce(`
version: 1
${programTarget('oom.mjs', `memory: 64MiB\nenv: { DELAY_MS: "1000", CHUNK_MIB: "24" }\nready: { log: ready, timeout: 20s }`)}
${idle(15)}`);
    const { oom } = record;
    console.log(
      `[figures] oom: ${oom.classification}, kills ${oom.oomKills}, exit ${oom.exitCode}, flag ${oom.oomKilledFlag}, log ${record.logTail.join(' | ')}, ` +
        `limit ${oom.limitBytes == null ? oom.limitBytes : mib(oom.limitBytes)}; ${oom.reasons.join('; ')}`,
    );
    expect(oom.classification, JSON.stringify({ ...oom, memoryStat: undefined })).toBe('OOM_KILLED_MAIN');
    expect(oom.oomKills).toBeGreaterThanOrEqual(1);
    expect(oom.exitCode).toBe(137);
    expect(oom.limitBytes).toBe(64 * 2 ** 20);
    expect(oom.reasons.length).toBeGreaterThan(0);
    expect(record.events.some((e) => e.kind === 'oom')).toBe(true);
    // The run ended when the target died, not after the 15 s phase.
    expect(record.phases[0]?.endMs ?? Infinity).toBeLessThan(12_000);
  });

  test('a program ignoring SIGTERM, killed after the grace period (137), is STOPPED_BY_MEMGATE', async () => {
    const record = await runYamlOnce(
      `
version: 1
${programTarget('ignore-term.mjs', `memory: 128MiB\nready: { log: ready, timeout: 20s }`)}
${idle(1)}`,
      { stopGraceSeconds: 1 },
    );
    expect(record.oom.exitCode).toBe(137);
    expect(record.oom.oomKills).toBe(0);
    expect(record.oom.classification).toBe('STOPPED_BY_MEMGATE');
    expect(record.logTail.join('\n')).toContain('SIGTERM received and ignored');
  });
});

describe.runIf(hasDocker)('readiness on real containers', () => {
  test('ready: { log: listening } waits for the line, then the target answers', async () => {
    const record = await runYamlOnce(`
version: 1
${programTarget('hold.mjs', `port: 8080\nenv: { PORT: "8080" }\nready: { log: listening, timeout: 20s }`)}
${idle(1)}`);
    expect(record.valid).toBe(true);
    expect(record.logTail[0]).toContain('listening on 8080');
    expect(record.events[0]?.kind).toBe('ready');
  });

  test('ready: { tcp: true } on a plain TCP server', async () => {
    const record = await runYamlOnce(`
version: 1
${programTarget('tcp.mjs', `port: 9000\nenv: { PORT: "9000" }\nready: { tcp: true, timeout: 20s }`)}
${idle(1)}`);
    expect(record.valid).toBe(true);
    expect(record.logTail.join('\n')).toContain('tcp up on 9000');
  });

  test('an HTTP readiness that never answers fails with notReady, what was awaited and the log', async () => {
    const sessionId = newSessionId();
    const started = Date.now();
    const e = await failure(
      runYamlOnce(
        `
version: 1
${programTarget('never-ready.mjs', `port: 8080\nready: { http: /healthz, timeout: 3s }`)}
${idle(1)}`,
        { sessionId },
      ),
    );
    expect(e.code).toBe('notReady');
    expect(e.message).toContain('waited 3s for');
    expect(e.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/healthz to answer 200/);
    expect(e.message).toMatch(/last: (ECONNRESET|ECONNREFUSED|socket hang up)/);
    expect(e.details.join('\n')).toContain('zebra-4711');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(memgateContainers(sessionId)).toEqual([]);
  });

  test('a target that exits with code 3 fails with diedBeforeSample at once, not after the timeout', async () => {
    const started = Date.now();
    const e = await failure(
      runYamlOnce(`
version: 1
target:
  image: ${NODE_IMAGE}
  command: [node, -e, "console.log('giving up with 3'); process.exit(3)"]
  port: 8080
  ready: { http: /healthz, timeout: 30s }
${idle(1)}`),
    );
    const tookMs = Date.now() - started;
    console.log(`[figures] exit 3 reported after ${tookMs} ms (readiness timeout 30 s)`);
    expect(e.code).toBe('diedBeforeSample');
    expect(e.message).toContain('exit code 3');
    expect(e.details.join('\n')).toContain('giving up with 3');
    expect(tookMs).toBeLessThan(10_000);
  });
});

describe.runIf(hasDocker)('image that does not exist', () => {
  test('imageMissing names the image and no container is left', async () => {
    const sessionId = newSessionId();
    const e = await failure(
      runYamlOnce(
        `
version: 1
target: { image: "memgate/no-such-image:never" }
${idle(1)}`,
        { sessionId },
      ),
    );
    expect(e.code).toBe('imageMissing');
    expect(e.message).toContain('memgate/no-such-image:never');
    expect(memgateContainers(sessionId)).toEqual([]);
  });
});
