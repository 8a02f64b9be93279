/** Warnings as numbered footnotes: collected once, deduplicated, referenced from each scenario. */
import type { Results } from '../results.js';

export interface Footnotes {
  /** Footnote texts; footnote n is texts[n - 1]. */
  texts: string[];
  /** Footnote numbers per scenario name; '' holds the run-wide ones. */
  byScenario: Map<string, number[]>;
}

export function collectFootnotes(results: Results): Footnotes {
  const texts: string[] = [];
  const byScenario = new Map<string, number[]>();
  const add = (scope: string, text: string): void => {
    let n = texts.indexOf(text) + 1;
    if (n === 0) n = texts.push(text);
    const list = byScenario.get(scope) ?? [];
    if (!list.includes(n)) list.push(n);
    byScenario.set(scope, list);
  };
  for (const w of results.warnings) add('', w);
  for (const s of results.scenarios) {
    for (const w of s.verdict?.warnings ?? []) add(s.name, w);
    for (const sum of s.summaries) for (const w of sum.warnings) add(s.name, w);
    for (const run of s.runs) for (const w of run.warnings) add(s.name, w);
  }
  return { texts, byScenario };
}

/** `[1,3]` style reference, or '' without footnotes. */
export function footnoteRef(notes: Footnotes, scope: string): string {
  const list = notes.byScenario.get(scope) ?? [];
  return list.length === 0 ? '' : `[${list.join(',')}]`;
}
