import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InsideTarget } from '../../../../src/runner/drivers/inside-target.js';
import { parseClassHistogram } from '../../../../src/runner/evidence/class-histogram.js';
import { collectEvidence, evidenceDir } from '../../../../src/runner/evidence/collect.js';

const JCMD = ` num     #instances         #bytes  class name (module)
-------------------------------------------------------
   1:          7302        3637496  [B (java.base@17.0.21.1)
   2:           300       39321600  Service$LeakedRecord
   3:          6799         163176  java.lang.String (java.base@17.0.21.1)
Total         14401       43122272
`;

function fake(overrides: Partial<InsideTarget> = {}): InsideTarget {
  return {
    urlFor: async () => undefined,
    exec: async (_argv, _t, file) => {
      if (file) writeFileSync(file, JCMD);
      return { exitCode: 0, timedOut: false, stdout: '', stderr: '' };
    },
    signal: async () => undefined,
    collect: async () => [],
    processInfo: async () => ({ argv: [], env: {} }),
    ...overrides,
  };
}

describe('class histogram', () => {
  it('reads jcmd GC.class_histogram and plain name-count-bytes tables, largest first', () => {
    expect(parseClassHistogram(JCMD)?.slice(0, 2)).toEqual([
      { name: 'Service$LeakedRecord', count: 300, bytes: 39321600 },
      { name: '[B (java.base@17.0.21.1)', count: 7302, bytes: 3637496 },
    ]);
    expect(parseClassHistogram('a 1 10\nb 2 20\nc 3 30\n')?.[0]).toEqual({ name: 'c', count: 3, bytes: 30 });
    expect(parseClassHistogram('hello world\n')).toBeUndefined();
  });
});

describe('evidence steps', () => {
  it('writes exec output under evidence/SCENARIO/RUN and keeps the histogram in the record', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memgate-ev-'));
    const rec = await collectEvidence(
      fake(),
      { when: 'always', steps: [{ kind: 'exec', argv: ['jcmd', '1', 'GC.class_histogram'], waitMs: 1000 }] },
      out,
      evidenceDir('my scenario', 'base', 2),
      'always',
    );
    expect(rec.steps[0]).toMatchObject({
      ok: true,
      files: ['evidence/my_scenario/base-2/1-jcmd-1-GC.class_histogram.txt'],
    });
    expect(rec.steps[0]?.histogram?.[0]?.name).toBe('Service$LeakedRecord');
    expect(readFileSync(join(out, rec.steps[0]!.files[0]!), 'utf8')).toBe(JCMD);
  });

  it('a failing, timing-out or throwing step is a result, never an exception, and stays within its wait', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memgate-ev-'));
    const inside = fake({
      exec: async () => ({ exitCode: null, timedOut: true, stdout: '', stderr: '' }),
      signal: async () => {
        throw new Error('no such container');
      },
    });
    const started = Date.now();
    const rec = await collectEvidence(
      inside,
      {
        when: 'on-fail',
        steps: [
          { kind: 'exec', argv: ['slow'], waitMs: 100 },
          { kind: 'signal', signal: 'SIGUSR2', collect: '/tmp/*.heapsnapshot', waitMs: 300 },
          { kind: 'signal', signal: 'SIGUSR1', waitMs: 300 },
        ],
      },
      out,
      'evidence/s/0',
      'peak near the limit',
    );
    expect(rec.steps.map((s) => s.ok)).toEqual([false, false, false]);
    expect(rec.steps[0]?.detail).toMatch(/timed out after 100 ms/);
    expect(rec.steps[1]?.detail).toMatch(/no such container/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a signal whose files never appear gives up at its wait', async () => {
    const out = mkdtempSync(join(tmpdir(), 'memgate-ev-'));
    const started = Date.now();
    const rec = await collectEvidence(
      fake(),
      { when: 'always', steps: [{ kind: 'signal', signal: 'SIGUSR2', collect: '/tmp/*.x', waitMs: 700 }] },
      out,
      'evidence/s/0',
      'always',
    );
    expect(rec.steps[0]).toMatchObject({ ok: false, detail: 'no file matched /tmp/*.x within 700 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
