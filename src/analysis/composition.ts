/** Composition shift (docs/design/statistics.md#composition): anon rising while page cache shrinks. */
import type { RunRecord } from '../runner/run-record.js';
import { msToSec } from '../units.js';
import type { Window } from './recovery.js';
import { theilSen } from './stats/trend.js';

// Subsample so Theil-Sen stays O(300^2) whatever the run length.
const MAX_POINTS = 300;

function slopeOf(record: RunRecord, win: Window, field: 'anonBytes' | 'fileBytes'): number | undefined {
  const pts = record.stats.filter(
    (s) => s.tMs >= win.startMs && s.tMs <= win.endMs && typeof s[field] === 'number',
  );
  if (pts.length < 10) return undefined;
  const step = Math.max(1, Math.ceil(pts.length / MAX_POINTS));
  const sub = pts.filter((_, i) => i % step === 0);
  return theilSen(
    Float64Array.from(sub, (p) => msToSec(p.tMs)),
    Float64Array.from(sub, (p) => p[field]!),
  ).slope;
}

export function compositionShift(record: RunRecord, win: Window): boolean {
  const anon = slopeOf(record, win, 'anonBytes');
  const file = slopeOf(record, win, 'fileBytes');
  return anon !== undefined && file !== undefined && anon > 0 && file < 0;
}
