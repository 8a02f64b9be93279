/** The reporter registry: CLI choices, action input validation and types all come from this object. */
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { md } from './md.js';
import type { Reporter } from './report.js';
import { terminal } from './terminal.js';

export const reporters = { terminal, json, md, junit, html } satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof reporters;

export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(reporters, name);
}

export type { BaselineSeries, RenderOptions, Report, Reporter } from './report.js';
export { sparkline } from './sparkline.js';
