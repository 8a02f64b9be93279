/**
 * A local process target (no container engine) gets the same evidence steps: a heap snapshot on
 * SIGUSR2 copied from the host folder, and an exec step run with the target's environment.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { runCliProcess, tempDir } from '../../helpers/run-cli.js';

const SERVER = fileURLToPath(new URL('../../../examples/ugly-service/server.js', import.meta.url));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe.runIf(process.platform === 'linux')('evidence from a process target', () => {
  test('always: heap snapshot and an exec step land under OUT/evidence/', { timeout: 120_000 }, async () => {
    const dir = tempDir('memgate-proc-ev-');
    const port = await freePort();
    const config = join(dir, 'memgate.yml');
    writeFileSync(
      config,
      `version: 1
target:
  process: [node, --heapsnapshot-signal=SIGUSR2, --diagnostic-dir=${dir}, ${SERVER}]
  port: ${port}
  env: { PORT: "${port}", WHO: memgate-evidence }
  ready: { http: /healthz, timeout: 30s }
  evidence:
    when: always
    steps:
      - { signal: SIGUSR2, collect: "${dir}/*.heapsnapshot", wait: 20s }
      - exec: [node, -e, "console.log(process.env.WHO)"]
sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 1
scenarios:
  - name: proc
    phases:
      - idle: 1s
      - load: { duration: 1s, http: { path: /items, connections: 1, rate: 20 } }
`,
    );
    const out = join(dir, 'out');
    await runCliProcess(['run', '-c', config, '--out', out, '--format', 'json'], { timeoutMs: 100_000 });
    const results = JSON.parse(readFileSync(join(out, 'memgate-results.json'), 'utf8')) as Results;
    const ev = results.scenarios[0]!.runs[0]!.evidence!;
    expect(ev.trigger).toBe('always');
    expect(ev.steps.map((s) => s.ok)).toEqual([true, true]);
    expect(statSync(join(out, ev.steps[0]!.files[0]!)).size).toBeGreaterThan(100_000);
    expect(readFileSync(join(out, ev.steps[1]!.files[0]!), 'utf8').trim()).toBe('memgate-evidence');
  });
});
