/**
 * examples/ml-inference: a numpy inference service (process driver, 384 MiB limit) sent a 1 MiB
 * prompt by memgate's own http generator. With its context window it passes against its own baseline
 * on peak and amplification; with the truncation removed the activations of the long prompt outgrow
 * the limit: fail.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { copyExample, figures, memgate, metricStatus, results } from './gallery.js';

describe('gallery: ML inference, long prompt', () => {
  const dir = copyExample('ml-inference');

  beforeAll(async () => {
    const base = await memgate(dir, ['run', '--update-baseline'], 'out-baseline');
    expect(base.code, base.stdout + base.stderr).toBe(0);
  }, 120_000);

  test('A/A: with a context window, peak and amplification pass against the baseline', async () => {
    const r = await memgate(dir, ['run'], 'out-aa');
    const res = results(dir, 'out-aa');
    console.log(figures(res, 'long-prompt'));
    expect(r.code, r.stdout).toBe(0);
    expect(res.scenarios[0]?.verdict?.status).toBe('pass');
    expect(metricStatus(res, 'long-prompt', 'peak')).toBe('pass');
    expect(metricStatus(res, 'long-prompt', 'amplification')).toBe('pass');
  }, 120_000);

  test('the truncation removed fails: the long prompt takes the peak to the limit', async () => {
    const r = await memgate(dir, ['run', '-c', 'memgate.untruncated.yml'], 'out-regression');
    const res = results(dir, 'out-regression');
    console.log(figures(res, 'long-prompt'));
    expect(r.code, r.stdout).toBe(1);
    expect(metricStatus(res, 'long-prompt', 'oom')).toBe('fail');
    expect(res.scenarios[0]?.summaries[0]?.peakBytes).toBeGreaterThanOrEqual(0.9 * 384 * 2 ** 20);
  }, 120_000);
});
