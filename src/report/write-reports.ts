/** Where rendered reports go: files in outDir; the terminal format is returned for stdout. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/json-file.js';
import type { ReportFormat } from './index.js';
import { reporters } from './index.js';
import type { RenderOptions, Report } from './report.js';

/** File names per format (README.md#how-it-works); terminal has none. */
export const REPORT_FILES: Record<Exclude<ReportFormat, 'terminal'>, string> = {
  json: 'memgate-results.json',
  md: 'memgate-report.md',
  junit: 'memgate-junit.xml',
  html: 'memgate-report.html',
};

export interface WrittenReports {
  /** Paths of the files written (outDir joined with the file name), in format order. */
  files: string[];
  /** The terminal rendering when 'terminal' was asked for (the caller prints it). */
  terminal?: string;
}

/**
 * Renders each file format and writes it atomically (temp file, then rename) so a reader never sees
 * half a report. Returns the written paths; 'terminal' writes nothing (use writeReportFiles or
 * reporters.terminal.render for the stdout text).
 */
export async function writeReports(
  report: Report,
  formats: readonly ReportFormat[],
  outDir: string,
  opts: RenderOptions = {},
): Promise<string[]> {
  return (await writeReportFiles(report, formats, outDir, opts)).files;
}

/** Writes the files like writeReports and also returns the terminal text when it was asked for. */
export async function writeReportFiles(
  report: Report,
  formats: readonly ReportFormat[],
  outDir: string,
  opts: RenderOptions = {},
): Promise<WrittenReports> {
  const files: string[] = [];
  let terminal: string | undefined;
  const unique = [...new Set(formats)];
  if (unique.some((f) => f !== 'terminal')) await mkdir(outDir, { recursive: true });
  for (const format of unique) {
    const text = reporters[format].render(report, opts);
    if (format === 'terminal') {
      terminal = text;
      continue;
    }
    const path = join(outDir, REPORT_FILES[format]);
    await writeFileAtomic(path, text);
    files.push(path);
  }
  return terminal === undefined ? { files } : { files, terminal };
}
