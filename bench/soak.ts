/**
 * Nightly-soak acceptance (issue #7): a soak of the reference service at 50 requests/s. The run without a
 * leak must pass (and becomes the baseline); the same soak with a 1 KiB/request leak must be flagged;
 * memgate's own RSS must stay flat over the whole soak. Runs the built CLI (`npm run build` first) as a
 * child process and reads its RSS from /proc every 10 s. Length: SOAK_MINUTES (default 30) per soak.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { theilSen } from '../src/analysis/stats/trend.js';
import type { Results } from '../src/results.js';
import type { BenchResult } from './types.js';

const MiB = 1024 * 1024;
const minutes = Number(process.env['SOAK_MINUTES'] ?? 30);

function config(leakBytes: number): string {
  return `version: 1
target:
  image: memgate/ugly-service:local
  port: 8080
  memory: 512MiB
  env: { LEAK_BYTES_PER_REQUEST: "${leakBytes}" }
  ready: { http: /healthz, timeout: 30s }
  gc: { http: "POST /debug/gc" }
sampling: { interval: 100ms, stats_interval: 1s }
repeat: 1
scenarios:
  - name: soak
    phases:
      - idle: 30s
      - soak: { duration: ${minutes}m, http: { path: /items, connections: 2, rate: 50 } }
      - cooldown: 30s
`;
}

function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function soak(dir: string, name: string, leakBytes: number, baseline: string, accept: boolean) {
  const cfg = join(dir, `${name}.yml`);
  writeFileSync(cfg, config(leakBytes));
  const out = join(dir, name);
  const cli = process.env['MEMGATE_CLI'] ?? 'dist/cli.js';
  const args = [cli, 'run', '-c', cfg, '--out', out, '--baseline', baseline, '--format', 'json,md'];
  if (accept) args.push('--update-baseline');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const rss: { tS: number; bytes: number }[] = [];
  const t0 = Date.now();
  const timer = setInterval(() => {
    const b = child.pid === undefined ? undefined : rssOf(child.pid);
    if (b !== undefined) rss.push({ tS: (Date.now() - t0) / 1000, bytes: b });
  }, 10_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const results = JSON.parse(readFileSync(join(out, 'memgate-results.json'), 'utf8')) as Results;
  return { code, results, rss };
}

function rssRow(name: string, r: Awaited<ReturnType<typeof soak>>) {
  // Skip the first 2 minutes (start-up, JIT, first allocations) before judging flatness.
  const steady = r.rss.filter((x) => x.tS >= 120);
  const fit = theilSen(
    steady.map((x) => x.tS),
    steady.map((x) => x.bytes),
  );
  const s = r.results.scenarios[0];
  const slope = s?.verdict?.metrics.find((m) => m.metric === 'slope');
  return {
    soak: name,
    minutes,
    exit: r.code ?? -1,
    verdict: r.results.verdict,
    slopeVerdict: slope?.status ?? '?',
    slopeReason: slope?.reason ?? '',
    leakMiBPerHour: Number((((s?.summaries[0]?.slopeBytesPerSec.value ?? 0) * 3600) / MiB).toFixed(2)),
    memgateRssMinMiB: Number((Math.min(...steady.map((x) => x.bytes)) / MiB).toFixed(1)),
    memgateRssMaxMiB: Number((Math.max(...steady.map((x) => x.bytes)) / MiB).toFixed(1)),
    memgateRssSlopeMiBPerHour: Number(((fit.slope * 3600) / MiB).toFixed(2)),
  };
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-soak-'));
  const baseline = join(dir, 'baseline.json');
  const clean = await soak(dir, 'no-leak', 0, baseline, true);
  const leak = await soak(dir, 'leak-1KiB', 1024, baseline, false);
  return {
    name: 'soak',
    rows: [rssRow('no leak (becomes the baseline)', clean), rssRow('1 KiB/request leak vs baseline', leak)],
    notes: [
      `50 requests/s for ${minutes} min per soak; a 1 KiB/request leak is ${((50 * 1024 * 3600) / MiB).toFixed(0)} MiB/h`,
      'memgate RSS read from /proc every 10 s, judged after the first 2 minutes',
    ],
  };
}
