/**
 * Never a silent pass: each case of issue 10's table through the built CLI as a subprocess, for a
 * process target and for a container. Each asserts the exit code and the message a user sees.
 * Phases are a few seconds long.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasDocker, NODE_IMAGE, UGLY_IMAGE } from '../../helpers/docker.js';
import { CLI_JS, containersOf, runCliProcess, tempDir, type CliResult } from '../../helpers/run-cli.js';

const SERVER = resolve(import.meta.dirname, '../../../examples/ugly-service/server.js');
const SAMPLING = 'sampling: { interval: 100ms, stats_interval: 250ms }';

/** A port nobody listens on right now, for a process target. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

type Driver = 'process' | 'docker';

interface Targets {
  /** The reference service, ready on /healthz. */
  ugly(): Promise<string>;
  /** `node -e SCRIPT` listening (or not) on the port in $PORT, with a readiness check. */
  node(script: string, ready: string): Promise<string>;
}

const TARGETS: Record<Driver, Targets> = {
  process: {
    ugly: async () => {
      const port = await freePort();
      return `{ process: [node, ${SERVER}], port: ${port}, env: { PORT: '${port}' }, memory: 256MiB, ready: { http: /healthz, timeout: 20s } }`;
    },
    node: async (script, ready) => {
      const port = await freePort();
      return `{ process: [node, -e, ${JSON.stringify(script)}], port: ${port}, env: { PORT: '${port}' }, memory: 256MiB, ready: ${ready} }`;
    },
  },
  docker: {
    ugly: () =>
      Promise.resolve(
        `{ image: ${UGLY_IMAGE}, port: 8080, memory: 256MiB, ready: { http: /healthz, timeout: 30s } }`,
      ),
    node: (script, ready) =>
      Promise.resolve(
        `{ image: ${NODE_IMAGE}, command: [node, -e, ${JSON.stringify(script)}], port: 8080, env: { PORT: '8080' }, memory: 256MiB, ready: ${ready} }`,
      ),
  },
};

function writeConfig(dir: string, target: string, scenarios: string): void {
  writeFileSync(
    join(dir, 'memgate.yml'),
    `version: 1\ntarget: ${target}\nrepeat: 1\n${SAMPLING}\nscenarios:\n${scenarios}\n`,
  );
}

/** Long enough for a floor (3 steady blocks). */
const loadOn = (path: string, name = 'a') => `  - name: ${name}
    phases:
      - idle: 1s
      - load: { duration: 4s, http: { path: ${path}, connections: 2 } }
      - cooldown: 1s`;

const run = (dir: string, args: string[] = []) =>
  runCliProcess(['run', ...args], { cwd: dir, timeoutMs: 90_000 });

/** Nothing left behind: no container (Docker) of that memgate process. */
function noLeftovers(driver: Driver, r: CliResult): void {
  if (driver === 'docker') expect(containersOf(r.pid)).toEqual([]);
}

const drivers: Driver[] = hasDocker ? ['process', 'docker'] : ['process'];

describe.each(drivers)('never a silent pass (%s target)', (driver) => {
  const targets = TARGETS[driver];

  test('a target that never gets ready: exit 3, what was awaited for how long, its log lines', async () => {
    const dir = tempDir();
    const target = await targets.node(
      "console.log('booting, never listening'); setInterval(() => {}, 1000)",
      '{ http: /healthz, timeout: 2s }',
    );
    writeConfig(dir, target, loadOn('/'));
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /memgate: error: The target never became ready: waited 2s for GET http:\/\/127\.0\.0\.1:\d+\/healthz to answer 200 \(last: /,
    );
    expect(r.stderr).toContain('  | booting, never listening');
    expect(r.stdout).not.toMatch(/done: valid|memgate: (PASS|INCONCLUSIVE)/);
    noLeftovers(driver, r);
  });

  test('a target that exits at once: exit 3 with its exit code and log tail on screen', async () => {
    const dir = tempDir();
    const target = await targets.node(
      "console.error('config missing: DATABASE_URL'); process.exit(3)",
      '{ http: /healthz, timeout: 20s }',
    );
    writeConfig(dir, target, loadOn('/'));
    const started = Date.now();
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('memgate: error: The target exited before the first sample (exit code 3)');
    expect(r.stderr).toContain('  | config missing: DATABASE_URL');
    expect(r.stdout).not.toContain('done: valid');
    expect(Date.now() - started).toBeLessThan(15_000); // at once, not after the readiness timeout
    noLeftovers(driver, r);
  });

  test('a load that only gets 404s: the run is invalid, the breakdown in every report, exit 3', async () => {
    const dir = tempDir();
    writeConfig(dir, await targets.ugly(), loadOn('/no-such-path'));
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('done: INVALID');
    expect(r.stdout).not.toMatch(/done: valid|memgate: PASS/);
    expect(r.stdout).toMatch(
      /phase 1 \(load\) http GET \/no-such-path: (\d+) of \1 requests failed \(100%, max 1%\): status 404 x\1/,
    );
    expect(r.stdout).toContain('(exit 3: no run counts, so there is no verdict)');
    expect(r.stderr).toMatch(
      /memgate: error: No run counts \(1 run\(s\), all invalid\), so there is no verdict: the load did not reach the service/,
    );
    for (const file of ['memgate-report.md', 'memgate-junit.xml', 'memgate-report.html']) {
      expect(readFileSync(join(dir, 'memgate-out', file), 'utf8'), file).toMatch(/status 404 x\d+/);
    }
    // Such results never become a baseline: refused, and the file (here: none) untouched.
    const accept = await runCliProcess(['baseline', 'accept', 'memgate-out/memgate-results.json'], {
      cwd: dir,
    });
    expect(accept.code).toBe(2);
    expect(accept.stderr).toContain(
      'Refusing to write the baseline: the results hold no valid run (1 run(s), none counts)',
    );
    expect(existsSync(join(dir, '.memgate'))).toBe(false);
    noLeftovers(driver, r);
  });

  test('first run without a baseline: inconclusive and the next step (exit 0), exit 1 with --strict', async () => {
    const dir = tempDir();
    writeConfig(dir, await targets.ugly(), loadOn('/items'));
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('memgate: INCONCLUSIVE');
    expect(r.stdout).toContain('no baseline: recorded floor');
    expect(r.stdout).toContain(
      'no baseline yet (.memgate/baseline.json): figures recorded, nothing compared.',
    );
    expect(r.stdout).toContain(
      'next: accept this run as the baseline: memgate baseline accept memgate-out/memgate-results.json',
    );
    expect(r.stdout).toMatch(
      /^reports: memgate-out\/memgate-results\.json, memgate-out\/memgate-report\.md/m,
    );
    expect(r.stdout).not.toContain('memgate: PASS');
    const strict = await run(dir, ['--strict', '--format', 'json']);
    expect(strict.code, strict.stderr).toBe(1);

    // The step it suggests, in a repository without .memgate/: the folder is created.
    const accept = await runCliProcess(['baseline', 'accept', 'memgate-out/memgate-results.json'], {
      cwd: dir,
    });
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toBe('baseline .memgate/baseline.json: a (1 run)\n');
    noLeftovers(driver, r);
  });

  test('sizes and durations without a unit are config errors at file:line:column, exit 2', async () => {
    const dir = tempDir();
    const target = (await targets.ugly()).replace('memory: 256MiB', 'memory: 512');
    writeConfig(dir, target, loadOn('/items'));
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /memgate\.yml:2:\d+: target\.memory: a size needs a unit, got 512: write 512MiB \(or 512B if you meant exactly that\)/,
    );
    writeConfig(
      dir,
      (await targets.ugly()).replace('timeout: 20s', 'timeout: 5').replace('timeout: 30s', 'timeout: 5'),
      loadOn('/items'),
    );
    const t = await run(dir);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(
      /memgate\.yml:2:\d+: target\.ready\.timeout: a duration needs a unit, got 5: write 5s/,
    );
  });

  test('an unclosed [ on line 4 is reported where it opened (4:9), exit 2', async () => {
    const dir = tempDir();
    const head = driver === 'process' ? `  process: [node, ${SERVER}]` : `  image: ${UGLY_IMAGE}`;
    writeFileSync(
      join(dir, 'memgate.yml'),
      `version: 1\ntarget:\n${head}\n  port: [8080\n  memory: 256MiB\nscenarios:\n${loadOn('/items')}\n`,
    );
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /memgate\.yml:4:9: YAML syntax error: .*\(opened here; the parser gave up at 5:3\)/,
    );
  });

  test('a target that dies mid-run (no OOM kill) is a fail with its exit code and log tail', async () => {
    const dir = tempDir();
    const target = await targets.node(
      "require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT)); setTimeout(() => { console.error('lost the database connection'); process.exit(7); }, 2500)",
      '{ http: /, timeout: 20s }',
    );
    writeFileSync(
      join(dir, 'memgate.yml'),
      `version: 1\ntarget: ${target}\nrepeat: 1\n${SAMPLING}\nscenarios:\n  - name: a\n    phases:\n      - idle: 1s\n      - load: { duration: 5s, http: { path: /, connections: 2 } }\n`,
    );
    const r = await run(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^FAIL +a /m);
    expect(r.stdout).toMatch(/oom +fail .*crashed \(EXITED\) in 1 of 1 run/);
    expect(r.stdout).toMatch(/run 1: target exited on its own: exit code 7 after [\d.]+ s; last log lines:/);
    expect(r.stdout).toContain('      | lost the database connection');
    noLeftovers(driver, r);
  });

  test('SIGINT mid-run, then `memgate report`: the cut run is never a pass, progress never says valid', async () => {
    const dir = tempDir();
    writeConfig(
      dir,
      await targets.ugly(),
      `  - name: long\n    phases:\n      - load: { duration: 60s, http: { path: /items, connections: 2 } }`,
    );
    const child = spawn(process.execPath, [CLI_JS, 'run'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 45_000;
    while (!/ load /.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2000)); // two seconds into the load
    child.kill('SIGINT');
    expect(await exited).toBe(3);
    expect(stderr).toContain('Interrupted by SIGINT');
    expect(stdout).toContain('done: INVALID');
    expect(stdout).not.toContain('done: valid');

    const render = async (format: string) => {
      const report = await runCliProcess(['report', 'memgate-out/memgate-results.json', '--format', format], {
        cwd: dir,
      });
      expect(report.code).toBe(0);
      expect(report.stdout, format).toMatch(/cut short: interrupted by SIGINT during phase 0/);
      return report.stdout;
    };
    const terminal = await render('terminal');
    expect(terminal).toMatch(/^INCONCLUSIVE +long /m);
    expect(terminal).toContain('memgate: INCONCLUSIVE (exit 3: no run counts, so there is no verdict)');
    const md = await render('md');
    expect(md).toContain('## ❔ memgate: INCONCLUSIVE');
    expect(md).toContain('### ❔ long');
    expect(await render('junit')).toContain('<skipped message="inconclusive: no valid current runs"/>');
    if (driver === 'docker') expect(containersOf(child.pid ?? -1)).toEqual([]);
  });
});
