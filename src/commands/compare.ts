/** `memgate compare BASELINE RESULTS`: re-evaluate stored results against a baseline, run nothing. */
import { resolve } from 'node:path';
import { readBaseline } from '../compare/baseline-store.js';
import { MemgateError } from '../errors.js';
import type { Io } from '../io.js';
import { compareResults, noValidRunError, outcomeExitCode } from '../pipeline.js';
import type { ReportFormat } from '../report/index.js';
import { writeReportFiles } from '../report/write-reports.js';
import { readResults } from '../results-file.js';

export async function compareCommand(
  baselineFile: string,
  resultsFile: string,
  opts: { format?: ReportFormat[]; out: string; strict?: boolean },
  io: Io,
): Promise<number> {
  const file = resolve(io.cwd, baselineFile);
  const baseline = await readBaseline(file);
  if (!baseline) throw new MemgateError('baselineCorrupt', { file, reason: 'no such file' });
  const results = compareResults(await readResults(resolve(io.cwd, resultsFile)), baseline);
  const formats = opts.format ?? ['terminal'];
  const written = await writeReportFiles({ results }, formats, resolve(io.cwd, opts.out), {
    color: io.stdout.isTTY === true,
  });
  if (written.terminal !== undefined)
    io.stdout.write(written.terminal.endsWith('\n') ? written.terminal : `${written.terminal}\n`);
  const noValid = noValidRunError(results);
  if (noValid !== undefined) throw noValid;
  return outcomeExitCode(results, opts.strict === true);
}
