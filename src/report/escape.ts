/** Escaping for every string that may come from the target (log lines, names, reasons). */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

// XML 1.0 forbids most C0 control characters even as entities; drop them so the file stays parseable.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** XML text and attribute values (JUnit). */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, '')).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** XML element text: keeps newlines readable. */
export function escapeXmlText(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, ''));
}

/** Markdown inline text and table cells: no table breaks, no raw HTML, no code spans. */
export function escapeMd(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** A code fence longer than any backtick run inside `body`, so target text cannot close it. */
export function codeFence(body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001B\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** Strips ANSI escape sequences and other control characters from one log line. */
export function cleanLogLine(line: string, maxChars: number): string {
  const plain = line.replace(ANSI_ESCAPE, '').replace(CONTROL, '');
  return plain.length > maxChars ? `${plain.slice(0, maxChars - 1)}…` : plain;
}
