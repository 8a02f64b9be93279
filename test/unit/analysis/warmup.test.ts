import { describe, expect, test } from 'vitest';
import { fitWarmup, warmupResidualBytes } from '../../../src/analysis/warmup.js';

const MiB = 1024 * 1024;
const W_MS = 24_000;

/** Block floors of a 20 MiB warm-up (tau 90 s) over 600 s on a 150 MiB level, small seeded noise. */
function warmupFloors(): { t: Float64Array; y: Float64Array } {
  let seed = 7;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.4 * MiB;
  const t = Float64Array.from({ length: 25 }, (_, i) => W_MS / 2 + i * W_MS);
  const y = Float64Array.from(t, (x) => 150 * MiB + 20 * MiB * (1 - Math.exp(-x / 90_000)) + noise());
  return { t, y };
}

describe('fitWarmup', () => {
  test('finds a 20 MiB warm-up and ends it after it has settled', () => {
    const { t, y } = warmupFloors();
    const fit = fitWarmup(t, y, W_MS, 0.15 * MiB, 300_000);
    expect(fit.accepted).toBe(true);
    expect(fit.endMs).toBeGreaterThan(200_000);
    expect(fit.amplitudeBytes / MiB).toBeGreaterThan(10);
  });

  test('one wild block floor (a dip that was no V) does not hide the warm-up', () => {
    const { t, y } = warmupFloors();
    y[15] = y[15]! - 54 * MiB;
    const fit = fitWarmup(t, y, W_MS, 0.15 * MiB, 300_000);
    expect(fit.accepted).toBe(true);
    expect(fit.endMs).toBeGreaterThan(200_000);
  });

  test('the residual added back is what the fitted curve still has to climb, and none without a fit', () => {
    const { t, y } = warmupFloors();
    const fit = fitWarmup(t, y, W_MS, 0.15 * MiB, 300_000);
    expect(warmupResidualBytes(fit, 0)).toBeCloseTo(fit.amplitudeBytes, 0);
    expect(warmupResidualBytes(fit, 600_000)).toBeLessThan(0.1 * MiB);
    const flat = fitWarmup(
      t,
      Float64Array.from(t, () => 150 * MiB),
      W_MS,
      0.15 * MiB,
      300_000,
    );
    expect(warmupResidualBytes(flat, 0)).toBe(0);
  });
});
