/** Where a config path lies in its YAML source: line and column (1-based) of the node or key. */
import { isMap, isNode, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './issues.js';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed YAML file with what is needed to point into it. */
export interface SourceFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/** `scenarios[1].phases[0].load.http.connections` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Position of the node at `path`, or of the key `key` in the map there. A path that does not exist
 * (a missing key) points at its nearest existing ancestor.
 */
export function positionOf(src: SourceFile, path: readonly PathSegment[], key?: string): SourcePosition {
  for (let n = path.length; n >= 0; n--) {
    const node = src.doc.getIn(path.slice(0, n), true);
    if (!isNode(node) || !node.range) continue;
    const at = n === path.length && key !== undefined ? keyNode(node, key) : undefined;
    return toPosition(src, (at ?? node).range?.[0] ?? 0);
  }
  return toPosition(src, src.doc.contents?.range?.[0] ?? 0);
}

function keyNode(node: Node, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === key);
  return isNode(pair?.key) ? pair.key : undefined;
}

export function toPosition(src: SourceFile, offset: number): SourcePosition {
  const { line, col } = src.lines.linePos(offset);
  return { line, column: col };
}

/** A config problem with its place in a file, ready to print as `file:line:column: path: message`. */
export interface LocatedIssue extends SourcePosition {
  file: string;
  /** Dotted path, e.g. `target.port`. */
  path: string;
  message: string;
  /** Set when the problem is an unknown `use:` name: the catalog has its own error for it. */
  unknownScenario?: { name: string; known: string[] };
}

export function locate(
  src: SourceFile,
  path: readonly PathSegment[],
  message: string,
  key?: string,
): LocatedIssue {
  const pos = positionOf(src, path, key);
  return { file: src.file, ...pos, path: formatPath(path), message };
}
