import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, verdictAnnotations } from '../../../src/action/annotations.js';
import { manyScenariosReport, sampleResults } from '../../helpers/sample-results.js';

describe('verdict annotations', () => {
  it('makes one error per failing scenario-metric and a warning per inconclusive one, errors first', () => {
    const annotations = verdictAnnotations(sampleResults());
    expect(annotations.map((a) => a.level)).toEqual(['error', 'error', 'error', 'error', 'warning']);
    for (const a of annotations) expect(a.title).toMatch(/^memgate: giant-export /);
    expect(annotations.every((a) => a.message.length > 0)).toBe(true);
  });

  it('caps at 10 with a last "and N more"', () => {
    const results = manyScenariosReport(4, 0).results; // 4 x (4 fail + 1 inconclusive) = 20
    const annotations = verdictAnnotations(results);
    expect(annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(annotations.slice(0, 9).every((a) => a.level === 'error')).toBe(true);
    expect(annotations[9]).toEqual({
      level: 'error',
      title: 'memgate: more findings',
      message: 'and 11 more; see the job summary for the full table',
    });
  });

  it('says nothing for a passing run', () => {
    const results = sampleResults();
    expect(verdictAnnotations({ ...results, scenarios: results.scenarios.slice(0, 1) })).toEqual([]);
  });
});
