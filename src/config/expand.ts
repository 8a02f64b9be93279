/**
 * Expands `use:` entries from the bundled library into named scenarios with validated phases, and
 * checks scenario names are unique. Problems come back located, in the user's file or the library's.
 */
import { definedOnly } from '../util/defined-only.js';
import { issuesFromZod, type ConfigIssue, type PathSegment } from './issues.js';
import {
  listLibraryScenarios,
  pathKey,
  readLibraryScenario,
  substituteParams,
  type LibraryScenario,
} from './library.js';
import { formatPath, locate, type LocatedIssue, type SourceFile } from './positions.js';
import { phases as phasesSchema, type RawPhase, type RawScenarioEntry } from './schema-scenario.js';
import type { RawConfig } from './schema.js';
import { didYouMean } from './suggest.js';

/** A scenario with its phases, either written inline or expanded from the library. */
export interface ExpandedScenario {
  name: string;
  uses?: string;
  phases: RawPhase[];
  /** Overrides of the target's env for this scenario's runs. */
  env?: RawScenarioEntry['env'];
  /** Declared input size, the denominator of amplification. */
  payload?: RawScenarioEntry['payload'];
}

/** What a scenario entry carries besides its phases, whether written inline or used from the library. */
const entryExtras = (entry: RawScenarioEntry) => ({
  ...definedOnly({ env: entry.env, payload: entry.payload }),
});

export function expandScenarios(
  raw: RawConfig,
  user: SourceFile,
  libraryDir: string,
): { scenarios: ExpandedScenario[]; issues: LocatedIssue[] } {
  const scenarios: ExpandedScenario[] = [];
  const issues: LocatedIssue[] = [];
  raw.scenarios.forEach((entry, i) => {
    const r = expandOne(entry, i, user, libraryDir);
    issues.push(...r.issues);
    if (r.scenario) scenarios.push(r.scenario);
  });
  issues.push(...duplicateNames(raw.scenarios, user));
  return { scenarios, issues };
}

function expandOne(entry: RawScenarioEntry, i: number, user: SourceFile, dir: string) {
  if (entry.phases !== undefined) {
    return { scenario: { name: entry.name ?? '', phases: entry.phases, ...entryExtras(entry) }, issues: [] };
  }
  const use = entry.use ?? '';
  const lib = readLibraryScenario(dir, use);
  if (lib === undefined) return { issues: [unknownUse(use, i, user, dir)] };
  if (!lib.scenario) return { issues: lib.issues };
  const issues = [...lib.issues, ...unknownWithKeys(entry, i, lib.scenario, user)];
  const params = { ...lib.scenario.params, ...(entry.with ?? {}) };
  const sub = substituteParams(lib.scenario.phases, params);
  const parsed = phasesSchema.safeParse(sub.value, { reportInput: true });
  if (!parsed.success) {
    for (const issue of issuesFromZod(parsed.error.issues)) {
      issues.push(locateExpanded(issue, sub.fromParam, entry, i, user, lib.scenario));
    }
    return { issues };
  }
  return {
    scenario: { name: entry.name ?? use, uses: use, phases: parsed.data, ...entryExtras(entry) },
    issues,
  };
}

function unknownUse(use: string, i: number, user: SourceFile, dir: string): LocatedIssue {
  const known = listLibraryScenarios(dir);
  const issue = locate(user, ['scenarios', i, 'use'], `unknown scenario "${use}"${didYouMean(use, known)}`);
  return { ...issue, unknownScenario: { name: use, known } };
}

function unknownWithKeys(
  entry: RawScenarioEntry,
  i: number,
  lib: LibraryScenario,
  user: SourceFile,
): LocatedIssue[] {
  const names = Object.keys(lib.params);
  return Object.keys(entry.with ?? {})
    .filter((k) => !names.includes(k))
    .map((k) =>
      locate(
        user,
        ['scenarios', i, 'with'],
        `unknown parameter "${k}" of scenario "${lib.name}"${didYouMean(k, names)}; its parameters: ${names.join(', ') || '(none)'}`,
        k,
      ),
    );
}

/** An issue inside expanded phases: at the `with:` value that caused it, else in the library file. */
function locateExpanded(
  issue: ConfigIssue,
  fromParam: Map<string, string>,
  entry: RawScenarioEntry,
  i: number,
  user: SourceFile,
  lib: LibraryScenario,
): LocatedIssue {
  const where = `phases${formatPath(issue.path)
    .replace(/^\(top level\)$/, '')
    .replace(/^(?=[^[])/, '.')}`;
  for (let n = issue.path.length; n >= 0; n--) {
    const param = fromParam.get(pathKey(issue.path.slice(0, n)));
    if (param === undefined) continue;
    if (entry.with !== undefined && param in entry.with) {
      return locate(
        user,
        ['scenarios', i, 'with', param],
        `${issue.message} (used at ${where} of "${lib.name}")`,
      );
    }
    break;
  }
  const path: PathSegment[] = ['phases', ...issue.path];
  return locate(
    lib.source,
    path,
    `${issue.message} (bundled scenario "${lib.name}", used by scenarios[${i}])`,
    issue.key,
  );
}

function duplicateNames(entries: RawScenarioEntry[], user: SourceFile): LocatedIssue[] {
  const seen = new Map<string, number>();
  const issues: LocatedIssue[] = [];
  entries.forEach((e, i) => {
    const name = e.name ?? e.use ?? '';
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else {
      const key = e.name !== undefined ? 'name' : 'use';
      const msg = `scenario name "${name}" is already used by scenarios[${first}]: give this one a name:`;
      issues.push(locate(user, ['scenarios', i, key], msg));
    }
  });
  return issues;
}
