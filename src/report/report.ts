/** The one input every reporter gets, and the Reporter contract (CONTRIBUTING.md#add-a-report-format). */
import type { Results } from '../results.js';

/** A compact series of the baseline's gate metric, drawn under the current run (dashed). */
export interface BaselineSeries {
  tMs: number[];
  bytes: number[];
}

export interface Report {
  results: Results;
  /** Per scenario name; optional overlay from the stored baseline's compact samples. */
  baselineSeries?: Record<string, BaselineSeries>;
  /** ISO time the report was generated; omitted = results.createdAt. */
  generatedAt?: string;
}

export interface RenderOptions {
  /** ANSI colours by status (terminal only). Default false. */
  color?: boolean;
}

/** A pure renderer: no I/O, same input gives the same string. */
export interface Reporter {
  /** File extension, or '' for stdout-only formats. */
  extension: string;
  render(report: Report, opts?: RenderOptions): string;
}
