/** Issue #4 acceptance on the reference service; the runs are in amplify.ts. */
import { describe, expect, test } from 'vitest';
import { hasDocker } from '../../helpers/docker.js';
import { amplification, EXPORT, EXPORT_MEMORY, EXPORT_ROWS, UPLOAD } from './amplify.js';

describe.runIf(hasDocker)('amplification on the reference service', () => {
  test('200 MiB upload: streamed < 0.2, buffered > 0.8', async () => {
    const streamed = await amplification({ UPLOAD_MODE: 'streamed' }, UPLOAD);
    const buffered = await amplification({ UPLOAD_MODE: 'buffered' }, UPLOAD);
    expect(streamed.largestPayloadBytes).toBe(200 * 1024 * 1024);
    expect(streamed.amplification).toBeLessThan(0.2);
    expect(buffered.oom).toBe(false);
    expect(buffered.amplification).toBeGreaterThan(0.8);
  }, 120_000);

  test('~200 MB export (2 000 000 rows, 2 GiB limit): streamed < 0.2, buffered > 0.8', async () => {
    const streamed = await amplification({ EXPORT_MODE: 'streamed' }, EXPORT, EXPORT_MEMORY);
    const buffered = await amplification({ EXPORT_MODE: 'buffered' }, EXPORT, EXPORT_MEMORY);
    expect(streamed.largestPayloadBytes).toBeGreaterThan(EXPORT_ROWS * 100 - 1);
    expect(streamed.amplification).toBeLessThan(0.2);
    expect(buffered.oom).toBe(false);
    expect(buffered.crash ?? false).toBe(false);
    expect(buffered.largestPayloadBytes).toBe(streamed.largestPayloadBytes);
    expect(buffered.amplification).toBeGreaterThan(0.8);
  }, 120_000);
});
