/** Batches of analysed synthetic runs for compare and validation tests. */
import { analyseRun } from '../../src/analysis/analyse.js';
import type { RunSummary } from '../../src/analysis/run-summary.js';
import { syntheticRun, TEST_GATE, type SyntheticSpec } from './synthetic.js';

export function summaries(
  spec: Partial<SyntheticSpec>,
  n: number,
  seed: number,
  side: 'current' | 'base' = 'current',
): RunSummary[] {
  return Array.from({ length: n }, (_, i) =>
    analyseRun(syntheticRun(spec, seed * 1000 + i, { run: i, side }), TEST_GATE),
  );
}
