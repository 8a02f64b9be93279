/**
 * The JVM example (examples/jvm-service, image from scripts/build-jvm-image.sh) gated from the user's
 * seat: A/A passes; a leaking candidate fails against the plain image, its growth is attributed to the
 * runtime heap, and the report shows the class-histogram top growers, base against current. A JVM whose
 * -Xmx is above the container limit is warned about; the default one is not. The leak case is also the
 * suite's test of `memgate run --against` (ABBA order, run ids, confirmation pairs): one real
 * interleaved gate through the CLI costs about 100 s, and CI runs one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Results } from '../../../src/results.js';
import { hasDocker } from '../../helpers/docker.js';
import { runCliProcess, tempDir } from '../../helpers/run-cli.js';

const JVM_IMAGE = 'memgate/jvm-service:local';
const LEAKY = 'memgate/jvm-service:leak-test';

function hasImage(image: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', image], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const ready = hasDocker && (hasImage(JVM_IMAGE) || process.env['MEMGATE_REQUIRE_DOCKER'] === '1');

function config(image: string, extra = ''): string {
  return `version: 1
target:
  image: ${image}
  port: 8080
  memory: 512MiB
  ready: { http: /healthz, timeout: 60s }
  gc: { http: "POST /debug/gc" }
  metrics: { http: /metrics }
  evidence:
    when: on-fail
    steps:
      - exec: [jcmd, "1", GC.class_histogram]
${extra}sampling: { interval: 100ms, stats_interval: 250ms }
repeat: 3
scenarios:
  - name: items
    phases:
      - idle: 2s
      - load: { duration: 3s, http: { path: /items, connections: 2, rate: 100 } }
      - cooldown: 1s
`;
}

async function run(yml: string, args: string[]) {
  const dir = tempDir('memgate-jvm-');
  const file = join(dir, 'memgate.yml');
  writeFileSync(file, yml);
  const out = join(dir, 'out');
  const r = await runCliProcess(
    ['run', '-c', file, '--out', out, '--format', 'json,terminal,md,html', ...args],
    {
      timeoutMs: 400_000,
    },
  );
  const results = JSON.parse(readFileSync(join(out, 'memgate-results.json'), 'utf8')) as Results;
  return { ...r, results, out };
}

describe.runIf(ready)('JVM example (real containers)', () => {
  beforeAll(() => {
    if (!hasImage(JVM_IMAGE)) throw new Error(`${JVM_IMAGE} is missing: run scripts/build-jvm-image.sh`);
    const dir = tempDir('memgate-jvm-img-');
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${JVM_IMAGE}\nENV LEAK_BYTES_PER_REQUEST=131072\n`);
    execFileSync('docker', ['build', '-q', '-t', LEAKY, dir], { stdio: 'pipe' });
  });
  afterAll(() => {
    execFileSync('docker', ['rmi', '-f', LEAKY], { stdio: 'ignore' });
  });

  test('A/A passes, with JVM metrics scraped and no ceiling warning', { timeout: 400_000 }, async () => {
    const r = await run(config(JVM_IMAGE), ['--against', JVM_IMAGE]);
    const s = r.results.scenarios[0]!;
    expect(s.verdict?.status, JSON.stringify(s.verdict)).toBe('pass');
    expect(r.code).toBe(0);
    expect(s.runs[0]!.metrics?.runtime).toBe('jvm');
    expect(s.runs[0]!.runtimeCeiling?.source).toBe('jcmd 1 VM.flags');
    expect(s.runtimeCeiling).toBeUndefined();
    expect(s.runs.some((x) => x.evidence !== undefined)).toBe(false);
    expect(s.sizing?.kubernetes).toMatch(/^\d+Mi$/);
  });

  test(
    'a leak fails under --against (ABBA, confirmed), is runtime-heap, and the report shows class-histogram top growers',
    { timeout: 400_000 },
    async () => {
      const r = await run(config(LEAKY), ['--against', JVM_IMAGE]);
      const s = r.results.scenarios[0]!;
      expect(s.verdict?.status, JSON.stringify(s.verdict?.metrics.map((m) => m.reason))).toBe('fail');
      expect(r.code).toBe(1);
      // --against: both images in this job, interleaved in ABBA order so a drift of the host hits both
      // sides alike; pairs share a run id; the fail is confirmed with extra interleaved pairs.
      expect(s.runs.slice(0, 6).map((x) => x.side)).toEqual([
        'current',
        'base',
        'base',
        'current',
        'current',
        'base',
      ]);
      expect(s.runs.slice(0, 6).map((x) => x.run)).toEqual([0, 0, 1, 1, 2, 2]);
      expect(s.runs.filter((x) => x.side === 'base').every((x) => x.target.image === JVM_IMAGE)).toBe(true);
      expect(r.results.target.against).toBe(JVM_IMAGE);
      expect(s.runs).toHaveLength(12);
      expect(s.verdict?.warnings.join(' ')).toMatch(/confirmed with 3 extra runs/);
      expect(s.attribution?.attribution, s.attribution?.reason).toBe('runtime-heap');
      const failing = s.verdict?.metrics.find((m) => m.status === 'fail');
      expect(failing?.reason).toMatch(/attribution: runtime-heap: heap \+/);
      // Confirmation runs on both sides collected a class histogram before removal.
      const withHistogram = (side: string) =>
        s.runs.filter((x) => x.side === side && x.evidence?.steps[0]?.histogram !== undefined);
      expect(withHistogram('current').length).toBeGreaterThan(0);
      expect(withHistogram('base').length).toBeGreaterThan(0);
      const md = readFileSync(join(r.out, 'memgate-report.md'), 'utf8');
      expect(md).toMatch(/Class histogram, top growers \(base vs current\)/);
      expect(md).toMatch(/\| Service\$LeakedRecord \| .* \| \+/);
      const html = readFileSync(join(r.out, 'memgate-report.html'), 'utf8');
      expect(html).toMatch(/top growers, base vs current/);
      expect(html).toContain('Service$LeakedRecord');
    },
  );

  test('-Xmx above the container limit is warned about with both numbers', { timeout: 200_000 }, async () => {
    const yml = config(JVM_IMAGE)
      .replace('memory: 512MiB', 'memory: 256MiB\n  command: [java, -Xmx1g, -cp, /app, Service]')
      .replace('repeat: 3', 'repeat: 1');
    const r = await run(yml, []);
    const s = r.results.scenarios[0]!;
    expect(s.runtimeCeiling?.heapLimitBytes).toBe(1024 * 1024 * 1024);
    expect(s.verdict?.warnings.join(' ')).toMatch(
      /runtime heap ceiling 1\.0 GiB .* at or above the container limit 256\.0 MiB: the collector will not feel pressure before the OOM killer does/,
    );
  });
});
