import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readJournal, RunJournal, type JournalHeader } from '../../../src/runner/journal.js';
import type { RunRecord, StatSample } from '../../../src/runner/run-record.js';

const header: JournalHeader = {
  scenario: 'soak',
  run: 0,
  side: 'current',
  driver: 'docker',
  target: { image: 'x', memoryLimitBytes: 1 },
  startedAt: '2026-01-01T00:00:00.000Z',
  intervalMs: 100,
  statsIntervalMs: 1000,
  source: { kind: 'cgroup-v1', confidence: 'high', reason: 'test', peakSupported: true, psiSupported: false },
};

function write(n: number): { file: string; journal: RunJournal } {
  const file = join(mkdtempSync(join(tmpdir(), 'journal-')), 'soak.current.0.ndjson');
  const journal = new RunJournal(file, header);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 10; k++) journal.fast(i * 1000 + k * 100, 1000 + i);
    const s: StatSample = { tMs: i * 1000 + 999, usageBytes: 1000 + i, nonReclaimableBytes: 500 + i };
    journal.stat(s);
  }
  journal.phase({ kind: 'soak', index: 0, startMs: 0, endMs: n * 1000 });
  return { file, journal };
}

describe('run journal', () => {
  test('a finished run reads back exactly', () => {
    const { file, journal } = write(5);
    const record = { ...readJournal(file), valid: true } as RunRecord;
    journal.finish({ ...record, warnings: ['w'], logTail: ['last line'] });
    const back = readJournal(file);
    expect(back.stats).toHaveLength(5);
    expect(back.fast).toHaveLength(50);
    expect(back.phases).toEqual([{ kind: 'soak', index: 0, startMs: 0, endMs: 5000 }]);
    expect(back.logTail).toEqual(['last line']);
    expect(back.warnings).toEqual(['w']);
    expect(back.scenario).toBe('soak');
  });

  test('a run cut off mid-write keeps everything up to the last whole line, flagged', () => {
    const { file, journal } = write(7);
    journal.close();
    appendFileSync(file, '{"s":{"tMs":7999,"usage'); // half a line: memgate was killed mid-write
    const back = readJournal(file);
    expect(back.stats).toHaveLength(7);
    expect(back.stats.at(-1)?.nonReclaimableBytes).toBe(506);
    expect(back.oom.classification).toBe('UNKNOWN');
    // Readable and analysable, but a run nobody saw end never counts.
    expect(back.valid).toBe(false);
    expect(back.cutShort).toBe('memgate was cut off at 7 s');
    expect(back.warnings.join()).toMatch(/cut off at 7 s/);
  });

  test('a broken line in the middle is corruption, not silently skipped', () => {
    const { file, journal } = write(3);
    journal.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '{broken';
    writeFileSync(file, lines.join('\n'));
    expect(() => readJournal(file)).toThrow(/line 2 is not JSON/);
  });
});
