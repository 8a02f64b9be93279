/**
 * What grew, from the user's seat: the reference service leaks one kind of memory per run (a JS-object
 * leak on the V8 heap, a Buffer leak outside it, a file written and read back into the page cache);
 * memgate scrapes its prom-client /metrics and must name the kind. Real containers, real limits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';
import { runCliProcess, tempDir } from '../../helpers/run-cli.js';

const LEAK_BYTES = 128 * 1024;

async function runLeak(
  kind: 'heap' | 'native' | 'file',
): Promise<{ results: Results; stdout: string; code: number }> {
  const dir = tempDir(`memgate-grew-${kind}-`);
  const config = join(dir, 'memgate.yml');
  writeFileSync(
    config,
    `version: 1
target:
  image: ${UGLY_IMAGE}
  port: 8080
  memory: 512MiB
  env: { LEAK_KIND: ${kind}, LEAK_BYTES_PER_REQUEST: ${LEAK_BYTES} }
  ready: { http: /healthz, timeout: 30s }
  metrics: { http: /metrics }
sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 1
scenarios:
  - name: leak-${kind}
    phases:
      - idle: 2s
      - load: { duration: 4s, http: { path: /items, connections: 2, rate: 100 } }
      - cooldown: 1s
`,
  );
  const out = join(dir, 'out');
  const r = await runCliProcess(['run', '-c', config, '--out', out, '--format', 'json,terminal'], {
    timeoutMs: 120_000,
  });
  const results = JSON.parse(readFileSync(join(out, 'memgate-results.json'), 'utf8')) as Results;
  return { results, stdout: r.stdout, code: r.code };
}

describe.runIf(hasDocker)('attribution of growth (real containers, prom-client metrics)', () => {
  test('a JS-object leak is runtime-heap', { timeout: 150_000 }, async () => {
    const { results, stdout } = await runLeak('heap');
    const s = results.scenarios[0]!;
    const run = s.runs[0]!;
    expect(run.metrics?.runtime).toBe('node');
    expect(run.metrics?.scrapes.ok).toBeGreaterThan(10);
    expect(s.attribution?.attribution, s.attribution?.reason).toBe('runtime-heap');
    expect(s.attribution?.growth.runtimeHeapBytes ?? 0).toBeGreaterThan(20 * 1024 * 1024);
    expect(stdout).toMatch(/what grew: runtime-heap: heap \+/);
    expect(stdout).toMatch(/sizing: resources\.limits\.memory: \d+Mi/);
    // Node's default heap ceiling under a 512 MiB limit stays below it: no warning.
    expect(run.runtimeCeiling?.source).toMatch(/v8/);
    expect(s.runtimeCeiling).toBeUndefined();
  });

  test('a Buffer leak is outside-heap', { timeout: 150_000 }, async () => {
    const { results } = await runLeak('native');
    const s = results.scenarios[0]!;
    expect(s.attribution?.attribution, s.attribution?.reason).toBe('outside-heap');
    expect(s.attribution?.growth.outsideHeapBytes ?? 0).toBeGreaterThan(20 * 1024 * 1024);
  });

  test('a file written and read back is page-cache', { timeout: 150_000 }, async () => {
    const { results } = await runLeak('file');
    const s = results.scenarios[0]!;
    expect(s.attribution?.attribution, s.attribution?.reason).toBe('page-cache');
    expect(s.attribution?.growth.fileBytes ?? 0).toBeGreaterThan(20 * 1024 * 1024);
    expect(s.sizing?.kubernetes).toMatch(/^\d+Mi$/);
  });
});
