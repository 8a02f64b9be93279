/**
 * Issue #5 on the reference service, the parts too long for CI (test/integration/verdicts covers the
 * rest): (1) no leak vs no leak, five times (3 runs per side each): how often it passes; (2) a
 * 64 KiB/request leak at 20 req/s under 512 MiB for a 150 s load, long enough for a slope
 * (steady window >= 120 s), judged on 1 baseline run and 3 current runs (the 1-run baseline rule:
 * FAIL only for a gross regression). The slope case skips confirm-on-fail (3 more 2.5-minute runs) by
 * running the current side and comparing it directly; confirm-on-fail itself is tested in CI.
 * Needs a Docker engine and the reference images. REAL_VERDICTS=noLeak,slope,leakShort picks parts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBaseline } from '../src/compare/baseline-store.js';
import type { MetricName, ScenarioVerdict } from '../src/compare/verdict.js';
import { parseConfig } from '../src/config/load.js';
import { compareResults, emptyResults } from '../src/pipeline.js';
import type { Results } from '../src/results.js';
import { runPlanOnce } from '../test/helpers/docker-run.js';
import {
  accept,
  CASES,
  configYaml,
  runCase,
  runSide,
  type CaseSpec,
} from '../test/integration/verdicts/real-runs.js';
import type { BenchResult } from './types.js';

const MiB = 1024 * 1024;
const parts = (process.env['REAL_VERDICTS'] ?? 'noLeak,slope,leakShort').split(',');
const NO_LEAK_REPEATS = 5;

type Row = Record<string, string | number>;

function fmt(m: ScenarioVerdict['metrics'][number] | undefined, unit: number, suffix: string): string {
  if (!m) return '-';
  const effect = m.effect === undefined ? '?' : `${(m.effect / unit).toFixed(2)}${suffix}`;
  const p = m.p === undefined ? '' : ` p=${m.p.toPrecision(2)}`;
  return `${m.status} (${effect}${p})`;
}

function verdictRow(label: string, results: Results, wallS: number): Row {
  const s = results.scenarios[0];
  const v = s?.verdict;
  const metric = (n: MetricName) => v?.metrics.find((m) => m.metric === n);
  const shapes = (s?.summaries ?? []).filter((x) => x.side === 'current').map((x) => x.shape);
  return {
    case: label,
    verdict: v?.status ?? 'none',
    floor: fmt(metric('floor'), MiB, ' MiB'),
    slope: fmt(metric('slope'), MiB / 3600, ' MiB/h'),
    peak: fmt(metric('peak'), MiB, ' MiB'),
    oom: metric('oom')?.status ?? '-',
    runs: s?.runs.length ?? 0,
    shapes: [...new Set(shapes)].join(','),
    wall_s: Math.round(wallS),
  };
}

async function noLeakRepeats(rows: Row[], notes: string[]): Promise<void> {
  let passes = 0;
  for (let i = 0; i < NO_LEAK_REPEATS; i++) {
    const t0 = Date.now();
    const r = await runCase(CASES.noLeak);
    const row = verdictRow(`no-leak #${i + 1}`, r.current.results, (Date.now() - t0) / 1000);
    if (row['verdict'] === 'pass') passes++;
    rows.push(row);
  }
  notes.push(`no leak vs no leak: ${passes}/${NO_LEAK_REPEATS} pass (3 runs per side each)`);
}

/** The current side without confirm-on-fail: `repeat` runs, compared with the accepted baseline. */
async function currentSide(
  c: CaseSpec,
  base: Results,
  baselineFile: string,
  repeat: number,
): Promise<Results> {
  const plan = parseConfig(
    configYaml(c.currentKnobs, c.memory, c.name, c.phases),
    join(tmpdir(), 'slope.yml'),
  );
  const results = emptyResults(plan, base.fingerprint.engine, base.fingerprint.cgroupVersion);
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push({ ...(await runPlanOnce(plan)), run: i });
  results.scenarios.push({ name: c.name, runs, summaries: [] });
  return compareResults(results, await readBaseline(baselineFile));
}

async function slopeCase(rows: Row[], notes: string[]): Promise<void> {
  const c: CaseSpec = { ...CASES.leakSlope, repeatBase: 1 };
  const dir = mkdtempSync(join(tmpdir(), 'memgate-rr-slope-'));
  const baselineFile = join(dir, 'baseline.json');
  const t0 = Date.now();
  const base = await runSide(
    dir,
    'base',
    configYaml(c.baseKnobs, c.memory, c.name, c.phases),
    1,
    baselineFile,
  );
  await accept(base.results, baselineFile);
  const current = await currentSide(c, base.results, baselineFile, 3);
  rows.push(verdictRow('leak 64 KiB/req, 150 s', current, (Date.now() - t0) / 1000));
  const steady = (current.scenarios[0]?.summaries ?? []).map((s) => {
    const perReq = s.slopeBytesPerRequest;
    const perReqText = perReq === undefined ? '' : `, ${(perReq / 1024).toFixed(1)} KiB/req`;
    const steadyText = `, steady ${((s.steadyMs ?? 0) / 1000).toFixed(0)} s`;
    return `${s.slopeMeasured === false ? 'not measured' : `${((s.slopeBytesPerSec.value * 3600) / MiB).toFixed(0)} MiB/h`}${perReqText}${steadyText}`;
  });
  notes.push(`slope case, per current run: ${steady.join('; ')}`);
  for (const w of current.scenarios[0]?.verdict?.warnings ?? []) notes.push(`slope case warning: ${w}`);
}

/** The short 64 KiB/request leak through runMemgate, confirm-on-fail included (was in npm test). */
async function leakShortCase(rows: Row[], notes: string[]): Promise<void> {
  const t0 = Date.now();
  const r = await runCase(CASES.leakShort);
  rows.push(verdictRow('leak 64 KiB/req, 6 s', r.current.results, (Date.now() - t0) / 1000));
  notes.push(`short leak: ${(r.current.results.scenarios[0]?.verdict?.warnings ?? []).join('; ')}`);
}

export async function run(): Promise<BenchResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  if (parts.includes('noLeak')) await noLeakRepeats(rows, notes);
  if (parts.includes('slope')) await slopeCase(rows, notes);
  if (parts.includes('leakShort')) await leakShortCase(rows, notes);
  return { name: 'real-verdicts', rows, notes };
}
