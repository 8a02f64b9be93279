/**
 * The bundled scenario library (`scenarios/*.yml` at the package root). Each file is a scenario
 * fragment with declared parameters and their defaults:
 *
 *   name: upload-200mb
 *   description: one line
 *   params: { path: /upload, size: 200MiB }
 *   phases:
 *     - load: { upload: { path: "${params.path}", size: "${params.size}" } }
 *
 * A string that is exactly `${params.NAME}` is replaced by the parameter's value with its YAML type
 * (so `count: "${params.count}"` stays a number); a reference inside a longer string is interpolated
 * as text. `use: NAME` + `with: { ... }` overrides the defaults; substitution happens before the
 * phases are validated, so errors in a substituted value point at the `with:` entry that gave it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { issuesFromZod, type PathSegment } from './issues.js';
import { locate, type LocatedIssue, type SourceFile } from './positions.js';
import { checkReferences } from './references.js';
import { strict } from './schema-parts.js';
import { parseYamlSource } from './yaml-source.js';

export interface LibraryScenario {
  name: string;
  description: string;
  /** Parameter name -> default value. */
  params: Record<string, unknown>;
  /** Phases as written, with `${params.*}` references still in place. */
  phases: unknown[];
  source: SourceFile;
}

const libraryFileSchema = strict({
  name: z.string().min(1),
  description: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  phases: z.array(z.unknown()).min(1),
});

/** The `scenarios/` folder next to memgate's package.json, from src/config or from dist/. */
export function defaultScenarioLibraryDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios')))
      return join(dir, 'scenarios');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');
}

export function listLibraryScenarios(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => f.slice(0, -'.yml'.length))
    .sort();
}

/** Reads and checks one library file; undefined when there is no such scenario. */
export function readLibraryScenario(
  dir: string,
  name: string,
): { scenario?: LibraryScenario; issues: LocatedIssue[] } | undefined {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return undefined;
  const file = join(dir, `${name}.yml`);
  if (!existsSync(file)) return undefined;
  const source = parseYamlSource(readFileSync(file, 'utf8'), file);
  const parsed = libraryFileSchema.safeParse(source.doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    return {
      issues: issuesFromZod(parsed.error.issues).map((i) => locate(source, i.path, i.message, i.key)),
    };
  }
  const params = parsed.data.params ?? {};
  const names = Object.keys(params);
  const issues = checkReferences(source, (path) => ({ targetUrl: path[0] === 'phases', params: names }));
  return { scenario: { ...parsed.data, params, source }, issues };
}

/** Result of substituting parameters: the data, and which paths took a parameter's value. */
export interface Substituted {
  value: unknown;
  /** Path (relative to the substituted value) -> parameter name. */
  fromParam: Map<string, string>;
}

const WHOLE_RE = /^\$\{params\.([^}]+)\}$/;
const PART_RE = /\$\{params\.([^}]+)\}/g;

export function substituteParams(value: unknown, params: Record<string, unknown>): Substituted {
  const fromParam = new Map<string, string>();
  const walk = (v: unknown, path: PathSegment[]): unknown => {
    if (typeof v === 'string') {
      const whole = WHOLE_RE.exec(v)?.[1];
      if (whole !== undefined && whole in params) {
        fromParam.set(pathKey(path), whole);
        return params[whole];
      }
      return v.replace(PART_RE, (ref, name: string) => {
        if (!(name in params)) return ref;
        fromParam.set(pathKey(path), name);
        return String(params[name]);
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    }
    return v;
  };
  return { value: walk(value, []), fromParam };
}

export const pathKey = (path: readonly PathSegment[]) => JSON.stringify(path);
