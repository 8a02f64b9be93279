/**
 * Issue #3, target logs: the run's log file holds the program's stdout and stderr, and 50 MB of output
 * is streamed to the file by the engine's CLI child without passing through memgate's heap.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runYamlOnce } from '../../helpers/docker-run.js';
import { hasDocker } from '../../helpers/docker.js';
import { MiB, mib, programTarget } from './programs.js';

const config = (floodMb: number, seconds: number) => `
version: 1
${programTarget('chatty.mjs', `memory: 128MiB\nenv: { FLOOD_MB: "${floodMb}" }\nready: { log: stderr-marker-beta, timeout: 20s }`)}
sampling: { interval: 100ms, stats_interval: 500ms }
scenarios:
  - name: logs
    phases:
      - idle: ${seconds}s
`;

describe.runIf(hasDocker)('target logs', () => {
  test('the log file holds stdout and stderr lines', async () => {
    const record = await runYamlOnce(config(0, 1));
    if (!record.logFile) throw new Error('no log file');
    const text = readFileSync(record.logFile, 'utf8');
    expect(text).toContain('stdout-marker-alpha');
    expect(text).toContain('stderr-marker-beta');
    expect(text).toContain('flood done: 0 bytes');
    // Written while memgate stops the container: the log must not be cut at the stop.
    expect(text).toContain('goodbye-marker-omega');
  });

  test('50 MB of output reaches the file whole and does not grow memgate', async () => {
    const record = await runYamlOnce(config(50, 8));
    if (!record.logFile) throw new Error('no log file');
    const sizeBytes = statSync(record.logFile).size;
    console.log(
      `[figures] logs: file ${(sizeBytes / 1e6).toFixed(1)} MB, memgate peak RSS ${mib(record.self.peakRssBytes)}, ` +
        `RSS at start ${mib(record.stats[0]?.selfRssBytes ?? NaN)}, tail: ${record.logTail.slice(-2).join(' | ')}`,
    );
    expect(sizeBytes).toBeGreaterThan(50e6);
    expect(sizeBytes).toBeLessThan(51e6);
    expect(record.logTail.at(-2)).toMatch(/^flood done: \d+ bytes$/);
    expect(record.logTail.at(-1)).toBe('goodbye-marker-omega');
    expect(record.self.peakRssBytes).toBeLessThan(200 * MiB);
    const firstRss = record.stats[0]?.selfRssBytes ?? NaN;
    expect(record.self.peakRssBytes - firstRss).toBeLessThan(40 * MiB);
    expect(record.valid).toBe(true);
  });
});
