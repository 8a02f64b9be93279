/** Report format names accepted on the command line and in the Action's `format` input. */
export const REPORT_FORMATS = ['terminal', 'json', 'md', 'junit', 'html'] as const;
export type FormatName = (typeof REPORT_FORMATS)[number];

export function parseFormats(value: string): { ok: true; value: FormatName[] } | { ok: false; error: string } {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !(REPORT_FORMATS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    return { ok: false, error: `unknown format ${unknown.join(', ')}; expected some of ${REPORT_FORMATS.join(', ')}` };
  }
  return { ok: true, value: names as FormatName[] };
}
