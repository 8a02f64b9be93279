/** Readiness from the log: a line containing the text (or matching /regex/) has been written. */
import { open } from 'node:fs/promises';
import { KiB } from '../../units.js';
import type { Probe, ProbeResult } from './probe.js';

export function logProbe(file: string, pattern: string): Probe {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  const matches = regex
    ? (s: string) => new RegExp(regex[1] ?? '', regex[2]).test(s)
    : (s: string) => s.includes(pattern);
  // Read incrementally from where the last attempt stopped; keep only the unfinished last line.
  let offset = 0;
  let carry = '';
  return {
    awaited: `a log line matching ${JSON.stringify(pattern)}`,
    async attempt(): Promise<ProbeResult> {
      let handle;
      try {
        handle = await open(file, 'r');
      } catch {
        return { ok: false, last: 'no log output yet' };
      }
      try {
        const buf = Buffer.alloc(64 * KiB);
        for (;;) {
          const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          const lines = (carry + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
          carry = lines.pop() ?? '';
          if (lines.some(matches)) return { ok: true };
        }
        if (matches(carry)) return { ok: true };
        return { ok: false, last: carry || 'no matching line yet' };
      } finally {
        await handle.close();
      }
    },
  };
}
