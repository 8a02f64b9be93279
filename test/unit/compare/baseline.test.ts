import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyseRun } from '../../../src/analysis/analyse.js';
import { readBaseline, writeBaseline } from '../../../src/compare/baseline-store.js';
import { acceptBaseline, BASELINE_SCHEMA } from '../../../src/compare/baseline.js';
import { bucketPerSecond, decodeSamples, encodeSamples } from '../../../src/compare/compact-samples.js';
import { isMemgateError } from '../../../src/errors.js';
import { RESULTS_SCHEMA, type Results } from '../../../src/results.js';
import { TEST_FINGERPRINT as fingerprint } from '../../helpers/fingerprint.js';
import { syntheticRun, TEST_GATE } from '../../helpers/synthetic.js';

function results(seed: number, n: number): Results {
  const runs = Array.from({ length: n }, (_, i) =>
    syntheticRun({ loadSec: 200, cooldownSec: 30 }, seed + i, { run: i }),
  );
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'memgate', version: '0.1.0' },
    createdAt: '2025-01-01T00:00:00Z',
    commit: 'c1',
    gate: TEST_GATE,
    fingerprint,
    target: { description: 'synthetic' },
    configFile: '',
    scenarios: [{ name: 'synthetic', runs, summaries: runs.map((r) => analyseRun(r, TEST_GATE)) }],
    verdict: 'pass',
    warnings: [],
  };
}

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'memgate-baseline-'));
}

async function rejected(file: string): Promise<string> {
  try {
    await readBaseline(file);
  } catch (e) {
    if (isMemgateError(e) && e.code === 'baselineCorrupt') return e.message;
    throw e;
  }
  throw new Error('expected baselineCorrupt');
}

describe('baseline store', () => {
  test('missing file -> undefined', async () => {
    expect(await readBaseline(join(await tmp(), 'none.json'))).toBeUndefined();
  });
  test('corrupt JSON and wrong shape are rejected and left byte-identical', async () => {
    const dir = await tmp();
    for (const content of [
      '{"schema": "memgate/baseline@1", ',
      JSON.stringify({ schema: BASELINE_SCHEMA, created: 1 }),
    ]) {
      const file = join(dir, 'b.json');
      await writeFile(file, content);
      const msg = await rejected(file);
      expect(msg).toContain(file);
      expect(await readFile(file, 'utf8')).toBe(content);
    }
  });
  test('unknown schema version is rejected with the reason', async () => {
    const file = join(await tmp(), 'b.json');
    await writeFile(file, JSON.stringify({ schema: 'memgate/baseline@2', scenarios: {} }));
    expect(await rejected(file)).toContain('unknown schema version memgate/baseline@2');
  });
  test('atomic write round-trips and leaves no temp file; accept keeps the last 5 runs', async () => {
    const dir = await tmp();
    const file = join(dir, 'baseline.json');
    let b = acceptBaseline(results(100, 3));
    b = acceptBaseline(results(200, 4), b);
    expect(b.scenarios['synthetic']!.summaries).toHaveLength(5);
    expect(b.scenarios['synthetic']!.samples).toHaveLength(5);
    await writeBaseline(file, b);
    expect(await readdir(dir)).toEqual(['baseline.json']);
    const back = await readBaseline(file);
    expect(back).toEqual(JSON.parse(JSON.stringify(b)));
  });
  test('compact samples round-trip within one page', () => {
    const t = Array.from({ length: 500 }, (_, i) => i * 1000 + 3);
    const y = t.map((_, i) => 150e6 + Math.round(Math.sin(i / 7) * 3e6 + i * 1234.5));
    const { t0Ms, values } = bucketPerSecond(t, y);
    const c = encodeSamples('non_reclaimable', t0Ms, values);
    const d = decodeSamples(c);
    expect(d.bytes).toHaveLength(500);
    for (let i = 0; i < 500; i++) expect(Math.abs(d.bytes[i]! - y[i]!)).toBeLessThanOrEqual(2048);
    expect(c.data.length).toBeLessThan(500 * 3);
  });
});

describe('baseline lifecycle', () => {
  const rename = (r: Results, name: string): Results => ({
    ...r,
    scenarios: r.scenarios.map((s) => ({ ...s, name })),
  });
  const invalid = (r: Results): Results => ({
    ...r,
    scenarios: r.scenarios.map((s) => ({
      ...s,
      runs: s.runs.map((x) => ({ ...x, valid: false })),
      summaries: s.summaries.map((x) => ({ ...x, valid: false })),
    })),
  });

  test('writing creates missing folders', async () => {
    const file = join(await tmp(), 'repo', '.memgate', 'baseline.json');
    await writeBaseline(file, acceptBaseline(results(1, 1)));
    expect((await readBaseline(file))?.scenarios['synthetic']?.summaries).toHaveLength(1);
  });

  test('results with zero valid runs are refused; the caller writes nothing', () => {
    const existing = acceptBaseline(results(1, 2));
    let code = '';
    try {
      acceptBaseline(invalid(results(5, 2)), existing);
    } catch (e) {
      code = isMemgateError(e) ? `${e.code} ${e.exitCode}` : String(e);
    }
    expect(code).toBe('baselineNoValidRuns 2');
  });

  test('a scenario not re-measured is kept, also when the fingerprint changed', () => {
    const first = acceptBaseline(rename(results(1, 2), 'a'));
    const moved = { ...rename(results(3, 2), 'b'), fingerprint: { ...fingerprint, cpus: 4 } };
    const next = acceptBaseline(moved, first);
    expect(Object.keys(next.scenarios).sort()).toEqual(['a', 'b']);
    expect(next.fingerprint.cpus).toBe(4);
    // a keeps the environment it was measured in, so it is never compared as if it matched.
    expect(next.scenarios['a']?.fingerprint?.cpus).toBe(2);
    expect(next.scenarios['b']?.fingerprint).toBeUndefined();
    // Re-measured in the new environment, a starts over and drops its old fingerprint.
    const again = acceptBaseline({ ...rename(results(7, 1), 'a'), fingerprint: moved.fingerprint }, next);
    expect(again.scenarios['a']?.summaries).toHaveLength(1);
    expect(again.scenarios['a']?.fingerprint).toBeUndefined();
    expect(again.scenarios['b']?.summaries).toHaveLength(2);
  });

  test('a baseline read back from disk merges with results of the same environment (key order aside)', async () => {
    const file = join(await tmp(), 'baseline.json');
    await writeBaseline(file, acceptBaseline(results(1, 2)));
    const reversed = Object.fromEntries(Object.entries(fingerprint).reverse()) as typeof fingerprint;
    const next = acceptBaseline({ ...results(3, 2), fingerprint: reversed }, await readBaseline(file));
    expect(next.scenarios['synthetic']?.summaries).toHaveLength(4);
  });
});
