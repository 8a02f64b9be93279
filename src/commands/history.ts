/**
 * `memgate history`: the nightly trend and change points per scenario (docs/nightly.md#commands);
 * `history append RESULTS.json` records a night; `history issue` keeps the nightly tracking issue.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorText, MemgateError } from '../errors.js';
import { analyseHistory } from '../history/analyse-history.js';
import { readHistory, writeHistory } from '../history/history-file.js';
import { appendNight, emptyHistory, type History } from '../history/history.js';
import { commitRange, describeChange, METRIC_LABEL } from '../history/render-common.js';
import { HISTORY_FORMATS, isHistoryFormat, renderHistory } from '../history/render.js';
import type { TrackingIssueApi } from '../history/tracking-issue.js';
import { syncTrackingIssue } from '../history/tracking-issue.js';
import type { Io } from '../io.js';
import { readResults } from '../results-file.js';

export interface HistoryOptions {
  history: string;
  format?: string;
  output?: string;
}

export async function historyCommand(opts: HistoryOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'terminal';
  if (!isHistoryFormat(format)) {
    throw new MemgateError('usage', {
      message: `unknown format "${format}"; expected one of ${HISTORY_FORMATS.join(', ')}`,
    });
  }
  const history = (await readHistory(resolve(io.cwd, opts.history))) ?? emptyHistory();
  const text = renderHistory(analyseHistory(history), format);
  if (opts.output === undefined) io.stdout.write(text);
  else {
    await writeFile(resolve(io.cwd, opts.output), text);
    io.stdout.write(`wrote ${opts.output}\n`);
  }
  return 0;
}

export async function historyAppendCommand(
  resultsFile: string,
  opts: { history: string; commit?: string },
  io: Io,
): Promise<number> {
  const results = await readResults(resolve(io.cwd, resultsFile));
  const file = resolve(io.cwd, opts.history);
  const before = await readHistory(file);
  const commit = opts.commit ?? results.commit ?? nonEmpty(io.env.GITHUB_SHA);
  const history = appendNight(before, results, commit);
  await writeHistory(file, history);
  io.stdout.write(
    `${opts.history}: night ${history.nights.length} recorded (commit ${commit ?? 'unknown'})\n`,
  );
  return 0;
}

/** Opens or updates the tracking issue; `api` defaults to octokit over GITHUB_TOKEN / GITHUB_REPOSITORY / GITHUB_API_URL. */
export async function historyIssueCommand(
  opts: { history: string },
  io: Io,
  api?: TrackingIssueApi,
): Promise<number> {
  const history: History = (await readHistory(resolve(io.cwd, opts.history))) ?? emptyHistory();
  const result = await syncTrackingIssue(api ?? (await githubApi(io)), analyseHistory(history)).catch(
    (e: unknown) => {
      throw new MemgateError('trackingIssue', { reason: errorText(e) });
    },
  );
  if (result.status === 'unchanged') {
    io.stdout.write(
      `no new change point; ${result.issueNumber === undefined ? 'no tracking issue' : `issue #${result.issueNumber} left as is`}\n`,
    );
    return 0;
  }
  io.stdout.write(`${result.status} issue #${result.issueNumber}:\n`);
  for (const { scenario, metric, cp } of result.newChangePoints) {
    io.stdout.write(
      `  ${scenario} ${METRIC_LABEL[metric]}: ${describeChange(metric, cp)}, commits ${commitRange(cp)}\n`,
    );
  }
  return 0;
}

async function githubApi(io: Io): Promise<TrackingIssueApi> {
  const token = nonEmpty(io.env.GITHUB_TOKEN);
  const repository = nonEmpty(io.env.GITHUB_REPOSITORY);
  if (token === undefined || repository === undefined || !repository.includes('/')) {
    throw new MemgateError('usage', {
      message:
        '`memgate history issue` needs GITHUB_TOKEN and GITHUB_REPOSITORY (owner/name) in the environment',
    });
  }
  const { octokitTrackingIssues } = await import('../history/tracking-issue-octokit.js');
  return await octokitTrackingIssues({ token, repository, apiUrl: nonEmpty(io.env.GITHUB_API_URL) });
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}
