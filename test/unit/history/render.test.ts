import { describe, expect, test } from 'vitest';
import { analyseHistory } from '../../../src/history/analyse-history.js';
import { appendNight, type History } from '../../../src/history/history.js';
import { renderHistory } from '../../../src/history/render.js';
import { HOSTILE_LOG_LINE } from '../../helpers/sample-results.js';
import { commitOf, fortyNights } from './night-results.js';

/** The 40-night history with a step, every scenario renamed to hostile text, cut at `nights`. */
function hostile(nights: number): History {
  const h = fortyNights(2, true)
    .slice(0, nights)
    .reduce<History | undefined>((acc, r) => appendNight(acc, r), undefined)!;
  for (const n of h.nights) {
    const [first] = Object.values(n.scenarios);
    n.scenarios = { [HOSTILE_LOG_LINE]: first! };
  }
  return h;
}

function firstFreshNightCount(): number {
  for (let n = 26; n <= 40; n++) {
    if (analyseHistory(hostile(n)).scenarios[0]!.metrics[0]!.changePoints.some((c) => c.fresh)) return n;
  }
  throw new Error('never fresh');
}

describe('renderHistory', () => {
  const analysis = analyseHistory(hostile(40));

  test('html: inline SVG, change point marked, no raw hostile markup', () => {
    const html = renderHistory(analysis, 'html');
    expect(html).toContain('<svg');
    expect(html).toContain('class="change-point"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  test('md: Mermaid title keeps only harmless characters, table cells escaped', () => {
    const md = renderHistory(analysis, 'md');
    const title = md.split('\n').find((l) => l.includes('title'))!;
    expect(title).not.toMatch(/[<>`|'&]/);
    expect(md).not.toContain('<script>');
    expect(md).toContain(commitOf(analysis.scenarios[0]!.metrics[0]!.changePoints[0]!.night).slice(0, 7));
  });

  test('junit: failure only on the night the change point is new', () => {
    const old = renderHistory(analysis, 'junit');
    expect(old).toContain('failures="0"');
    const tonight = renderHistory(analyseHistory(hostile(firstFreshNightCount())), 'junit');
    expect(tonight).toContain('failures="1"');
    expect(tonight).toMatch(/<failure message="new change point: floor: \+\d+\.\d%/);
    expect(tonight).not.toContain('<script>');
  });

  test('json: the analysis, parseable', () => {
    const parsed = JSON.parse(renderHistory(analysis, 'json')) as { nights: number; schema: string };
    expect(parsed).toMatchObject({ nights: 40, schema: 'memgate/history-analysis@1' });
  });

  test('terminal: empty history says how to start one', () => {
    expect(renderHistory(analyseHistory({ schema: 'memgate/history@1', nights: [] }), 'terminal')).toContain(
      'history append',
    );
  });
});
