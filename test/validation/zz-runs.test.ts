import { test } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse.js';
import { MiB, syntheticRun, TEST_GATE } from '../helpers/synthetic.js';
import { PRESETS } from './presets.js';
test('runs', () => {
  const p = PRESETS.find((x) => x.id === process.env.ID)!;
  for (const [name, spec] of [
    ['cur', p.current],
    ['base', p.base],
  ] as const) {
    for (let i = 0; i < 6; i++) {
      const s = analyseRun(syntheticRun(spec, 9000 + i), TEST_GATE);
      console.log(
        name,
        ((s.slopeBytesPerSec.value * 3600) / MiB).toFixed(2),
        'p',
        s.slopeBytesPerSec.p.toExponential(1),
        'warm',
        s.warmupEndMs,
        'steady',
        s.steadyMs,
        'm',
        s.blocks,
        'W',
        s.blockMs,
        'floor',
        (s.floorBytes / MiB).toFixed(1),
        'mds',
        (((s.detectableSlopeBytesPerSec ?? 0) * 3600) / MiB).toFixed(1),
        'vif',
        s.vif?.toFixed(2),
        'sig',
        (s.sigmaFloorBytes / MiB).toFixed(2),
        s.step,
        s.warmupCapped,
      );
    }
  }
});
