/** `memgate report`: renders a results file in one format, to a file or stdout. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MemgateError } from '../errors.js';
import type { Io } from '../io.js';
import { compareResults } from '../pipeline.js';
import { isReportFormat, REPORT_FORMATS, reporters } from '../report/index.js';
import { readResults } from '../results-file.js';

export async function reportCommand(
  resultsFile: string,
  opts: { format: string; output?: string },
  io: Io,
): Promise<number> {
  if (!isReportFormat(opts.format)) {
    throw new MemgateError('usage', {
      message: `unknown format "${opts.format}"; expected one of ${REPORT_FORMATS.join(', ')}`,
    });
  }
  let results = await readResults(resolve(io.cwd, resultsFile));
  // Runs recovered from journals (memgate was killed) have no summaries yet: analyse them now.
  if (results.scenarios.some((s) => s.summaries.length !== s.runs.length))
    results = compareResults(results, undefined);
  const text = reporters[opts.format].render({ results });
  if (opts.output === undefined) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  } else {
    await writeFile(resolve(io.cwd, opts.output), text);
    io.stdout.write(`wrote ${opts.output}\n`);
  }
  return 0;
}
