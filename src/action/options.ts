/** Action inputs + triggering event -> the options of `memgate run`, with the rules only CI needs. */
import type { ReportFormat } from '../report/index.js';
import type { RunCommandOptions } from '../run-types.js';
import { definedOnly } from '../util/defined-only.js';
import { isPullRequestEvent, type GithubEvent } from './event.js';
import type { ActionInputs } from './inputs.js';

/** Where results and reports go, relative to the workspace (upload it with actions/upload-artifact). */
export const ACTION_OUT_DIR = 'memgate-out';

export const PR_BASELINE_NOTE =
  '`update-baseline` is ignored on pull request events: a pull request never rewrites the baseline. ' +
  'Update it from a push or scheduled run on the default branch.';

export interface ActionRunPlan {
  options: RunCommandOptions;
  /** Warnings for the log and the top of the job summary. */
  notes: string[];
}

export function toRunOptions(inputs: ActionInputs, event: GithubEvent): ActionRunPlan {
  const notes: string[] = [];
  let updateBaseline = inputs.updateBaseline;
  if (updateBaseline && isPullRequestEvent(event)) {
    updateBaseline = false;
    notes.push(PR_BASELINE_NOTE);
  }
  const options: RunCommandOptions = {
    config: inputs.config,
    scenario: [],
    out: ACTION_OUT_DIR,
    format: withMarkdown(inputs.format),
    updateBaseline,
    strict: inputs.strict,
    ...definedOnly({ baseline: inputs.baseline, against: inputs.against }),
  };
  return { options, notes };
}

// The job summary and the PR comment are made from the Markdown report, so it is always written.
function withMarkdown(formats: ReportFormat[]): ReportFormat[] {
  return formats.includes('md') ? formats : [...formats, 'md'];
}
