import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isMemgateError } from '../../../src/errors.js';
import { analyseHistory } from '../../../src/history/analyse-history.js';
import { readHistory, writeHistory } from '../../../src/history/history-file.js';
import { appendNight, HISTORY_SCHEMA, type History } from '../../../src/history/history.js';
import { commitOf, fortyNights, nightResults } from './night-results.js';

const MiB = 1024 * 1024;

describe('appendNight', () => {
  test('records the median of the valid current runs per scenario', () => {
    const results = nightResults(0, [100 * MiB, 130 * MiB, 110 * MiB], 'abc123');
    const first = results.scenarios[0]!;
    first.summaries.push({ ...first.summaries[0]!, floorBytes: 999 * MiB, valid: false });
    first.summaries.push({ ...first.summaries[0]!, floorBytes: 999 * MiB, side: 'base' });
    const h = appendNight(undefined, results);
    expect(h.schema).toBe(HISTORY_SCHEMA);
    expect(h.nights).toHaveLength(1);
    const night = h.nights[0]!;
    expect(night.commit).toBe('abc123');
    expect(night.date).toBe(results.createdAt);
    expect(night.fingerprint).toEqual(results.fingerprint);
    expect(night.scenarios[first.name]).toMatchObject({ floorBytes: 110 * MiB, runs: 3 });
    expect(night.scenarios[first.name]!.verdict).toBe(first.verdict?.status);
  });

  test('the commit argument wins over results.commit; without either it is "unknown"', () => {
    expect(appendNight(undefined, nightResults(0, [1], 'fromresults'), 'flag').nights[0]!.commit).toBe(
      'flag',
    );
    expect(appendNight(undefined, nightResults(0, [1])).nights[0]!.commit).toBe('unknown');
  });

  test('keeps nights in date order and keeps repeated commits as separate nights', () => {
    let h = appendNight(undefined, nightResults(2, [1], 'same'));
    h = appendNight(h, nightResults(1, [1], 'same'));
    h = appendNight(h, nightResults(3, [1], 'same'));
    expect(h.nights.map((n) => n.date.slice(0, 10))).toEqual(['2025-01-02', '2025-01-03', '2025-01-04']);
  });
});

describe('history file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-history-'));

  test('round trip: write, read, append, read', async () => {
    const file = join(dir, 'sub', 'history.json');
    expect(await readHistory(file)).toBeUndefined();
    const h1 = appendNight(undefined, nightResults(0, [150 * MiB], 'a'));
    await writeHistory(file, h1);
    const back = await readHistory(file);
    expect(back).toEqual(h1);
    const h2 = appendNight(back, nightResults(1, [151 * MiB], 'b'));
    await writeHistory(file, h2);
    expect((await readHistory(file))?.nights.map((n) => n.commit)).toEqual(['a', 'b']);
  });

  test.each([
    ['not JSON', '{"schema": "memgate/history@1", nights: ['],
    ['wrong schema', '{"schema": "memgate/results@1", "nights": []}'],
    ['bad nights', '{"schema": "memgate/history@1", "nights": [{"commit": 1}]}'],
  ])('corrupt file (%s): historyCorrupt, exit 2, file untouched', async (_label, text) => {
    const file = join(dir, `corrupt-${_label.replace(/ /g, '-')}.json`);
    writeFileSync(file, text);
    const err = await readHistory(file).catch((e: unknown) => e);
    expect(isMemgateError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'historyCorrupt', exitCode: 2 });
    expect((err as Error).message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('analyseHistory', () => {
  function build(seed: number, step: boolean): History {
    return fortyNights(seed, step).reduce<History | undefined>((h, r) => appendNight(h, r), undefined)!;
  }

  test('a 6 % floor step at night 25: one change point on the floor, commit range around it', () => {
    const a = analyseHistory(build(7, true));
    expect(a.nights).toBe(40);
    const floor = a.scenarios[0]!.metrics.find((m) => m.metric === 'floorBytes')!;
    expect(floor.values).toHaveLength(40);
    expect(floor.changePoints).toHaveLength(1);
    const cp = floor.changePoints[0]!;
    expect(Math.abs(cp.night - 25)).toBeLessThanOrEqual(1);
    expect(cp.commits).toEqual({ from: commitOf(cp.night - 1), to: commitOf(cp.night) });
    expect(cp.fresh).toBe(false);
    // Peak and slope did not move.
    const others = a.scenarios[0]!.metrics.filter((m) => m.metric !== 'floorBytes');
    expect(others.flatMap((m) => m.changePoints)).toEqual([]);
  });

  test('a change point is fresh exactly on the night it is first found', () => {
    const nights = fortyNights(3, true);
    let h: History | undefined;
    const freshOn: number[] = [];
    for (const [i, r] of nights.entries()) {
      h = appendNight(h, r);
      const cps = analyseHistory(h).scenarios[0]!.metrics[0]!.changePoints;
      if (cps.some((cp) => cp.fresh)) freshOn.push(i);
    }
    expect(freshOn).toHaveLength(1);
    // Found once, when 3 nights sit after the change (minimum segment; the change may be placed a
    // night early, at 24), and not much later.
    expect(freshOn[0]).toBeGreaterThanOrEqual(26);
    expect(freshOn[0]).toBeLessThanOrEqual(30);
  });
});
