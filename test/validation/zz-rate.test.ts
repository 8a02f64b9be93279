import { test } from 'vitest';
import { PRESETS, runPreset } from './presets.js';
test('rate', () => {
  for (const id of (process.env.IDS ?? '').split(',')) {
    const p = PRESETS.find((x) => x.id === id)!;
    const m = process.env.METRIC;
    console.log(
      'RATE',
      id,
      m,
      JSON.stringify(
        runPreset(
          { ...p, ...(m ? { metric: m as never } : {}) },
          Number(process.env.N ?? 400),
          Number(process.env.SEED ?? 424242),
        ),
      ),
    );
  }
}, 600000);
