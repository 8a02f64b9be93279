/** Reads YAML keeping source positions; syntax errors become `configSyntax` errors at file:line:column. */
import {
  isCollection,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type YAMLError,
} from 'yaml';
import { MemgateError } from '../errors.js';
import type { SourceFile } from './positions.js';

/** Errors of constructs left open: the parser notices where it gives up, often lines later. */
const UNCLOSED_CODES = new Set(['BAD_INDENT', 'MISSING_CHAR', 'UNEXPECTED_TOKEN']);

export function parseYamlSource(text: string, file: string): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const [first, ...rest] = doc.errors;
  if (first) {
    const { line, col, note } = errorPosition(doc, lines, first);
    throw new MemgateError(
      'configSyntax',
      { file, line, column: col, message: `${firstLine(first.message)}${note}` },
      {
        details: rest.map((e) => {
          const p = errorPosition(doc, lines, e);
          return `${file}:${p.line}:${p.col}: ${firstLine(e.message)}${p.note}`;
        }),
      },
    );
  }
  return { file, doc, lines };
}

/**
 * Where to point: an unclosed `[`, `{` or quote is reported where it opened (the node whose source
 * range ends where the parser gave up), the error's own position otherwise.
 */
function errorPosition(
  doc: Document,
  lines: LineCounter,
  error: YAMLError,
): { line: number; col: number; note: string } {
  const gaveUp = error.linePos?.[0] ?? { line: 1, col: 1 };
  const opener = UNCLOSED_CODES.has(error.code) ? openerAt(doc, error.pos[0]) : undefined;
  if (opener === undefined) return { ...gaveUp, note: '' };
  const at = lines.linePos(opener);
  if (at.line === gaveUp.line && at.col === gaveUp.col) return { ...gaveUp, note: '' };
  return { ...at, note: ` (opened here; the parser gave up at ${gaveUp.line}:${gaveUp.col})` };
}

/** Start offset of the flow collection or quoted scalar left open at `offset`, if any. */
function openerAt(doc: Document, offset: number): number | undefined {
  let found: number | undefined;
  visit(doc, (_key, node) => {
    const open =
      (isCollection(node) && node.flow === true) ||
      (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'));
    // Outermost first: the visit is depth-first, so the first match is the construct that opened earliest.
    if (open && found === undefined && node.range?.[1] === offset) found = node.range[0];
  });
  return found;
}

/** yaml's pretty errors append a source excerpt after the first line; the position says the same. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
