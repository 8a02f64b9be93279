/**
 * Sampler bench: cost of a fast tick and CPU share of the loops on a real cgroup (v1 here), and how many
 * short spikes the sampled max, the kernel watermark and `docker stats --no-stream` polling catch.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { ProcessDriver, type ProcessStartedTarget } from '../src/runner/drivers/process.js';
import type { MemorySource } from '../src/runner/sampling/memory-source.js';
import { startSampler } from '../src/runner/sampling/sampler.js';

export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
  notes: string[];
}

// Relative to the checkout: the bench runner bundles this file into another folder first.
const SERVICES = path.resolve(process.cwd(), 'test/fixtures/services');
const MiB = 2 ** 20;
const SPIKE_MIB = 64;
const SPIKES = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startSpiker(durationMs: number, logDir: string): Promise<ProcessStartedTarget> {
  const t = (await new ProcessDriver({ graceMs: 1000 }).start(
    {
      kind: 'process',
      argv: [process.execPath, path.join(SERVICES, 'spike.mjs'), String(SPIKE_MIB), String(durationMs)],
      cwd: logDir,
      env: {},
      ready: { kind: 'none', timeoutMs: 0 },
    },
    { sessionId: `bench${process.pid}`, scenario: 'sampler', run: durationMs, logDir },
  )) as ProcessStartedTarget;
  await waitLines(t, 'ready', 1).catch(async (e: unknown) => {
    await t.stop(); // never leave the cgroup behind
    throw e;
  });
  return t;
}

async function waitLines(t: ProcessStartedTarget, text: string, count: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if ((await t.logTail(50)).filter((l) => l.includes(text)).length >= count) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${text} x${count}`);
}

/** Mean cost of one fast tick (one memory.current read), microseconds, timed by tinybench. */
async function tickCostUs(src: MemorySource): Promise<number> {
  const bench = new Bench({ time: 500, warmupTime: 100 });
  bench.add('fast tick', () => {
    src.readUsage();
  });
  await bench.run();
  const r = bench.tasks[0]!.result as { latency?: { mean: number } } | undefined;
  return (r?.latency?.mean ?? NaN) * 1000;
}

async function cpuShare(src: MemorySource, intervalMs: number, wallMs = 3000): Promise<number> {
  const c0 = process.cpuUsage();
  const h = startSampler({ source: src, intervalMs, statsIntervalMs: 1000 });
  await sleep(wallMs);
  await h.stop();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e3 / wallMs;
}

/** Local spikes: sampled max at 100 ms vs the v1 watermark (reset before each spike, as root). */
async function localSpikes(durationMs: number, logDir: string): Promise<Record<string, string | number>> {
  const t = await startSpiker(durationMs, logDir);
  const src = await t.memorySource();
  const peakFile = `${t.cgroup!.dir}/memory.max_usage_in_bytes`;
  let bySample = 0;
  let byPeak = 0;
  for (let i = 1; i <= SPIKES; i++) {
    await sleep(300);
    const base = (await src.readUsage()) ?? 0;
    fs.writeFileSync(peakFile, '0');
    const h = startSampler({ source: src, intervalMs: 100, statsIntervalMs: 10_000 });
    process.kill(t.pid, 'SIGUSR2');
    await waitLines(t, 'spiked', i);
    const r = await h.stop();
    const sampledMax = Math.max(...r.fast.map((s) => s.usageBytes));
    const peak = Number(fs.readFileSync(peakFile, 'utf8'));
    if (sampledMax - base >= 0.8 * SPIKE_MIB * MiB) bySample++;
    if (peak - base >= 0.8 * SPIKE_MIB * MiB) byPeak++;
  }
  await t.stop();
  return {
    spikeMs: durationMs,
    spikes: SPIKES,
    caughtBySampledMax100ms: bySample,
    caughtByKernelPeak: byPeak,
  };
}

/** A container spiking every 2 s while `docker stats --no-stream` is polled back to back. */
async function dockerSpikes(durationMs: number): Promise<number> {
  const code = `const {spawn}=require('child_process');let n=0;const t=setInterval(()=>{if(++n>${SPIKES})return clearInterval(t);spawn(process.execPath,['-e','const b=Buffer.alloc(${SPIKE_MIB}*2**20,1);setTimeout(()=>process.exit(b[0]-1),${durationMs})'],{stdio:'ignore'})},2000);setInterval(()=>{},1e6);`;
  const id = (
    await execa('docker', [
      'run',
      '-d',
      '--rm',
      '--label',
      'memgate.session=bench',
      'memgate/node-base:local',
      'node',
      '-e',
      code,
    ])
  ).stdout.trim();
  try {
    await sleep(1000);
    const usage = async () =>
      parseMiB(
        (await execa('docker', ['stats', '--no-stream', '--format', '{{.MemUsage}}', id], { reject: false }))
          .stdout,
      );
    const base = await usage();
    const seen: number[] = [];
    const until = Date.now() + (SPIKES + 1) * 2000;
    while (Date.now() < until) seen.push(await usage());
    // count distinct runs of samples above base + 80% of the spike
    let caught = 0;
    let inSpike = false;
    for (const v of seen) {
      const high = v - base >= 0.8 * SPIKE_MIB;
      if (high && !inSpike) caught++;
      inSpike = high;
    }
    return caught;
  } finally {
    await execa('docker', ['rm', '-f', id], { reject: false });
  }
}

function parseMiB(memUsage: string): number {
  const m = /([\d.]+)\s*(KiB|MiB|GiB|B)/.exec(memUsage);
  if (!m) return 0;
  const f = { B: 1 / MiB, KiB: 1 / 1024, MiB: 1, GiB: 1024 }[m[2] as 'B' | 'KiB' | 'MiB' | 'GiB'];
  return Number(m[1]) * f;
}

export async function run(): Promise<BenchResult> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'memgate-bench-'));
  const notes: string[] = [];
  const rows: Record<string, string | number>[] = [];
  const t = await startSpiker(50, logDir);
  const src = await t.memorySource();
  notes.push(`source ${src.info.kind}: ${src.info.reason}; ${os.cpus().length} CPUs, kernel ${os.release()}`);
  rows.push({ metric: 'fast tick (readUsage)', us: Number((await tickCostUs(src)).toFixed(2)) });
  for (const ms of [100, 10])
    rows.push({
      metric: `CPU share of sampler at ${ms} ms (incl. 1 s stats loop)`,
      percent: Number((100 * (await cpuShare(src, ms))).toFixed(3)),
    });
  await t.stop();
  const docker = await execa('docker', ['image', 'inspect', 'memgate/node-base:local'], {
    reject: false,
    timeout: 10_000,
  }).catch(() => undefined);
  for (const d of [50, 150, 500]) {
    const row = await localSpikes(d, logDir);
    row['caughtByDockerStatsPolling'] = docker?.exitCode === 0 ? await dockerSpikes(d) : 'n/a';
    rows.push(row);
  }
  if (docker?.exitCode !== 0)
    notes.push(
      'docker not running (or no local memgate/node-base:local image): docker stats polling not measured',
    );
  notes.push(`spikes of ${SPIKE_MIB} MiB in a child process; "caught" = reading >= base + 80% of the spike`);
  fs.rmSync(logDir, { recursive: true, force: true });
  return { name: 'sampler', rows, notes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await run(), null, 2));
}
