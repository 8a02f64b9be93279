/** `memgate baseline accept RESULTS`: write or merge results into the baseline, atomically. */
import { resolve } from 'node:path';
import { readBaseline, writeBaseline } from '../compare/baseline-store.js';
import { acceptBaseline } from '../compare/baseline.js';
import { MemgateError } from '../errors.js';
import type { Io } from '../io.js';
import { readResults } from '../results-file.js';
import { isPullRequest } from './run.js';

export async function baselineAcceptCommand(
  resultsFile: string,
  opts: { baseline: string },
  io: Io,
): Promise<number> {
  const file = resolve(io.cwd, opts.baseline);
  if (isPullRequest(io.env)) {
    throw new MemgateError('baselineOnPullRequest', { file, event: io.env['GITHUB_EVENT_NAME'] ?? '' });
  }
  const results = await readResults(resolve(io.cwd, resultsFile));
  const existing = await readBaseline(file);
  // Throws before anything is written when no run of the results counts.
  const next = acceptBaseline(results, existing);
  await writeBaseline(file, next);
  const measured = new Set(results.scenarios.map((s) => s.name));
  const counts = Object.entries(next.scenarios).map(
    ([name, s]) =>
      `${name} (${s.summaries.length} run${s.summaries.length === 1 ? '' : 's'}${measured.has(name) ? '' : ', kept'})`,
  );
  io.stdout.write(`baseline ${opts.baseline}: ${counts.join(', ')}\n`);
  return 0;
}
