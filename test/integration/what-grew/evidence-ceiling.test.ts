/**
 * Evidence before teardown and the runtime ceiling check, from the user's seat with real containers:
 * a failing run of the reference service leaves a Node heap snapshot under OUT/evidence/, a failing
 * step is a warning, and a V8 heap ceiling above the container limit is warned about with both numbers.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker, memgateContainers, UGLY_IMAGE } from '../../helpers/docker.js';
import { runCliProcess, tempDir } from '../../helpers/run-cli.js';

async function run(yml: string, formats = 'json,terminal,md,html') {
  const dir = tempDir('memgate-evidence-');
  const config = join(dir, 'memgate.yml');
  writeFileSync(config, yml);
  const out = join(dir, 'out');
  const r = await runCliProcess(['run', '-c', config, '--out', out, '--format', formats], {
    timeoutMs: 150_000,
  });
  const results = JSON.parse(readFileSync(join(out, 'memgate-results.json'), 'utf8')) as Results;
  return { ...r, results, out };
}

describe.runIf(hasDocker)('evidence and runtime ceiling (real containers)', () => {
  test(
    'a failing run collects a Node heap snapshot under OUT/evidence/ before removal',
    { timeout: 180_000 },
    async () => {
      const r = await run(`version: 1
target:
  image: ${UGLY_IMAGE}
  command: [node, --heapsnapshot-signal=SIGUSR2, --diagnostic-dir=/tmp, /app/server.js]
  port: 8080
  memory: 256MiB
  env: { LEAK_KIND: native, LEAK_BYTES_PER_REQUEST: 262144 }
  ready: { http: /healthz, timeout: 30s }
  metrics: { http: /metrics }
  evidence:
    when: on-fail
    steps:
      - { signal: SIGUSR2, collect: "/tmp/*.heapsnapshot", wait: 30s }
      - exec: [no-such-tool, --dump]
sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 1
gate: { peak: { max_of_limit: 30% } }
scenarios:
  - name: near-limit
    phases:
      - idle: 1s
      - load: { duration: 3s, http: { path: /items, connections: 2, rate: 100 } }
`);
      const s = r.results.scenarios[0]!;
      expect(s.verdict?.status).toBe('fail');
      expect(r.code).toBe(1);
      const ev = s.runs[0]!.evidence!;
      expect(ev.trigger).toMatch(/% of the .* limit/);
      const snapshot = ev.steps[0]!;
      expect(snapshot.ok, snapshot.detail).toBe(true);
      expect(snapshot.files[0]).toMatch(/^evidence\/near-limit\/0\/.*\.heapsnapshot$/);
      const file = join(r.out, snapshot.files[0]!);
      expect(statSync(file).size).toBeGreaterThan(100_000);
      expect(readFileSync(file, 'utf8').slice(0, 40)).toMatch(/^\{"snapshot":/);
      // A failing step is a warning, not an error.
      expect(ev.steps[1]!.ok).toBe(false);
      expect(s.runs[0]!.warnings.join(' ')).toMatch(/evidence step "exec no-such-tool --dump" failed/);
      // Linked from every report.
      expect(r.stdout).toContain(snapshot.files[0]);
      expect(readFileSync(join(r.out, 'memgate-report.md'), 'utf8')).toContain(snapshot.files[0]);
      expect(readFileSync(join(r.out, 'memgate-report.html'), 'utf8')).toContain(
        `href="${snapshot.files[0]}"`,
      );
      expect(readdirSync(join(r.out, 'evidence', 'near-limit', '0'))).toContain(
        snapshot.files[0]!.split('/').pop(),
      );
      expect(memgateContainers(undefined, r.pid)).toEqual([]);
    },
  );

  test(
    'warns when --max-old-space-size puts the V8 heap ceiling above the container limit',
    { timeout: 180_000 },
    async () => {
      const r = await run(`version: 1
target:
  image: ${UGLY_IMAGE}
  command: [node, --max-old-space-size=1024, /app/server.js]
  port: 8080
  memory: 256MiB
  ready: { http: /healthz, timeout: 30s }
  metrics: { http: /metrics }
sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 1
scenarios:
  - name: big-heap
    phases:
      - idle: 1s
      - load: { duration: 2s, http: { path: /items, connections: 1, rate: 50 } }
`);
      const s = r.results.scenarios[0]!;
      expect(s.runtimeCeiling?.heapLimitBytes ?? 0).toBeGreaterThanOrEqual(1024 * 1024 * 1024);
      expect(s.runtimeCeiling?.limitBytes).toBe(256 * 1024 * 1024);
      expect(s.verdict?.warnings.join(' ')).toMatch(
        /runtime heap ceiling 1\.\d+ GiB .* at or above the container limit 256\.0 MiB: the collector will not feel pressure before the OOM killer does/,
      );
      expect(r.stdout).toMatch(/runtime ceiling: .*1\.\d+ GiB/);
    },
  );
});
