/**
 * Metrics scrape bench: memgate's own RSS and CPU while it scrapes the reference service's prom-client
 * /metrics every second (the default stats interval) and every 100 ms (a stress), against the same
 * time with no scraping. The budget is memgate's default self budget.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DEFAULTS } from '../src/config/defaults.js';
import { startMetricsScraper } from '../src/runner/metrics/scraper.js';

export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
  notes: string[];
}

const SERVER = path.resolve(process.cwd(), 'examples/ugly-service/server.js');
const MiB = 2 ** 20;
const WALL_MS = Number(process.env['MEMGATE_BENCH_SCRAPE_MS'] ?? 30_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startService(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      const m = /listening on (\d+)/.exec(b.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`service exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/metrics` };
}

async function measure(url: string | undefined, intervalMs: number) {
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage.rss();
  let peak = rss0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const h = url
    ? startMetricsScraper({
        url,
        endpoint: ':0/metrics',
        intervalMs,
        series: [],
        nowMs: () => performance.now() - t0,
      })
    : undefined;
  const until = Date.now() + WALL_MS;
  while (Date.now() < until) {
    await sleep(100);
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  const rec = await h?.stop();
  const c = process.cpuUsage(c0);
  return {
    mode: url ? `scrape every ${intervalMs} ms` : 'no scraping',
    seconds: WALL_MS / 1000,
    scrapes_ok: rec?.scrapes.ok ?? 0,
    scrapes_failed: (rec?.scrapes.failed ?? 0) + (rec?.scrapes.skipped ?? 0),
    peak_rss_mib: +(peak / MiB).toFixed(1),
    rss_growth_mib: +((peak - rss0) / MiB).toFixed(1),
    cpu_pct: +(((c.user + c.system) / 1e3 / WALL_MS) * 100).toFixed(2),
    budget_mib: DEFAULTS.selfBudgetBytes / MiB,
  };
}

export async function run(): Promise<BenchResult> {
  const { child, url } = await startService();
  try {
    const rows = [await measure(undefined, 0), await measure(url, 1000), await measure(url, 100)];
    const worst = Math.max(...rows.map((r) => r.peak_rss_mib));
    return {
      name: 'metrics-scrape',
      rows,
      notes: [
        `peak RSS ${worst} MiB against a ${DEFAULTS.selfBudgetBytes / MiB} MiB budget; ${worst < DEFAULTS.selfBudgetBytes / MiB ? 'within' : 'OVER'} budget`,
        'prom-client default metrics, about 90 samples per scrape; expositions over 4 MiB are dropped unread',
      ],
    };
  } finally {
    child.kill('SIGTERM');
  }
}
