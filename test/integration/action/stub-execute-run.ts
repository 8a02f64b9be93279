/**
 * A stand-in for the lead's runMemgate (src/commands/run.ts) in tests only: writes real report files with
 * the report module's renderers and returns the outcome `memgate run` would. Records what it was asked.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunMemgate } from '../../../src/action/main-logic.js';
import type { Io } from '../../../src/io.js';
import type { Report } from '../../../src/report/report.js';
import { REPORT_FILES, writeReports } from '../../../src/report/write-reports.js';
import type { RunCommandOptions, RunOutcome } from '../../../src/run-types.js';

export interface StubRun {
  runMemgate: RunMemgate;
  calls: RunCommandOptions[];
  outDir: string;
}

export function stubExecuteRun(report: Report, exitCode: 0 | 1): StubRun {
  const outDir = mkdtempSync(join(tmpdir(), 'memgate-action-'));
  const calls: RunCommandOptions[] = [];
  const runMemgate = async (options: RunCommandOptions): Promise<RunOutcome> => {
    calls.push(options);
    const formats = (options.format ?? ['md']).filter((f) => f !== 'terminal');
    await writeReports(report, [...new Set([...formats, 'json' as const])], outDir);
    const files: RunOutcome['files'] = {};
    for (const f of formats) files[f] = join(outDir, REPORT_FILES[f]);
    return { exitCode, status: report.results.verdict, resultsFile: join(outDir, REPORT_FILES.json), files };
  };
  return { runMemgate, calls, outDir };
}

export function testIo(): Io {
  const sink = { write: () => true };
  return {
    argv: [],
    env: {},
    cwd: process.cwd(),
    stdout: sink,
    stderr: sink,
    signal: new AbortController().signal,
  };
}
