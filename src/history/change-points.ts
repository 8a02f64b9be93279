/**
 * Change-point detection over a nightly series: E-divisive with the Hunter/Otava modifications
 * (docs/design/statistics.md#change-points). Sliding windows collect weak change points (p <= 0.01); a merge pass
 * then drops the weakest one at a time, re-tested against its new neighbours, until every survivor has
 * p <= 0.001, a relative magnitude >= 2 % and segments of at least 3 nights on both sides.
 */
import { bestSplit, testSplit, type SegmentStats, type SplitTest } from './e-divisive.js';

export interface ChangePointOptions {
  windowLen: number;
  step: number;
  /** Threshold of the windowed first pass (10 x maxP, as Otava). */
  weakP: number;
  maxP: number;
  /** Smallest |changePct| kept, percent. */
  minMagnitudePct: number;
  minSegment: number;
}

export const CHANGE_POINT_DEFAULTS: ChangePointOptions = {
  windowLen: 30,
  step: 15,
  weakP: 0.01,
  maxP: 0.001,
  minMagnitudePct: 2,
  minSegment: 3,
};

export interface ChangePoint {
  /** Index of the first value after the change. */
  index: number;
  before: SegmentStats;
  after: SegmentStats;
  changePct: number;
  p: number;
}

export function detectChangePoints(
  values: readonly number[],
  opts: Partial<ChangePointOptions> = {},
): ChangePoint[] {
  const o = { ...CHANGE_POINT_DEFAULTS, ...opts };
  if (values.some((v) => !Number.isFinite(v))) throw new Error('detectChangePoints: values must be finite');
  const weak = windowedSplits(values, o);
  return merge(values, weak, o).map(({ index, before, after, changePct, p }) => ({
    index,
    before,
    after,
    changePct,
    p,
  }));
}

/** Hunter's `split`: E-divisive inside each window, the next window starting at the last new point. */
function windowedSplits(z: readonly number[], o: ChangePointOptions): number[] {
  const found = new Set<number>();
  let start = 0;
  while (start < z.length) {
    const end = Math.min(start + o.windowLen, z.length);
    const local = eDivisive(z, start, end, o);
    for (const i of local) found.add(i);
    const last = local.length > 0 ? Math.max(...local) : 0;
    start = Math.max(last, start + o.step);
  }
  return [...found].sort((a, b) => a - b);
}

/** Within z[start:end]: add the best split of any segment while it is significant at weakP. */
function eDivisive(z: readonly number[], start: number, end: number, o: ChangePointOptions): number[] {
  const bounds = [start, end];
  const points: number[] = [];
  for (;;) {
    let best: { index: number; q: number; from: number; to: number } | undefined;
    for (let k = 0; k + 1 < bounds.length; k++) {
      const from = bounds[k]!;
      const to = bounds[k + 1]!;
      const split = bestSplit(z, from, to, o.minSegment);
      if (split && (best === undefined || split.q > best.q)) best = { ...split, from, to };
    }
    if (best === undefined || testSplit(z, best.from, best.index, best.to).p > o.weakP) return points;
    points.push(best.index);
    bounds.push(best.index);
    bounds.sort((a, b) => a - b);
  }
}

/** Hunter's `merge`, with a minimum segment length: repeatedly drop the weakest point until all pass. */
function merge(z: readonly number[], indexes: number[], o: ChangePointOptions): SplitTest[] {
  let points = indexes.slice();
  for (;;) {
    if (points.length === 0) return [];
    const tests = points.map((index, k) =>
      testSplit(z, points[k - 1] ?? 0, index, points[k + 1] ?? z.length),
    );
    const weakest = pickWeakest(tests, o);
    if (weakest === undefined) return tests;
    points = points.filter((i) => i !== weakest.index);
  }
}

/** The point to drop next, or undefined when every point passes. Short segments go first. */
function pickWeakest(tests: SplitTest[], o: ChangePointOptions): SplitTest | undefined {
  const byP = (a: SplitTest, b: SplitTest): SplitTest => (b.p > a.p ? b : a);
  const short = tests.filter((t) => t.shortestSegment < o.minSegment);
  if (short.length > 0) return short.reduce(byP);
  const weakest = tests.reduce(byP);
  if (weakest.p > o.maxP) return weakest;
  const smallest = tests.reduce((a, b) => (Math.abs(b.changePct) < Math.abs(a.changePct) ? b : a));
  return Math.abs(smallest.changePct) < o.minMagnitudePct ? smallest : undefined;
}
