/** Stable machine output: the results file, raw base units, 2-space indent. */
import type { Report, Reporter } from './report.js';

export const json: Reporter = {
  extension: 'json',
  render: (report: Report) => `${JSON.stringify(report.results, null, 2)}\n`,
};
