/** Issue #4 acceptance on the reference service; the runs are in amplify.ts. */
import { describe, expect, test } from 'vitest';
import { hasDocker } from '../../helpers/docker.js';
import { amplification, UPLOAD } from './amplify.js';

describe.runIf(hasDocker)('amplification on the reference service (1 GiB limit)', () => {
  test('200 MiB upload: streamed < 0.2, buffered > 0.8', async () => {
    const streamed = await amplification({ UPLOAD_MODE: 'streamed' }, UPLOAD);
    const buffered = await amplification({ UPLOAD_MODE: 'buffered' }, UPLOAD);
    expect(streamed.largestPayloadBytes).toBe(200 * 1024 * 1024);
    expect(streamed.amplification).toBeLessThan(0.2);
    expect(buffered.oom).toBe(false);
    expect(buffered.amplification).toBeGreaterThan(0.8);
  }, 120_000);

  // Buffered 2 000 000-row export: the service exited (EXITED, not an OOM kill) at a 584 MB peak under
  // 1 GiB and the download recorded no payload, so there is no amplification figure yet (see report).
  test.todo('~200 MB export: streamed < 0.2, buffered > 0.8');
});
