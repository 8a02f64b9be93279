/**
 * Loads memgate.yml into a Plan: YAML with positions -> `${...}` check -> zod schema -> `use:`
 * expansion -> resolution to base units. Every problem found is reported with file:line:column;
 * the first (in file order) is the error's message, the others are its details.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MemgateError } from '../errors.js';
import { expandScenarios } from './expand.js';
import { issuesFromZod } from './issues.js';
import { defaultScenarioLibraryDir } from './library.js';
import type { Plan } from './plan.js';
import { locate, type LocatedIssue } from './positions.js';
import { checkReferences, userConfigPolicy } from './references.js';
import { resolvePlan } from './resolve.js';
import { configSchema } from './schema.js';
import { parseYamlSource } from './yaml-source.js';

export interface LoadOptions {
  /** Folder of the bundled scenarios (`use:`); defaults to memgate's own `scenarios/`. */
  scenarioLibraryDir?: string;
}

export async function loadConfig(file: string, opts: LoadOptions = {}): Promise<Plan> {
  const abs = resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new MemgateError('configNotFound', { file: abs });
    throw new MemgateError('io', { op: 'read', file: abs, reason: (e as Error).message }, { cause: e });
  }
  return parseConfig(text, abs, opts);
}

/** `file` names the source in messages and anchors relative paths (its folder); '' = the current folder. */
export function parseConfig(text: string, file: string, opts: LoadOptions = {}): Plan {
  const src = parseYamlSource(text, file);
  const data: unknown = src.doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw toError([locate(src, [], 'expected a map with version, target and scenarios')], file);
  }
  const issues: LocatedIssue[] = checkReferences(src, userConfigPolicy);
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error.issues).map((i) => locate(src, i.path, i.message, i.key)));
    throw toError(issues, file);
  }
  const expanded = expandScenarios(parsed.data, src, opts.scenarioLibraryDir ?? defaultScenarioLibraryDir());
  issues.push(...expanded.issues);
  if (issues.length > 0) throw toError(issues, file);
  return resolvePlan(parsed.data, expanded.scenarios, file);
}

export function formatIssue(i: LocatedIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path}: ${i.message}`;
}

/** Issues of the config file first, in file order, then those found in bundled scenarios. */
function toError(issues: LocatedIssue[], configFile: string): MemgateError {
  const rank = (i: LocatedIssue) => (i.file === configFile ? 0 : 1);
  const sorted = [...issues].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
  const [first, ...rest] = sorted;
  if (!first) throw new Error('toError needs at least one issue');
  const details = rest.map(formatIssue);
  if (first.unknownScenario) {
    const { name, known } = first.unknownScenario;
    const where = `${first.file}:${first.line}:${first.column}`;
    return new MemgateError(
      'unknownScenario',
      { name, where, known: known.join(', ') || '(none)' },
      { details },
    );
  }
  const { file, line, column, path, message } = first;
  return new MemgateError('configSchema', { file, line, column, path, message }, { details });
}
