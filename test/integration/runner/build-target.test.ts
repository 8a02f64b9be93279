/**
 * Issue #3, a `build:` target end to end: a Dockerfile in a temp folder (FROM the local node-base, so
 * no registry), loaded with loadConfig so relative paths resolve against the config file's folder, and
 * every container option checked on the running container with `docker inspect`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { newSessionId } from '../../../src/runner/drivers/session.js';
import { runPlanOnce } from '../../helpers/docker-run.js';
import { hasDocker, memgateContainers, NODE_IMAGE } from '../../helpers/docker.js';
import { MiB } from './programs.js';

const APP = `
const { readFileSync } = require('node:fs');
const { createServer } = require('node:http');
process.on('SIGTERM', () => process.exit(0));
const file = readFileSync('hello.txt', 'utf8').trim();
createServer((req, res) => res.end('ok')).listen(8080, () =>
  console.log('listening cwd=' + process.cwd() + ' greeting=' + process.env.GREETING + ' file=' + file + ' argv=' + process.argv.slice(2).join(',')),
);
`;

const CONFIG = `
version: 1
target:
  build: { context: ., dockerfile: Dockerfile.memgate }
  command: [node, /app.js, from-command]
  env: { GREETING: bonjour }
  workdir: /data
  volumes: ["./data:/data:ro"]
  cpus: 0.5
  memory: 96MiB
  port: 8080
  ready: { log: listening, timeout: 30s }
sampling: { interval: 100ms, stats_interval: 500ms }
scenarios:
  - name: built
    phases:
      - idle: 3s
`;

const buildImages = (): string[] =>
  execFileSync('docker', ['images', '-q', '--filter', 'reference=memgate-build'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '');

interface Inspected {
  HostConfig: { Memory: number; MemorySwap: number; NanoCpus: number };
  Config: { Env: string[]; WorkingDir: string; Cmd: string[] };
  Mounts: { Source: string; Destination: string; RW: boolean }[];
}

/** Polls for the session's container and inspects it while the run is in progress. */
async function inspectWhileRunning(sessionId: string): Promise<Inspected> {
  for (let i = 0; i < 300; i++) {
    const [id] = memgateContainers(sessionId);
    if (id) {
      const out = execFileSync('docker', ['inspect', id], { encoding: 'utf8' });
      return (JSON.parse(out) as Inspected[])[0] as Inspected;
    }
    await sleep(100);
  }
  throw new Error('the container never appeared');
}

describe.runIf(hasDocker)('build: target with every container option', () => {
  const before = hasDocker ? new Set(buildImages()) : new Set<string>();
  afterAll(() => {
    const fresh = buildImages().filter((id) => !before.has(id));
    if (fresh.length > 0) execFileSync('docker', ['rmi', '--force', ...fresh], { stdio: 'pipe' });
  });

  test('builds, runs and applies command, env, workdir, volumes, cpus and memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memgate-build-'));
    writeFileSync(
      join(dir, 'Dockerfile.memgate'),
      `FROM ${NODE_IMAGE}\nCOPY app.js /app.js\nCMD ["node", "/app.js", "from-image"]\n`,
    );
    writeFileSync(join(dir, 'app.js'), APP);
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'hello.txt'), 'mounted-from-host\n');
    writeFileSync(join(dir, 'memgate.yml'), CONFIG);
    const plan = await loadConfig(join(dir, 'memgate.yml'));
    const sessionId = newSessionId();
    const [record, inspected] = await Promise.all([
      runPlanOnce(plan, { sessionId }),
      inspectWhileRunning(sessionId),
    ]);

    expect(inspected.HostConfig.Memory).toBe(96 * MiB);
    expect(inspected.HostConfig.MemorySwap).toBe(96 * MiB);
    expect(inspected.HostConfig.NanoCpus).toBe(0.5e9);
    expect(inspected.Config.Env).toContain('GREETING=bonjour');
    expect(inspected.Config.WorkingDir).toBe('/data');
    expect(inspected.Config.Cmd).toEqual(['node', '/app.js', 'from-command']);
    expect(inspected.Mounts).toContainEqual(
      expect.objectContaining({ Source: join(dir, 'data'), Destination: '/data', RW: false }),
    );

    expect(record.valid).toBe(true);
    expect(record.logTail.join('\n')).toContain(
      'listening cwd=/data greeting=bonjour file=mounted-from-host argv=from-command',
    );
    expect(record.target.memoryLimitBytes).toBe(96 * MiB);
    for (const s of record.stats) expect(s.limitBytes).toBe(96 * MiB);
    expect(memgateContainers(sessionId)).toEqual([]);
  });
});
