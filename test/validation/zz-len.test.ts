import { test } from 'vitest';
import { PRESETS, runPreset } from './presets.js';
test('len', () => {
  const p = PRESETS.find((x) => x.id === 'leak-2x-soak')!;
  const n = PRESETS.find((x) => x.id === 'null-soak')!;
  for (const L of [900, 1200]) {
    const f = (q: typeof p) => ({ ...q, base: { ...q.base, loadSec: L }, current: { ...q.current, loadSec: L } });
    console.log('LEN', L, JSON.stringify(runPreset(f(p), 400, 424242)), JSON.stringify(runPreset(f(n), 400, 424242)));
  }
}, 600000);
