/**
 * Turns zod issues into config issues with memgate's wording ("expected a number, got "abc""):
 * one issue per unknown key, unions reduced to the branch the input was meant for.
 */
import type { z } from 'zod';
import { KNOWN_KEYS_MARK } from './schema-parts.js';
import { didYouMean } from './suggest.js';

export type PathSegment = string | number;

/** One problem in a config file, before it is given a position. */
export interface ConfigIssue {
  path: PathSegment[];
  message: string;
  /** Set for unknown keys: the position is that key's, inside the map at `path`. */
  key?: string;
}

type Issue = z.core.$ZodIssue & { input?: unknown };

export function issuesFromZod(issues: readonly Issue[]): ConfigIssue[] {
  const out = issues.flatMap((i) => flatten(i, []));
  // A refinement of an object that also has unknown keys only repeats the problem: keep the key error.
  const unknownAt = new Set(out.filter((i) => i.key !== undefined).map((i) => pathKey(i.path)));
  return out.filter((i) => i.key !== undefined || !unknownAt.has(pathKey(i.path)) || !isObjectRefinement(i));
}

const pathKey = (p: PathSegment[]) => p.join('\u0000');
const isObjectRefinement = (i: ConfigIssue) => /^(a phase|a scenario|target|ready) /.test(i.message);

function flatten(issue: Issue, prefix: PathSegment[]): ConfigIssue[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  if (issue.code === 'unrecognized_keys') {
    const known = issue.message.startsWith(KNOWN_KEYS_MARK)
      ? issue.message.slice(KNOWN_KEYS_MARK.length).split(',')
      : [];
    return issue.keys.map((key) => ({ path, key, message: `unknown key "${key}"${didYouMean(key, known)}` }));
  }
  if (issue.code === 'invalid_union') {
    const branch = pickBranch(issue.errors as Issue[][]);
    if (branch) return branch.flatMap((i) => flatten(i, path));
    return [{ path, message: unionMessage(issue) }];
  }
  return [{ path, message: messageOf(issue) }];
}

/** An issue saying the input has another type altogether (the branch was not meant for it). */
function isMismatch(i: Issue): boolean {
  if (i.path.length > 0) return false;
  if (i.code === 'invalid_type') return true;
  if (i.code === 'invalid_value') return typeof i.input !== typeof i.values[0];
  if (i.code === 'invalid_union') return (i.errors as Issue[][]).every((b) => b.some(isMismatch));
  return false;
}

/** The branch the input went furthest into; undefined when every branch rejects its type. */
function pickBranch(branches: Issue[][]): Issue[] | undefined {
  let best: Issue[] | undefined;
  let bestDepth = -1;
  for (const b of branches) {
    if (b.some(isMismatch)) continue;
    const depth = Math.max(...b.map((i) => i.path.length));
    if (depth > bestDepth) [best, bestDepth] = [b, depth];
  }
  return best;
}

function unionMessage(issue: Issue & { code: 'invalid_union' }): string {
  if (issue.message !== 'Invalid input') return `${issue.message}, got ${describe(issue.input)}`;
  const wanted = (issue.errors as Issue[][]).map((b) => (b[0] ? expectedOf(b[0]) : 'something else'));
  return `expected ${[...new Set(wanted)].join(' or ')}, got ${describe(issue.input)}`;
}

function expectedOf(i: Issue): string {
  if (i.code === 'invalid_type') return TYPE_NAMES[i.expected] ?? i.expected;
  if (i.code === 'invalid_value') return `one of ${i.values.map(String).join(' | ')}`;
  if (i.code === 'invalid_union' && i.message !== 'Invalid input') return i.message.replace(/^expected /, '');
  return 'something else';
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  object: 'a map',
  array: 'a list',
  boolean: 'true or false',
  null: 'nothing',
  record: 'a map',
};

const isDefault = (m: string) => /^(Invalid|Too small|Too big)/.test(m);

function messageOf(i: Issue): string {
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return `is required (${TYPE_NAMES[i.expected] ?? i.expected})`;
      return `expected ${TYPE_NAMES[i.expected] ?? i.expected}, got ${describe(i.input)}`;
    case 'too_small':
    case 'too_big':
      return isDefault(i.message) ? boundMessage(i) : i.message;
    case 'invalid_value': {
      if (!isDefault(i.message)) return i.message;
      const names = i.values.map(String);
      const hint = typeof i.input === 'string' ? didYouMean(i.input, names) : '';
      return `expected one of ${names.join(' | ')}, got ${describe(i.input)}${hint}`;
    }
    default:
      return i.message;
  }
}

function boundMessage(i: Issue & { code: 'too_small' | 'too_big' }): string {
  const small = i.code === 'too_small';
  const bound = Number(small ? i.minimum : i.maximum);
  if (i.origin === 'array')
    return small ? `needs at least ${bound} item(s)` : `takes at most ${bound} item(s)`;
  if (i.origin === 'string') return small ? 'must not be empty' : `must be at most ${bound} characters`;
  const op = small ? (i.inclusive ? 'at least' : 'more than') : i.inclusive ? 'at most' : 'less than';
  return `must be ${op} ${bound}, got ${describe(i.input)}`;
}

/** A short rendering of a YAML value for messages. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
