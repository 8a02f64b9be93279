/**
 * Validation presets: one per case of the "verdicts you can trust" audit, on the bundled `soak`
 * scenario's shape (10 s idle, soak, 30 s cool-down, 3 v 3) and the shipped default gate. Each
 * preset is either a null case (nothing changed: any FAIL is a false alarm) or a detection case (a
 * real regression: FAIL is the right answer). Shared by the fast suite and `npm run bench -- validation`.
 */
import { analyseRun } from '../../src/analysis/analyse.js';
import type { RunSummary } from '../../src/analysis/run-summary.js';
import { compareScenario } from '../../src/compare/compare.js';
import type { MetricName, ScenarioVerdict, Status } from '../../src/compare/verdict.js';
import { MiB, mulberry32, syntheticRun, TEST_GATE, type SyntheticSpec } from '../helpers/synthetic.js';

/** The bundled soak scenario's defaults (scenarios/soak.yml): idle, soak, cool-down, runs per side. */
export const SOAK_SHAPE = { idleSec: 10, loadSec: 900, cooldownSec: 30 } satisfies Partial<SyntheticSpec>;
export const SOAK_RUNS = 3;
/** The audit's shape: the soak scenario as it was shipped before (10-minute soak). */
export const AUDIT_SHAPE = { idleSec: 10, loadSec: 600, cooldownSec: 30 } satisfies Partial<SyntheticSpec>;

const FLOOR_MIB = 150;
/** Default slope threshold for a 150 MiB floor: 2 % of the floor per hour. */
export const SLOPE_THRESHOLD_BYTES_PER_SEC = (0.02 * FLOOR_MIB * MiB) / 3600;

export interface Preset {
  id: string;
  /** The audit row it reproduces. */
  row: string;
  kind: 'null' | 'detect';
  /** Metric whose status is counted; undefined = the scenario verdict. */
  metric?: MetricName;
  n: number;
  base: Partial<SyntheticSpec>;
  current: Partial<SyntheticSpec>;
  /** Interleaved --against mode: run i of each side forms a pair sharing the host's state. */
  paired?: boolean;
  /** Spread (fraction of the level) of the host state a pair shares in interleaved mode. */
  pairSpread?: number;
  /** Job-to-job spread (fraction): each side is one CI job with its own offset. */
  jobSpread?: number;
  /** Run ids of the current side the runner marked invalid. */
  invalidCurrent?: number[];
}

export const PRESETS: Preset[] = [
  {
    id: 'alloc-rate-3x',
    row: 'same live set, 3x the allocation rate',
    kind: 'null',
    metric: 'floor',
    n: 3,
    base: { ...AUDIT_SHAPE },
    current: { ...AUDIT_SHAPE, allocBytesPerSec: 36 * MiB },
  },
  {
    id: 'page-cache-fill',
    row: 'page cache fills the limit, anon flat',
    kind: 'null',
    metric: 'peak',
    n: 3,
    base: { ...AUDIT_SHAPE },
    current: { ...AUDIT_SHAPE, fileFillBytesPerSec: 2 * MiB },
  },
  {
    id: 'warmup-leak-4x',
    row: 'warm-up (20 MiB, tau 90 s) + a leak at 4x the threshold',
    kind: 'detect',
    metric: 'slope',
    n: 3,
    base: { ...AUDIT_SHAPE, warmupBytes: 20 * MiB, warmupTauSec: 90 },
    current: {
      ...AUDIT_SHAPE,
      warmupBytes: 20 * MiB,
      warmupTauSec: 90,
      leakBytesPerSec: 4 * SLOPE_THRESHOLD_BYTES_PER_SEC,
    },
  },
  {
    id: 'warmup-leak-4x-soak',
    row: 'warm-up (20 MiB, tau 90 s) + a leak at 4x the threshold, bundled soak',
    kind: 'detect',
    metric: 'slope',
    n: SOAK_RUNS,
    base: { ...SOAK_SHAPE, warmupBytes: 20 * MiB, warmupTauSec: 90 },
    current: {
      ...SOAK_SHAPE,
      warmupBytes: 20 * MiB,
      warmupTauSec: 90,
      leakBytesPerSec: 4 * SLOPE_THRESHOLD_BYTES_PER_SEC,
    },
  },
  {
    id: 'slow-wander-3v3',
    row: 'slow wander (tau 200 s, 1 MiB), no change, 3v3',
    kind: 'null',
    n: 3,
    base: { ...AUDIT_SHAPE, sigmaLiveBytes: 1 * MiB, tauLiveSec: 200 },
    current: { ...AUDIT_SHAPE, sigmaLiveBytes: 1 * MiB, tauLiveSec: 200 },
  },
  {
    id: 'slow-wander-1v1',
    row: 'slow wander (tau 200 s, 1 MiB), no change, 1v1',
    kind: 'null',
    n: 1,
    base: { ...AUDIT_SHAPE, sigmaLiveBytes: 1 * MiB, tauLiveSec: 200 },
    current: { ...AUDIT_SHAPE, sigmaLiveBytes: 1 * MiB, tauLiveSec: 200 },
  },
  {
    id: 'job-offset-5v5',
    row: '2 % job-to-job offset (another runner host), no change, 5v5',
    kind: 'null',
    n: 5,
    base: { ...AUDIT_SHAPE, sigmaBetween: 0.005 },
    current: { ...AUDIT_SHAPE, sigmaBetween: 0.005 },
    jobSpread: 0.02,
  },
  {
    id: 'paired-one-invalid',
    row: 'interleaved pairs, one current run invalid',
    kind: 'null',
    metric: 'floor',
    n: 6,
    base: { ...AUDIT_SHAPE, sigmaBetween: 0.002 },
    current: { ...AUDIT_SHAPE, sigmaBetween: 0.002 },
    paired: true,
    pairSpread: 0.04,
    invalidCurrent: [1],
  },
  {
    id: 'unconfirmed-effect',
    row: 'effect above the threshold that no test confirms (floor +6 %, 8 % run spread, 3v3)',
    kind: 'detect',
    metric: 'floor',
    n: 3,
    base: { ...AUDIT_SHAPE, sigmaBetween: 0.08 },
    current: { ...AUDIT_SHAPE, sigmaBetween: 0.08, floorBytes: FLOOR_MIB * 1.06 * MiB },
  },
  {
    id: 'leak-2x-soak',
    row: '2x-threshold leak, 3v3, bundled soak',
    kind: 'detect',
    metric: 'slope',
    n: SOAK_RUNS,
    base: { ...SOAK_SHAPE },
    current: { ...SOAK_SHAPE, leakBytesPerSec: 2 * SLOPE_THRESHOLD_BYTES_PER_SEC },
  },
  {
    id: 'leak-2x-audit',
    row: '2x-threshold leak, 3v3, 10-min soak (the old default)',
    kind: 'detect',
    metric: 'slope',
    n: 3,
    base: { ...AUDIT_SHAPE },
    current: { ...AUDIT_SHAPE, leakBytesPerSec: 2 * SLOPE_THRESHOLD_BYTES_PER_SEC },
  },
  {
    id: 'step-20mib',
    row: '+20 MiB step in mid-load',
    kind: 'detect',
    metric: 'floor',
    n: 3,
    base: { ...AUDIT_SHAPE },
    current: { ...AUDIT_SHAPE, stepBytes: 20 * MiB, stepAtSec: 300 },
  },
  {
    id: 'null-soak',
    row: 'clean soak, no change (ci-typical)',
    kind: 'null',
    n: SOAK_RUNS,
    base: { ...SOAK_SHAPE },
    current: { ...SOAK_SHAPE },
  },
  {
    id: 'null-noisy',
    row: 'clean soak, no change (ci-noisy: 4 % run spread, slow wander, gaps)',
    kind: 'null',
    n: 3,
    base: { ...SOAK_SHAPE, ...NOISY() },
    current: { ...SOAK_SHAPE, ...NOISY() },
  },
  {
    id: 'idle-only',
    row: 'a scenario of only an idle phase (footprint at rest), +10 % floor',
    kind: 'detect',
    metric: 'floor',
    n: 3,
    base: { idleOnly: true, idleSec: 60 },
    current: { idleOnly: true, idleSec: 60, floorBytes: FLOOR_MIB * 1.1 * MiB },
  },
];

function NOISY(): Partial<SyntheticSpec> {
  return {
    sigmaMeasBytes: 0.5 * MiB,
    sigmaLiveBytes: 1 * MiB,
    tauLiveSec: 50,
    sigmaBetween: 0.04,
    glitchP: 0.005,
    gapP: 0.01,
  };
}

export interface PresetTally {
  id: string;
  trials: number;
  fail: number;
  warn: number;
  pass: number;
  inconclusive: number;
  /** Trials whose effect exceeded the threshold and still passed (a silent pass). */
  silentPass: number;
}

function side(
  p: Preset,
  spec: Partial<SyntheticSpec>,
  which: 'current' | 'base',
  seed: number,
  offsets: number[],
): RunSummary[] {
  return Array.from({ length: p.n }, (_, i) => {
    const rec = syntheticRun({ ...spec, jobOffset: offsets[i] ?? 0 }, seed * 1000 + i, {
      run: i + 1,
      side: which,
      scenario: p.id,
    });
    if (which === 'current' && p.invalidCurrent?.includes(i + 1)) rec.valid = false;
    return analyseRun(rec, TEST_GATE);
  });
}

/** One comparison of preset p with trial seed. */
export function presetTrial(p: Preset, seed: number): ScenarioVerdict {
  const rng = mulberry32(seed ^ 0x5eed);
  const jobC = (p.jobSpread ?? 0) * rng.normal();
  const jobB = (p.jobSpread ?? 0) * rng.normal();
  const pairs = Array.from({ length: p.n }, () => (p.pairSpread ?? 0) * rng.normal());
  const offC = pairs.map((x) => x + jobC);
  const offB = pairs.map((x) => x + jobB);
  return compareScenario(
    side(p, p.current, 'current', seed, offC),
    side(p, p.base, 'base', seed + 7, offB),
    TEST_GATE,
    { fingerprintMatch: true, ...(p.paired ? { paired: true } : {}) },
  );
}

export function statusOf(v: ScenarioVerdict, metric?: MetricName): Status {
  return metric ? (v.metrics.find((m) => m.metric === metric)?.status ?? 'pass') : v.status;
}

export function runPreset(p: Preset, trials: number, seed0: number): PresetTally {
  const t: PresetTally = { id: p.id, trials, fail: 0, warn: 0, pass: 0, inconclusive: 0, silentPass: 0 };
  for (let k = 0; k < trials; k++) {
    const v = presetTrial(p, seed0 + k * 17);
    const s = statusOf(v, p.metric);
    t[s]++;
    const m = p.metric ? v.metrics.find((x) => x.metric === p.metric) : undefined;
    if (s === 'pass' && m?.effect !== undefined && m.threshold !== undefined && m.effect > m.threshold)
      t.silentPass++;
  }
  return t;
}
