/**
 * Hand-built, deterministic Results for report tests: one passing scenario and one that leaks until
 * the kernel OOM-kills it, with hostile characters in its log lines and reasons.
 */
import type { RunSummary } from '../../src/analysis/run-summary.js';
import type { MetricVerdict, ScenarioVerdict } from '../../src/compare/verdict.js';
import { DEFAULT_GATE } from '../../src/config/defaults.js';
import type { Report } from '../../src/report/report.js';
import type { Results, ScenarioResult } from '../../src/results.js';
import type { PhaseMark, RunRecord, StatSample } from '../../src/runner/run-record.js';

const MiB = 1024 * 1024;
export const HOSTILE_LOG_LINE = `<script>window.__pwned = 1; alert(1)</script> "&' | \`whoami\``;

/** Deterministic noise (mulberry32), so golden files do not move. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHASES: PhaseMark[] = [
  { kind: 'idle', index: 0, startMs: 0, endMs: 20_000 },
  { kind: 'warmup', index: 1, startMs: 20_000, endMs: 40_000 },
  { kind: 'load', index: 2, startMs: 40_000, endMs: 160_000 },
  { kind: 'cooldown', index: 3, startMs: 160_000, endMs: 200_000 },
];

function samples(
  count: number,
  seed: number,
  anonAt: (tMs: number) => number,
  limitBytes: number,
): StatSample[] {
  const rnd = prng(seed);
  const out: StatSample[] = [];
  let peak = 0;
  for (let i = 0; i < count; i++) {
    const tMs = i * 1000;
    const anon = Math.round(anonAt(tMs) + (rnd() - 0.5) * 4 * MiB);
    const file = Math.round(24 * MiB + rnd() * 2 * MiB);
    const kernel = Math.round(6 * MiB + (tMs / 200_000) * MiB);
    const shmem = 1 * MiB;
    const workingSet = anon + kernel + shmem + Math.round(file * 0.4);
    const usage = anon + file + kernel + shmem;
    peak = Math.max(peak, usage);
    out.push({
      tMs,
      usageBytes: usage,
      workingSetBytes: workingSet,
      nonReclaimableBytes: anon + kernel + shmem,
      anonBytes: anon,
      fileBytes: file,
      kernelBytes: kernel,
      shmemBytes: shmem,
      peakBytes: peak,
      limitBytes,
      requests: Math.max(0, Math.floor((tMs - 40_000) / 10)),
    });
  }
  return out;
}

function record(scenario: string, stats: StatSample[], extra: Partial<RunRecord>): RunRecord {
  return {
    schema: 'memgate/run-record@1',
    scenario,
    run: 0,
    side: 'current',
    driver: 'docker',
    target: { image: 'acme/api:pr-42', memoryLimitBytes: 512 * MiB, containerId: 'c0ffee'.padEnd(64, '0') },
    startedAt: '2025-01-15T10:00:00.000Z',
    intervalMs: 100,
    statsIntervalMs: 1000,
    source: {
      kind: 'cgroup-v1',
      confidence: 'high',
      reason: 'memory controller mounted',
      peakSupported: true,
      psiSupported: false,
    },
    fast: [],
    stats,
    phases: PHASES,
    load: [],
    events: [{ tMs: 1500, kind: 'ready', detail: 'GET /healthz 200' }],
    oom: { classification: 'STOPPED_BY_MEMGATE', oomKills: 0, reasons: [] },
    self: { peakRssBytes: 80 * MiB, budgetBytes: 256 * MiB, withinBudget: true },
    logTail: ['listening on :8080'],
    warnings: [],
    valid: true,
    ...extra,
  };
}

function summary(scenario: string, s: Partial<RunSummary>): RunSummary {
  return {
    schema: 'memgate/run-summary@1',
    scenario,
    run: 0,
    side: 'current',
    metric: 'working_set',
    valid: true,
    floorBytes: 130 * MiB,
    slopeBytesPerSec: { value: 10, lo: -40, hi: 60, confidence: 0.95, p: 0.41, decel: 0.9 },
    peakBytes: 168 * MiB,
    peakExact: true,
    peakRobustBytes: 166 * MiB,
    shape: 'healthy_plateau',
    shapeReasons: ['floor flat after warmup'],
    oom: false,
    oomClass: 'STOPPED_BY_MEMGATE',
    blockMs: 10_000,
    blocks: 16,
    sigmaFloorBytes: 1.2 * MiB,
    warmupEndMs: 40_000,
    warnings: [],
    ...s,
  };
}

const mv = (m: MetricVerdict): MetricVerdict => m;

function steadyScenario(): ScenarioResult {
  const name = 'steady-api';
  const anonAt = (t: number): number =>
    96 * MiB + (t >= 40_000 && t < 160_000 ? 30 * MiB * (((t - 40_000) % 30_000) / 30_000) : 0);
  const verdict: ScenarioVerdict = {
    scenario: name,
    status: 'pass',
    warnings: [],
    metrics: [
      mv({
        metric: 'floor',
        status: 'pass',
        unit: 'bytes',
        current: 130 * MiB,
        baseline: 129.4 * MiB,
        effect: 0.6 * MiB,
        threshold: 16 * MiB,
        p: 0.38,
        reason: 'floor within noise of the baseline',
      }),
      mv({
        metric: 'slope',
        status: 'pass',
        unit: 'bytes/s',
        current: 10,
        baseline: 8,
        effect: 2,
        threshold: 4660,
        p: 0.41,
        reason: 'no trend (Mann-Kendall p=0.41)',
      }),
      mv({
        metric: 'peak',
        status: 'pass',
        unit: 'bytes',
        current: 168 * MiB,
        baseline: 166 * MiB,
        effect: 2 * MiB,
        threshold: 32 * MiB,
        p: 0.02,
        reason: 'peak +1.2%, under the 32 MiB threshold',
      }),
      mv({
        metric: 'recovery',
        status: 'pass',
        unit: 'bytes',
        current: 0.4 * MiB,
        baseline: 0.3 * MiB,
        effect: 0.1 * MiB,
        threshold: 8 * MiB,
        reason: 'returned to the pre-load floor within 12 s',
      }),
    ],
  };
  return {
    name,
    runs: [record(name, samples(200, 7, anonAt, 512 * MiB), {})],
    summaries: [
      summary(name, {
        preLoadFloorBytes: 129.6 * MiB,
        recoveryResidualBytes: 0.4 * MiB,
        recoveryMs: 12_000,
        detectableSlopeBytesPerSec: 1200,
        amplification: 1.4,
        largestPayloadBytes: 2 * MiB,
      }),
    ],
    verdict,
  };
}

function leakScenario(): ScenarioResult {
  const name = 'giant-export';
  const anonAt = (t: number): number => 96 * MiB + (t > 40_000 ? ((t - 40_000) / 145_000) * 370 * MiB : 0);
  const stats = samples(186, 11, anonAt, 512 * MiB);
  const last = stats[stats.length - 1];
  const logTail = [
    ...Array.from(
      { length: 26 },
      (_, i) =>
        `2025-01-15T10:02:${String(i + 10).padStart(2, '0')}Z GET /export?rows=1000000 200 chunk ${i}`,
    ),
    HOSTILE_LOG_LINE,
    '\u001b[31mERROR\u001b[0m export buffer at 498 MiB & growing',
    '```` fence breaker ```` | pipe | <img src=x onerror="window.__pwned=2">',
    'Killed',
  ];
  const verdict: ScenarioVerdict = {
    scenario: name,
    status: 'fail',
    warnings: ['memory limit reached: peak is censored at the limit'],
    metrics: [
      mv({
        metric: 'floor',
        status: 'fail',
        unit: 'bytes',
        current: 402 * MiB,
        baseline: 131 * MiB,
        effect: 271 * MiB,
        threshold: 16 * MiB,
        p: 0.0004,
        reason: 'floor +271 MiB over baseline',
      }),
      mv({
        metric: 'slope',
        status: 'fail',
        unit: 'bytes/s',
        current: 2_675_000,
        baseline: 9,
        effect: 2_674_991,
        threshold: 4660,
        p: 0.0001,
        reason: 'grows 9.2 GiB/h through load: <export> buffer & "rows" never freed',
      }),
      mv({
        metric: 'peak',
        status: 'fail',
        unit: 'bytes',
        current: 512 * MiB,
        baseline: 171 * MiB,
        effect: 341 * MiB,
        threshold: 32 * MiB,
        p: 0.001,
        reason: 'hit the 512 MiB limit',
      }),
      mv({
        metric: 'recovery',
        status: 'inconclusive',
        unit: 'bytes',
        reason: 'killed before cooldown: recovery not measured',
      }),
      mv({
        metric: 'oom',
        status: 'fail',
        unit: 'count',
        current: 1,
        baseline: 0,
        effect: 1,
        reason: 'OOM-killed by the kernel at 3m 5s',
      }),
    ],
  };
  return {
    name,
    runs: [
      record(name, stats, {
        phases: [...PHASES.slice(0, 2), { kind: 'load', index: 2, startMs: 40_000, endMs: 185_500 }],
        events: [
          { tMs: 1500, kind: 'ready', detail: 'GET /healthz 200' },
          { tMs: 185_500, kind: 'oom', detail: 'memory.oom_control oom_kill 0 -> 1' },
          { tMs: 185_600, kind: 'exit', detail: 'exit 137' },
        ],
        oom: {
          classification: 'OOM_KILLED_MAIN',
          oomKills: 1,
          exitCode: 137,
          oomKilledFlag: true,
          limitBytes: 512 * MiB,
          ...(last === undefined ? {} : { lastSample: last }),
          reasons: ['oom_kill counter rose 0 -> 1', 'State.OOMKilled=true, exit 137'],
        },
        logTail,
        warnings: ['target exited during phase load'],
        valid: true,
      }),
    ],
    summaries: [
      summary(name, {
        floorBytes: 402 * MiB,
        slopeBytesPerSec: {
          value: 2_675_000,
          lo: 2_600_000,
          hi: 2_740_000,
          confidence: 0.95,
          p: 0.0001,
          decel: 1.02,
        },
        peakBytes: 512 * MiB,
        peakRobustBytes: 509 * MiB,
        shape: 'monotonic_growth',
        shapeReasons: ['floor rose in 14 of 14 blocks', 'no plateau | "deceleration" 1.02 <1.1'],
        oom: true,
        oomClass: 'OOM_KILLED_MAIN',
        detectableSlopeBytesPerSec: 1400,
        amplification: 85.3,
        largestPayloadBytes: 6 * MiB,
        warnings: ['peak censored by the memory limit'],
      }),
    ],
    verdict,
  };
}

export function sampleResults(): Results {
  return {
    schema: 'memgate/results@1',
    tool: { name: 'memgate', version: '0.1.0' },
    createdAt: '2025-01-15T10:05:00.000Z',
    commit: '3f2a9c1e5b7d',
    gate: DEFAULT_GATE,
    fingerprint: {
      cpus: 2,
      hostMemoryBytes: 8 * 1024 * MiB,
      kernel: '6.1.0-18-amd64',
      cgroupVersion: 1,
      engine: 'docker 27.1',
      node: 'v20.20.0',
      memoryLimitBytes: 512 * MiB,
      samplerIntervalMs: 100,
      targetHash: '9c1e5b7d3f2a4e6f',
    },
    target: { description: 'image acme/api:pr-42', image: 'acme/api:pr-42' },
    configFile: 'memgate.yml',
    scenarios: [steadyScenario(), leakScenario()],
    verdict: 'fail',
    warnings: ['sampler fell behind 3 times (max gap 1.4 s)'],
  };
}

/** A baseline overlay: the same shapes without the leak. */
export function sampleBaselineSeries(): NonNullable<Report['baselineSeries']> {
  const series = (count: number, base: number): { tMs: number[]; bytes: number[] } => ({
    tMs: Array.from({ length: count }, (_, i) => i * 2000),
    bytes: Array.from({ length: count }, (_, i) => base + (i > 20 && i < 80 ? 14 * MiB : 0)),
  });
  return { 'steady-api': series(100, 118 * MiB), 'giant-export': series(100, 121 * MiB) };
}

export function sampleReport(): Report {
  return {
    results: sampleResults(),
    baselineSeries: sampleBaselineSeries(),
    generatedAt: '2025-01-15T10:05:01.000Z',
  };
}

/** n failing scenarios, each with a log of logLines lines: for size caps. */
export function manyScenariosReport(n: number, logLines: number): Report {
  const base = sampleResults();
  const leak = base.scenarios[1];
  if (leak === undefined) throw new Error('sample has two scenarios');
  const scenarios = Array.from({ length: n }, (_, i): ScenarioResult => {
    const name = `scenario-${String(i).padStart(2, '0')}`;
    const log = Array.from({ length: logLines }, (_, j) => `line ${j} ${'x'.repeat(120)} <tag> | \`tick\``);
    return {
      ...leak,
      name,
      runs: leak.runs.map((r) => ({ ...r, scenario: name, logTail: log })),
      summaries: leak.summaries.map((s) => ({ ...s, scenario: name })),
      ...(leak.verdict === undefined ? {} : { verdict: { ...leak.verdict, scenario: name } }),
    };
  });
  return { results: { ...base, scenarios }, generatedAt: '2025-01-15T10:05:01.000Z' };
}
