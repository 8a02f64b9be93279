/**
 * memgate stays small, and says so when it did not: a run in which memgate's own RSS went over its
 * budget is marked invalid (not trusted), with the figures in a warning; within budget it is valid.
 */
import { describe, expect, test } from 'vitest';
import { runYamlOnce } from '../../helpers/docker-run.js';
import { hasDocker, UGLY_IMAGE } from '../../helpers/docker.js';

const config = (budget: string) => `
version: 1
target: { image: ${UGLY_IMAGE}, port: 8080, memory: 256MiB, ready: { http: /healthz, timeout: 30s } }
self_budget: ${budget}
sampling: { interval: 100ms, stats_interval: 250ms }
scenarios:
  - name: budget
    phases:
      - load: { duration: 2s, http: { path: /items, connections: 2 } }
`;

describe.runIf(hasDocker)("memgate's own memory budget", () => {
  test('over budget: the run is invalid and the warning gives the figures', async () => {
    const record = await runYamlOnce(config('16MiB'));
    expect(record.self.peakRssBytes).toBeGreaterThan(16 * 1024 * 1024);
    expect(record.self.withinBudget).toBe(false);
    expect(record.valid).toBe(false);
    expect(record.warnings.join(' ')).toMatch(/memgate's own RSS reached \d+ MiB, over its budget of 16 MiB/);
  });

  test('within budget: valid, and the peak is recorded', async () => {
    const record = await runYamlOnce(config('200MiB'));
    expect(record.self.withinBudget).toBe(true);
    expect(record.valid).toBe(true);
    expect(record.self.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(record.stats.every((s) => (s.selfRssBytes ?? 0) > 0)).toBe(true);
  });
});
