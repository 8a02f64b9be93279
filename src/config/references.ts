/**
 * `${...}` references in config strings. Only `${target.url}`, `${target.host}` and `${target.port}`
 * exist for users (substituted by the runner once the target's URL is known, see target-url.ts), and
 * only inside scenario phases and
 * `with:`; bundled scenarios also use `${params.NAME}` (see library.ts). Anything else is an error
 * at load time, at the reference's position.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { PathSegment } from './issues.js';
import { formatPath, toPosition, type LocatedIssue, type SourceFile } from './positions.js';

export const TARGET_URL_REF = '${target.url}';
export const TARGET_HOST_REF = '${target.host}';
export const TARGET_PORT_REF = '${target.port}';
const TARGET_REFS = ['target.url', 'target.host', 'target.port'];
const REF_RE = /\$\{([^}]*)\}|\$\{/g;

/** Where `${target.url}` (and host, port) may appear, given a scalar's path. */
export type RefPolicy = (path: readonly PathSegment[]) => { targetUrl: boolean; params: readonly string[] };

export const userConfigPolicy: RefPolicy = (path) => ({
  targetUrl: path[0] === 'scenarios' && (path[2] === 'phases' || path[2] === 'with'),
  params: [],
});

export function checkReferences(src: SourceFile, policy: RefPolicy): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  walkScalars(src.doc.contents as Node | null, [], (node, path) => {
    if (typeof node.value !== 'string' || !node.value.includes('${')) return;
    const allowed = policy(path);
    for (const m of node.value.matchAll(REF_RE)) {
      const problem = refProblem(m[1], allowed);
      if (problem === undefined) continue;
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      const pos = toPosition(src, (node.range?.[0] ?? 0) + quoted + (m.index ?? 0));
      issues.push({ file: src.file, ...pos, path: formatPath(path), message: problem });
    }
  });
  return issues;
}

function refProblem(name: string | undefined, allowed: ReturnType<RefPolicy>): string | undefined {
  if (name === undefined) return 'unclosed "${": write ${target.url}';
  const ref = `\${${name}}`;
  if (TARGET_REFS.includes(name)) {
    return allowed.targetUrl ? undefined : `${ref} is only substituted inside scenario phases and with:`;
  }
  const param = /^params\.(.+)$/.exec(name)?.[1];
  if (param !== undefined && allowed.params.includes(param)) return undefined;
  if (allowed.params.length > 0) {
    return `unknown reference "${ref}": declared parameters are ${allowed.params.join(', ')}`;
  }
  return `unknown reference "${ref}": only ${TARGET_URL_REF}, ${TARGET_HOST_REF} and ${TARGET_PORT_REF} are substituted`;
}

export function walkScalars(
  node: Node | null | undefined,
  path: PathSegment[],
  visit: (node: Node & { value: unknown; type?: string }, path: PathSegment[]) => void,
): void {
  if (isScalar(node)) visit(node, path);
  else if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      walkScalars(pair.value as Node | null, [...path, key], visit);
    }
  } else if (isSeq(node))
    node.items.forEach((item, i) => walkScalars(item as Node | null, [...path, i], visit));
}
