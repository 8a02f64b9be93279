/**
 * A throw inside a library's timer, where no caller can catch it, used to end memgate with Node's exit
 * code 1 ("memory regression") and leave a local target running. It is an internal error: exit 3, the
 * error on screen, the target and its cgroup gone.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { processAlive } from '../../helpers/process-alive.js';

const SERVICE = resolve('examples/ugly-service/server.js');
/** Where the process driver puts its cgroups on a cgroup v1 host run as root (the CI machine). */
const V1_CGROUPS = '/sys/fs/cgroup/memory/memgate';

const freePort = (): Promise<number> =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

test('an uncaught throw mid-load is exit 3 with the error, and the target and its cgroup are gone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-crash-'));
  const port = await freePort();
  const pidFile = join(dir, 'target.pid');
  // Loaded into memgate only (the target's env clears NODE_OPTIONS): a throw from a timer, 6 s in.
  writeFileSync(join(dir, 'crash.mjs'), "setTimeout(() => { throw new Error('injected crash'); }, 6000);\n");
  writeFileSync(
    join(dir, 'memgate.yml'),
    `version: 1
target:
  process: [sh, -c, "echo $$ > ${pidFile} && exec node --expose-gc ${SERVICE}"]
  port: ${port}
  memory: 128MiB
  env: { PORT: "${port}", NODE_OPTIONS: "" }
  ready: { http: /healthz, timeout: 20s }
repeat: 1
scenarios:
  - name: items
    phases:
      - idle: 1s
      - load: { duration: 40s, http: { path: /items, connections: 2, rate: 50 } }
`,
  );
  const cgroupsBefore = existsSync(V1_CGROUPS) ? readdirSync(V1_CGROUPS) : [];
  const t0 = Date.now();
  const child = spawn(
    process.execPath,
    [resolve('dist/cli.js'), 'run', '-c', 'memgate.yml', '--out', 'out'],
    {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: `--import ${join(dir, 'crash.mjs')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const wallMs = Date.now() - t0;

  expect(code, stderr).toBe(3);
  expect(stderr).toMatch(/memgate: internal error: Error: injected crash/);
  expect(stderr).toMatch(/memgate stopped after an internal error \(injected crash\); targets stopped/);
  expect(stderr).toMatch(/hint: This is a bug in memgate: please report it/);
  expect(wallMs).toBeLessThan(35_000); // the 40 s load was cut, not waited out
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  expect(pid).toBeGreaterThan(0);
  expect(processAlive(pid)).toBe(false);
  if (existsSync(V1_CGROUPS)) expect(readdirSync(V1_CGROUPS)).toEqual(cgroupsBefore);
}, 60_000);
