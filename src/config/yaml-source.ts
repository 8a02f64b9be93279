/** Reads YAML keeping source positions; syntax errors become `configSyntax` errors at file:line:column. */
import { LineCounter, parseDocument } from 'yaml';
import { MemgateError } from '../errors.js';
import type { SourceFile } from './positions.js';

export function parseYamlSource(text: string, file: string): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const [first, ...rest] = doc.errors;
  if (first) {
    const pos = first.linePos?.[0] ?? { line: 1, col: 1 };
    throw new MemgateError(
      'configSyntax',
      { file, line: pos.line, column: pos.col, message: firstLine(first.message) },
      {
        details: rest.map(
          (e) => `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: ${firstLine(e.message)}`,
        ),
      },
    );
  }
  return { file, doc, lines };
}

/** yaml's pretty errors append a source excerpt after the first line; the position says the same. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
