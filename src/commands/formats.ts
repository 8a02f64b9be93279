/** Parses a comma-separated list of report formats (CLI `--format`, Action `format` input). */
import { REPORT_FORMATS, isReportFormat, type ReportFormat } from '../report/index.js';

export { REPORT_FORMATS };

export function parseFormats(
  value: string,
): { ok: true; value: ReportFormat[] } | { ok: false; error: string } {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !isReportFormat(n));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `unknown format ${unknown.join(', ')}; expected some of ${REPORT_FORMATS.join(', ')}`,
    };
  }
  return { ok: true, value: names.filter(isReportFormat) };
}
