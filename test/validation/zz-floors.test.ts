import { test } from 'vitest';
import { detectGc } from '../../src/analysis/blocks.js';
import { buildSeries, pickSamples } from '../../src/analysis/series.js';
import { steadyWindow } from '../../src/analysis/steady.js';
import { MiB, syntheticRun } from '../helpers/synthetic.js';
import { PRESETS } from './presets.js';
test('floors', () => {
  const p = PRESETS.find((x) => x.id === process.env.ID)!;
  const rec = syntheticRun(p.base, Number(process.env.SEED));
  const pk = pickSamples(rec, 'non_reclaimable', []);
  const s = buildSeries(pk.tMs, pk.bytes);
  const gc = detectGc(s, 10000, 610000);
  const st = steadyWindow(s, { startMs: 10000, endMs: 610000 }, gc, 10000, []);
  console.log('FL', Array.from(st.steady.floor, (f) => (f / MiB).toFixed(2)).join(' '));
  console.log('FL', JSON.stringify(gc));
});
