import { test } from 'vitest';
import { PRESETS, presetTrial, statusOf } from './presets.js';
test('peek', () => {
  for (const id of (process.env.IDS ?? '').split(',')) {
    const p = PRESETS.find((x) => x.id === id)!;
    const want = process.env.WANT ?? 'fail';
    let shown = 0;
    for (let k = 0; k < Number(process.env.N ?? 200) && shown < 4; k++) {
      const v = presetTrial(p, 424242 + k * 17);
      if (statusOf(v, p.metric) !== want) continue;
      shown++;
      console.log(
        id,
        k,
        v.metrics
          .filter((m) => m.status !== 'pass')
          .map((m) => `${m.metric}:${m.status}: ${m.reason}`)
          .join(' | '),
      );
    }
  }
});
