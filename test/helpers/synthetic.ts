/**
 * Seeded synthetic RunRecords for the validation suite (statistics.md section 12.1): live set with
 * between-run spread, warm-up, bounded cache, leak, step and AR(1) wander; a GC sawtooth on top;
 * measurement noise, glitches, gaps and spikes; phases idle -> load -> cooldown. mulberry32 PRNG,
 * Box-Muller normals. Never Math.random.
 */
import { DEFAULT_GATE } from '../../src/config/defaults.js';
import type { GateSpec } from '../../src/config/plan.js';
import type { RunRecord, StatSample } from '../../src/runner/run-record.js';
import { RUN_RECORD_SCHEMA } from '../../src/runner/run-record.js';

export const MiB = 1024 * 1024;
const IDLE_ONLY_TAIL_SEC = 2;

export interface Rng {
  next(): number;
  normal(): number;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = Math.max(next(), 1e-12);
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}

export interface SyntheticSpec {
  idleSec: number;
  loadSec: number;
  cooldownSec: number;
  floorBytes: number;
  sigmaBetween: number;
  sigmaMeasBytes: number;
  sigmaLiveBytes: number;
  tauLiveSec: number;
  glitchP: number;
  /** Probability per sample of a gap starting, and its length. */
  gapP: number;
  gapSec: number;
  sawtooth: boolean;
  allocBytesPerSec: number;
  gcGrowth: number;
  warmupBytes: number;
  warmupTauSec: number;
  cacheBytes: number;
  cacheTauSec: number;
  leakBytesPerSec: number;
  stepBytes: number;
  stepAtSec: number;
  /** Extra live memory while load runs, released in cool-down except `retention`. */
  loadExtraBytes: number;
  retention: number;
  spikeRatePerSec: number;
  spikeBytes: number;
  spikeSec: number;
  statsIntervalMs: number;
  /** 0 = no fast samples. */
  fastIntervalMs: number;
  rps: number;
  limitBytes: number | null;
  scale: number;
  offsetBytes: number;
  timeShiftMs: number;
  /** Job-level offset of the live set (fraction): runs of one CI job share it, another host differs. */
  jobOffset: number;
  /** Page cache growth during load (bytes/s) until usage reaches the limit; anon is unaffected. */
  fileFillBytesPerSec: number;
  /** Only an idle phase of idleSec (no load, no cool-down). */
  idleOnly: boolean;
}

export const PRESETS = {
  quiet: {
    sigmaMeasBytes: 0.1 * MiB,
    sigmaLiveBytes: 0.2 * MiB,
    tauLiveSec: 3,
    sigmaBetween: 0.005,
    glitchP: 0,
    gapP: 0,
  },
  'ci-typical': {
    sigmaMeasBytes: 0.2 * MiB,
    sigmaLiveBytes: 0.4 * MiB,
    tauLiveSec: 3,
    sigmaBetween: 0.015,
    glitchP: 0.001,
    gapP: 0,
  },
  'ci-noisy': {
    sigmaMeasBytes: 0.5 * MiB,
    sigmaLiveBytes: 1 * MiB,
    tauLiveSec: 50,
    sigmaBetween: 0.04,
    glitchP: 0.005,
    gapP: 0.01,
  },
} satisfies Record<string, Partial<SyntheticSpec>>;

export const DEFAULT_SPEC: SyntheticSpec = {
  idleSec: 60,
  loadSec: 900,
  cooldownSec: 180,
  floorBytes: 150 * MiB,
  ...PRESETS['ci-typical'],
  gapSec: 4,
  sawtooth: true,
  allocBytesPerSec: 12 * MiB,
  gcGrowth: 0.5,
  warmupBytes: 0,
  warmupTauSec: 60,
  cacheBytes: 0,
  cacheTauSec: 300,
  leakBytesPerSec: 0,
  stepBytes: 0,
  stepAtSec: 0,
  loadExtraBytes: 10 * MiB,
  retention: 0,
  spikeRatePerSec: 0,
  spikeBytes: 0,
  spikeSec: 0.5,
  statsIntervalMs: 1000,
  fastIntervalMs: 0,
  rps: 200,
  limitBytes: 512 * MiB,
  scale: 1,
  offsetBytes: 0,
  timeShiftMs: 0,
  jobOffset: 0,
  fileFillBytesPerSec: 0,
  idleOnly: false,
};

/** The validation runs against the shipped defaults, so what is validated is what users get. */
export const TEST_GATE: GateSpec = DEFAULT_GATE;

/** Live set (bytes) at time t (s) given the run's drawn level. */
function live(sp: SyntheticSpec, level: number, t: number, wander: number): number {
  const l0 = sp.idleSec;
  const l1 = sp.idleSec + sp.loadSec;
  const inLoad = Math.min(Math.max(t - l0, 0), sp.loadSec);
  let v = level + wander;
  if (t >= l0) {
    v += sp.warmupBytes * (1 - Math.exp(-inLoad / sp.warmupTauSec));
    v += sp.cacheBytes * (1 - Math.exp(-inLoad / sp.cacheTauSec));
    v += sp.leakBytesPerSec * inLoad;
    if (inLoad >= sp.stepAtSec) v += sp.stepBytes;
  }
  if (t >= l0 && t < l1) v += sp.loadExtraBytes * (1 - Math.exp(-(t - l0) / 5));
  else if (t >= l1) {
    const after = Math.max(0, t - l1 - 10);
    v += sp.loadExtraBytes * (sp.retention + (1 - sp.retention) * Math.exp(-after / 10));
  }
  return v;
}

/** One synthetic run; the same (spec, seed) always gives the same record. */
export function syntheticRun(
  partial: Partial<SyntheticSpec>,
  seed: number,
  opts: { scenario?: string; run?: number; side?: 'current' | 'base' } = {},
): RunRecord {
  const sp: SyntheticSpec = { ...DEFAULT_SPEC, ...partial };
  const rng = mulberry32(seed);
  const level = sp.floorBytes * (1 + sp.jobOffset) * (1 + sp.sigmaBetween * rng.normal());
  // An idle-only run is sampled a moment past its phase end, as the runner does while it stops the target.
  const totalSec = sp.idleOnly ? sp.idleSec + IDLE_ONLY_TAIL_SEC : sp.idleSec + sp.loadSec + sp.cooldownSec;
  const dtSec = Math.min(sp.statsIntervalMs, sp.fastIntervalMs || Infinity) / 1000;
  const statsEvery = Math.max(1, Math.round(sp.statsIntervalMs / 1000 / dtSec));
  const phi = Math.exp(-dtSec / sp.tauLiveSec);
  let wander = 0;
  let heap = level;
  let spikeLeft = 0;
  let gapLeft = 0;
  let peak = 0;
  let filePeak = 0;
  const fileAt = (t: number, y: number): number => {
    const filled = 10 * MiB + sp.fileFillBytesPerSec * Math.max(0, t - sp.idleSec);
    return sp.limitBytes === null ? filled : Math.max(0, Math.min(filled, sp.limitBytes - y - 64 * 1024));
  };
  const stats: StatSample[] = [];
  const fast: { tMs: number; usageBytes: number }[] = [];
  const map = (b: number): number => Math.round(b * sp.scale + sp.offsetBytes);
  let k = 0;
  for (let t = 0; t <= totalSec; t += dtSec, k++) {
    wander = phi * wander + Math.sqrt(1 - phi * phi) * sp.sigmaLiveBytes * rng.normal();
    const lv = live(sp, level, t, wander);
    const inLoad = t >= sp.idleSec && t < sp.idleSec + sp.loadSec;
    if (sp.sawtooth) {
      heap += sp.allocBytesPerSec * dtSec;
      if (heap > lv * (1 + sp.gcGrowth) || heap < lv) heap = lv;
    } else heap = lv;
    if (spikeLeft <= 0 && inLoad && rng.next() < sp.spikeRatePerSec * dtSec) spikeLeft = sp.spikeSec;
    const spike = spikeLeft > 0 ? sp.spikeBytes : 0;
    spikeLeft -= dtSec;
    let y = heap + spike + sp.sigmaMeasBytes * rng.normal();
    if (rng.next() < sp.glitchP) y *= rng.next() < 0.5 ? 0.7 : 1.3;
    peak = Math.max(peak, heap + spike);
    filePeak = Math.max(filePeak, heap + spike + fileAt(t, heap + spike));
    if (gapLeft <= 0 && rng.next() < sp.gapP) gapLeft = sp.gapSec;
    const tMs = Math.round(t * 1000 + sp.timeShiftMs);
    if (gapLeft > 0) {
      gapLeft -= dtSec;
      continue;
    }
    const baseFile = 10 * MiB;
    const filled = baseFile + sp.fileFillBytesPerSec * Math.max(0, t - sp.idleSec);
    // The kernel reclaims page cache at the limit: usage stays just under it.
    const file =
      sp.limitBytes === null ? filled : Math.max(0, Math.min(filled, sp.limitBytes - y - 64 * 1024));
    if (sp.fastIntervalMs) fast.push({ tMs, usageBytes: map(y + file) });
    if (k % statsEvery !== 0) continue;
    const elapsed = Math.max(0, Math.min(t, sp.idleSec + sp.loadSec) - sp.idleSec);
    stats.push({
      tMs,
      usageBytes: map(y + file),
      workingSetBytes: map(y),
      nonReclaimableBytes: map(y),
      anonBytes: map(y),
      fileBytes: map(file),
      peakBytes: map(Math.max(peak + baseFile, filePeak)),
      limitBytes: sp.limitBytes === null ? null : sp.limitBytes * sp.scale,
      requests: Math.round(elapsed * sp.rps),
    });
  }
  const ms = (s: number): number => Math.round(s * 1000 + sp.timeShiftMs);
  return {
    schema: RUN_RECORD_SCHEMA,
    scenario: opts.scenario ?? 'synthetic',
    run: opts.run ?? 0,
    side: opts.side ?? 'current',
    driver: 'fake',
    target: { memoryLimitBytes: sp.limitBytes === null ? null : sp.limitBytes * sp.scale },
    startedAt: '2025-01-01T00:00:00.000Z',
    intervalMs: sp.fastIntervalMs || sp.statsIntervalMs,
    statsIntervalMs: sp.statsIntervalMs,
    source: {
      kind: 'cgroup-v2',
      confidence: 'high',
      reason: 'synthetic',
      peakSupported: true,
      psiSupported: false,
    },
    fast,
    stats,
    phases: sp.idleOnly
      ? [{ kind: 'idle', index: 0, startMs: ms(0), endMs: ms(sp.idleSec) }]
      : [
          { kind: 'idle', index: 0, startMs: ms(0), endMs: ms(sp.idleSec) },
          { kind: 'load', index: 1, startMs: ms(sp.idleSec), endMs: ms(sp.idleSec + sp.loadSec) },
          { kind: 'cooldown', index: 2, startMs: ms(sp.idleSec + sp.loadSec), endMs: ms(totalSec) },
        ],
    load: sp.idleOnly
      ? []
      : [
          {
            generator: 'http',
            phaseIndex: 1,
            requests: Math.round(sp.loadSec * sp.rps),
            errors: {},
            statusCodes: { '200': Math.round(sp.loadSec * sp.rps) },
            bytesSent: 0,
            bytesReceived: 0,
            largestPayloadBytes: 64 * 1024,
            durationMs: sp.loadSec * 1000,
          },
        ],
    events: [],
    oom: { classification: 'STOPPED_BY_MEMGATE', oomKills: 0, reasons: [] },
    self: { peakRssBytes: 50 * MiB, budgetBytes: 256 * MiB, withinBudget: true },
    logTail: [],
    warnings: [],
    valid: true,
  };
}
