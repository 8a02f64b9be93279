/**
 * Real end-to-end verdicts on the reference service: the baseline side runs through executeRun, is
 * accepted into a baseline file, then the current side runs through executeRun against that file.
 *
 * The two sides differ by image, not by `target.env`: the env is part of the fingerprint's target
 * hash, so a baseline measured with other env values is "not comparable" (inconclusive). Each side
 * therefore gets a derived image `FROM memgate/ugly-service:local` with its knobs baked in as ENV,
 * which is how a real candidate differs from its baseline (new code, same config).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../../src/cli/io.js';
import type { RunOutcome } from '../../../src/commands/run-types.js';
import { executeRun } from '../../../src/commands/run.js';
import { readBaseline, writeBaseline } from '../../../src/compare/baseline-store.js';
import { acceptBaseline } from '../../../src/compare/baseline.js';
import type { Results } from '../../../src/results.js';
import { UGLY_IMAGE } from '../../helpers/docker.js';

export type Knobs = Record<string, string>;

/** A derived image of the reference service with `knobs` as ENV; built once per knob set. */
export function imageWithEnv(knobs: Knobs): string {
  const lines = Object.entries(knobs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `ENV ${k}=${v}`);
  if (lines.length === 0) return UGLY_IMAGE;
  const tag = `memgate/ugly-service:rr-${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12)}`;
  const dir = mkdtempSync(join(tmpdir(), 'memgate-img-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${UGLY_IMAGE}\n${lines.join('\n')}\n`);
  execFileSync('docker', ['build', '-q', '-t', tag, dir], { stdio: 'pipe', timeout: 60_000 });
  return tag;
}

/** A memgate.yml for `image` with one scenario (`phases` is the YAML list under `phases:`). */
export function configYaml(image: string, memory: string, name: string, phases: string): string {
  return `version: 1
target:
  image: ${image}
  port: 8080
  memory: ${memory}
  ready: { http: /healthz, timeout: 30s }
  gc: { http: "POST /debug/gc" }
sampling: { interval: 100ms, stats_interval: 500ms }
scenarios:
  - name: ${name}
    phases:
${phases
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;
}

export interface SideResult {
  outcome: RunOutcome;
  results: Results;
  stdout: string;
  stderr: string;
  wallMs: number;
}

function captureIo(cwd: string): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    argv: [],
    env: {},
    cwd,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    signal: new AbortController().signal,
  };
  return { io, out, err };
}

/** Runs one side through executeRun in `dir` (memgate.yml written there). */
export async function runSide(
  dir: string,
  side: string,
  yaml: string,
  repeat: number,
  baselineFile: string,
): Promise<SideResult> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, `memgate.${side}.yml`);
  writeFileSync(config, yaml);
  const { io, out, err } = captureIo(dir);
  const t0 = Date.now();
  const outcome = await executeRun(
    {
      config,
      scenario: [],
      repeat,
      baseline: baselineFile,
      out: join(dir, `out-${side}`),
      format: ['json'],
    },
    io,
  );
  const wallMs = Date.now() - t0;
  if (outcome.resultsFile === undefined) throw new Error(`no results file: ${err.join('')}`);
  const results = JSON.parse(readFileSync(outcome.resultsFile, 'utf8')) as Results;
  return { outcome, results, stdout: out.join(''), stderr: err.join(''), wallMs };
}

/** `memgate baseline accept`: merges a results file into the baseline file. */
export async function accept(results: Results, baselineFile: string): Promise<void> {
  await writeBaseline(baselineFile, acceptBaseline(results, await readBaseline(baselineFile)));
}

export interface CaseSpec {
  name: string;
  memory: string;
  phases: string;
  baseKnobs: Knobs;
  currentKnobs: Knobs;
  repeatBase: number;
  repeatCurrent: number;
}

export interface CaseResult {
  base: SideResult;
  current: SideResult;
}

/** Baseline side, accept, current side against the accepted baseline. */
export async function runCase(c: CaseSpec, root?: string): Promise<CaseResult> {
  const dir = root ?? mkdtempSync(join(tmpdir(), `memgate-rr-${c.name}-`));
  const baselineFile = join(dir, 'baseline.json');
  const baseYaml = configYaml(imageWithEnv(c.baseKnobs), c.memory, c.name, c.phases);
  const curYaml = configYaml(imageWithEnv(c.currentKnobs), c.memory, c.name, c.phases);
  const base = await runSide(dir, 'base', baseYaml, c.repeatBase, baselineFile);
  await accept(base.results, baselineFile);
  const current = await runSide(dir, 'current', curYaml, c.repeatCurrent, baselineFile);
  return { base, current };
}

/** The cases of issue #5, as run in CI (`full: false`) or in the bench (`full: true`). */
export const CASES = {
  noLeak: {
    name: 'no-leak',
    memory: '256MiB',
    phases: `
- idle: 2s
- load: { duration: 8s, http: { path: /items, connections: 4, rate: 200 } }
- cooldown: 3s`,
    baseKnobs: { LEAK_BYTES_PER_REQUEST: '0' },
    currentKnobs: { LEAK_BYTES_PER_REQUEST: '0' },
    repeatBase: 3,
    repeatCurrent: 3,
  },
  /** Short: floor fails, the slope is "not gated" (steady window < 120 s). */
  leakShort: {
    name: 'leak-short',
    memory: '256MiB',
    phases: `
- idle: 2s
- load: { duration: 10s, http: { path: /items, connections: 2, rate: 80 } }
- cooldown: 3s`,
    baseKnobs: { LEAK_BYTES_PER_REQUEST: '0' },
    currentKnobs: { LEAK_BYTES_PER_REQUEST: '65536' },
    repeatBase: 3,
    repeatCurrent: 3,
  },
  /** Long enough for a slope: >= 120 s steady; 20 req/s x 64 KiB = 1.25 MiB/s under 512 MiB. */
  leakSlope: {
    name: 'leak-slope',
    memory: '512MiB',
    phases: `
- idle: 3s
- load: { duration: 150s, http: { path: /items, connections: 2, rate: 20 } }
- cooldown: 3s`,
    baseKnobs: { LEAK_BYTES_PER_REQUEST: '0' },
    currentKnobs: { LEAK_BYTES_PER_REQUEST: '65536' },
    repeatBase: 3,
    repeatCurrent: 3,
  },
  /** 2000 x 4 KiB cache filled by the warm-up, then churned (evictions) under load. */
  boundedCache: {
    name: 'bounded-cache',
    memory: '256MiB',
    phases: `
- idle: 2s
- warmup: { http: { path: /items, connections: 4, amount: 3000 } }
- load: { duration: 10s, http: { path: /items, connections: 4, rate: 200 } }
- cooldown: 3s`,
    baseKnobs: { CACHE_MAX_ENTRIES: '2000' },
    currentKnobs: { CACHE_MAX_ENTRIES: '2000' },
    repeatBase: 3,
    repeatCurrent: 3,
  },
  /** GET /report allocates SPIKE_MB for ~150 ms, a few times during light load. */
  spike: {
    name: 'report-spike',
    memory: '512MiB',
    phases: `
- idle: 2s
- load:
    duration: 8s
    http:
      - { path: /items, connections: 2, rate: 50 }
      - { path: /report, connections: 1, rate: 1, amount: 4 }
- cooldown: 3s`,
    baseKnobs: { SPIKE_MB: '0' },
    currentKnobs: { SPIKE_MB: '300' },
    repeatBase: 3,
    repeatCurrent: 3,
  },
  /** A buffered export of 600 000 rows (~60 MB body, several times that in strings) under 256 MiB. */
  oom: {
    name: 'export-oom',
    memory: '256MiB',
    phases: `
- idle: 2s
- load: { download: { path: '/export?rows=600000', count: 1 } }
- cooldown: 2s`,
    baseKnobs: { EXPORT_MODE: 'streamed' },
    currentKnobs: { EXPORT_MODE: 'buffered' },
    repeatBase: 1,
    repeatCurrent: 1,
  },
} satisfies Record<string, CaseSpec>;

/** The verdict of the case's only scenario in the current side's results. */
export function verdictOf(r: CaseResult) {
  const v = r.current.results.scenarios[0]?.verdict;
  if (!v) throw new Error('no verdict');
  return v;
}
