/**
 * The Action: inputs -> `memgate run` -> job summary, outputs, sticky PR comment, annotations, step
 * status. Everything outside comes in through ActionsEnv and ActionDeps, so tests run it for real
 * against a recorded environment and a local GitHub API server.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Status } from '../compare/verdict.js';
import { errorText, isMemgateError } from '../errors.js';
import type { Io } from '../io.js';
import { exitMeaning } from '../report/table-model.js';
import type { Results } from '../results.js';
import type { RunCommandOptions, RunOutcome } from '../run-types.js';
import { definedOnly } from '../util/defined-only.js';
import type { ActionsEnv } from './actions-env.js';
import { verdictAnnotations } from './annotations.js';
import { pullRequestRef, type GithubEvent } from './event.js';
import { readActionInputs, type ActionInputs } from './inputs.js';
import { toRunOptions } from './options.js';
import { commentNote, upsertStickyComment, type CommentResult } from './pr-comment.js';

export type RunMemgate = (options: RunCommandOptions, io: Io) => Promise<RunOutcome>;

export interface ActionDeps {
  runMemgate: RunMemgate;
  io: Io;
}

/** The `verdict` output: the overall status, or `error` when memgate could not reach one. */
export type ActionVerdict = Status | 'error';

export interface ActionResult {
  verdict: ActionVerdict;
  /** memgate's exit code (0 pass, 1 regression, 2 usage/config, 3 infrastructure). */
  exitCode: number;
  /** The message the step was failed with, when it was. */
  failure?: string;
  comment?: CommentResult;
}

export async function runAction(env: ActionsEnv, deps: ActionDeps): Promise<ActionResult> {
  let inputs: ActionInputs;
  try {
    inputs = readActionInputs(env);
  } catch (e) {
    return finish(env, errorOutcome(e), [], undefined);
  }
  const event = env.event();
  const plan = toRunOptions(inputs, event);
  for (const note of plan.notes) env.warning(note);
  const outcome = withAbsolutePaths(
    await deps.runMemgate(plan.options, deps.io).catch(errorOutcome),
    deps.io.cwd,
  );
  const markdown = await readOptional(outcome.files.md);
  const comment = await maybeComment(env, inputs, event, markdown);
  const notes = [...plan.notes, ...(comment === undefined ? [] : [commentNote(comment)].filter(isString))];
  return finish(env, outcome, notes, markdown, comment);
}

async function finish(
  env: ActionsEnv,
  outcome: RunOutcome,
  notes: string[],
  markdown: string | undefined,
  comment?: CommentResult,
): Promise<ActionResult> {
  const verdict: ActionVerdict = outcome.exitCode >= 2 ? 'error' : (outcome.status ?? 'error');
  env.setOutput('verdict', verdict);
  env.setOutput('results', outcome.resultsFile ?? '');
  env.setOutput('report', outcome.files.md ?? '');
  await env.appendSummary(summaryText(notes, markdown ?? fallbackMarkdown(outcome, verdict)));
  const results = await readResults(outcome.resultsFile);
  for (const annotation of results === undefined ? [] : verdictAnnotations(results)) env.annotate(annotation);
  const failure = failureMessage(outcome, results);
  if (failure !== undefined) env.setFailed(failure);
  // Last, so the step log ends with the verdict, as `memgate run`'s output does.
  env.info(verdictLine(verdict, outcome));
  return {
    verdict,
    exitCode: outcome.exitCode,
    ...definedOnly({ failure, comment }),
  };
}

async function maybeComment(
  env: ActionsEnv,
  inputs: ActionInputs,
  event: GithubEvent,
  markdown: string | undefined,
): Promise<CommentResult | undefined> {
  const ref = pullRequestRef(event);
  if (!inputs.comment || ref === undefined || markdown === undefined) return undefined;
  if (inputs.githubToken === '') {
    return { status: 'error', message: 'the github-token input is empty' };
  }
  const result = await upsertStickyComment(env.issueComments(inputs.githubToken), ref, markdown);
  env.info(`memgate: pull request comment ${result.status}`);
  return result;
}

/** Notes go first, as quoted warnings, so they are seen before the table. */
export function summaryText(notes: string[], markdown: string): string {
  const quoted = notes.map((n) => `> **Warning:** ${n}\n\n`).join('');
  return `${quoted}${markdown}`;
}

/** The summary when there is no Markdown report to show. */
function fallbackMarkdown(outcome: RunOutcome, verdict: ActionVerdict): string {
  if (verdict !== 'error') {
    return `## memgate: ${verdict.toUpperCase()}\n\nNo Markdown report was written (exit code ${outcome.exitCode}); see the step log.\n`;
  }
  const text = outcome.error ?? `memgate exited with code ${outcome.exitCode}`;
  return `## memgate: ERROR\n\nmemgate could not reach a verdict (exit code ${outcome.exitCode}).\n\n\`\`\`text\n${text}\n\`\`\`\n`;
}

/** The step log's last line: the CLI's verdict line, or what stopped memgate before a verdict. */
export function verdictLine(verdict: ActionVerdict, outcome: RunOutcome): string {
  if (verdict !== 'error') return `memgate: ${verdict.toUpperCase()} (${exitMeaning(verdict)})`;
  const reason = (outcome.error ?? '').split('\n')[0] ?? '';
  return `memgate: ERROR (exit ${outcome.exitCode}: ${reason === '' ? 'no verdict' : reason})`;
}

/** undefined when the step passes (exit 0). */
export function failureMessage(outcome: RunOutcome, results: Results | undefined): string | undefined {
  if (outcome.exitCode === 0) return undefined;
  if (outcome.exitCode === 1) {
    const failing = (results?.scenarios ?? [])
      .filter((s) => s.verdict?.status === 'fail' || s.verdict?.status === 'inconclusive')
      .map((s) => `${s.name} (${s.verdict?.status})`);
    const which = failing.length > 0 ? `: ${failing.join(', ')}` : '';
    return `memory regression${which}; see the job summary`;
  }
  return outcome.error ?? `memgate exited with code ${outcome.exitCode}`;
}

/** Outputs name absolute paths, so later steps can use them whatever their working-directory. */
function withAbsolutePaths(outcome: RunOutcome, cwd: string): RunOutcome {
  const files: RunOutcome['files'] = {};
  for (const [format, path] of Object.entries(outcome.files) as [keyof RunOutcome['files'], string][]) {
    files[format] = resolve(cwd, path);
  }
  const resultsFile = outcome.resultsFile === undefined ? undefined : resolve(cwd, outcome.resultsFile);
  return { ...outcome, resultsFile, files };
}

/** A thrown error as the outcome it stands for: catalog errors keep their class, anything else is a bug. */
function errorOutcome(e: unknown): RunOutcome {
  const error = isMemgateError(e) ? `${e.message}\nhint: ${e.hint}` : `internal error: ${errorText(e)}`;
  return {
    exitCode: isMemgateError(e) ? e.exitCode : 3,
    status: undefined,
    resultsFile: undefined,
    files: {},
    error,
  };
}

async function readOptional(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  return readFile(path, 'utf8').catch(() => undefined);
}

async function readResults(path: string | undefined): Promise<Results | undefined> {
  const text = await readOptional(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Results;
  } catch {
    return undefined;
  }
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
