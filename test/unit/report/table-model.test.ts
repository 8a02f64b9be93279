import { describe, expect, test } from 'vitest';
import type { MetricVerdict } from '../../../src/compare/verdict.js';
import {
  buildVerdictTable,
  exitMeaning,
  formatEffect,
  formatValue,
} from '../../../src/report/table-model.js';
import { sampleResults } from '../../helpers/sample-results.js';

const base: MetricVerdict = { metric: 'slope', status: 'pass', unit: 'bytes/s', reason: 'r' };

describe('verdict table model', () => {
  test('one row per scenario and metric, in verdict order', () => {
    const rows = buildVerdictTable(sampleResults()).rows;
    expect(rows.map((r) => `${r.cells.scenario}/${r.cells.metric}/${r.status}`)).toEqual([
      'steady-api/floor/pass',
      'steady-api/slope/pass',
      'steady-api/peak/pass',
      'steady-api/recovery/pass',
      'giant-export/floor/fail',
      'giant-export/slope/fail',
      'giant-export/peak/fail',
      'giant-export/recovery/inconclusive',
      'giant-export/oom/fail',
    ]);
  });

  test('a scenario without a verdict gets one inconclusive row, never a silent pass', () => {
    const results = sampleResults();
    const first = results.scenarios[0];
    if (first === undefined) throw new Error('fixture');
    delete first.verdict;
    const rows = buildVerdictTable(results).rows.filter((r) => r.cells.scenario === 'steady-api');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('inconclusive');
  });

  test('an insignificant effect prints as ~, a significant one signed in its unit', () => {
    expect(formatEffect({ ...base, effect: 500, p: 0.3 })).toBe('~');
    expect(formatEffect({ ...base, effect: (1024 * 1024) / 3600, p: 0.01 })).toBe('+1.0 MiB/h');
    expect(formatEffect({ ...base, unit: 'bytes', effect: -2048, p: 0.001 })).toBe('-2.0 KiB');
    expect(formatEffect({ ...base, unit: 'bytes', effect: 2048 })).toBe('+2.0 KiB');
    expect(formatEffect(base)).toBe('');
  });

  test('values print in their units; slopes per hour', () => {
    expect(formatValue(1024 ** 3, 'bytes')).toBe('1.0 GiB');
    expect(formatValue((1024 * 1024) / 3600, 'bytes/s')).toBe('1.0 MiB/h');
    expect(formatValue(85.3, 'ratio')).toBe('×85.30');
    expect(formatValue(1, 'count')).toBe('1');
  });

  test('the exit meaning follows SPEC exit codes', () => {
    expect(exitMeaning('fail')).toMatch(/^exit 1/);
    expect(exitMeaning('pass')).toMatch(/^exit 0/);
    expect(exitMeaning('inconclusive')).toContain('--strict');
  });
});
