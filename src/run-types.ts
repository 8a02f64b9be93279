/** The options and outcome of `memgate run`, shared by the CLI and the GitHub Action. */
import type { Status } from './compare/verdict.js';
import type { ReportFormat } from './report/index.js';

export interface RunCommandOptions {
  config: string;
  scenario: string[];
  repeat?: number;
  baseline?: string;
  against?: string;
  out: string;
  format?: ReportFormat[];
  updateBaseline?: boolean;
  strict?: boolean;
  shard?: string;
  driver?: 'docker' | 'process';
}

export interface RunOutcome {
  /** 0 pass, 1 regression, 2 config/usage, 3 infrastructure. */
  exitCode: number;
  /** Overall verdict; undefined when the run failed before a verdict (exit 2 or 3). */
  status: Status | undefined;
  /** Path of memgate-results.json, when written. */
  resultsFile: string | undefined;
  /** Report files written, by format. */
  files: Partial<Record<ReportFormat, string>>;
  /** The error text when exitCode is 2 or 3. */
  error?: string;
}
