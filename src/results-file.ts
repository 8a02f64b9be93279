/** Reading `memgate-results.json`: a validated read, with runs recovered from their journals. */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { MemgateError } from './errors.js';
import { RESULTS_SCHEMA, type Results } from './results.js';
import { readJournal } from './runner/journal.js';
import { journalName } from './runner/run-scenarios.js';
import { readJsonFile } from './util/json-file.js';

const wrongSchema = (found: unknown): string =>
  `schema is ${JSON.stringify(found)}, expected "${RESULTS_SCHEMA}"`;

/** What a results file must hold before it is read as one (the rest is memgate's own output). */
const resultsFileSchema = z.looseObject(
  {
    schema: z.literal(RESULTS_SCHEMA, { error: (issue) => wrongSchema(issue.input) }),
    scenarios: z.array(z.unknown(), { error: '"scenarios" is not a list' }),
  },
  { error: () => wrongSchema(undefined) },
);

export async function readResults(file: string): Promise<Results> {
  const data = await readJsonFile(file, {
    schema: resultsFileSchema,
    corrupt: (reason) => new MemgateError('resultsCorrupt', { file, reason }),
    asRead: true,
  });
  return withJournals(data as unknown as Results, join(dirname(file), 'runs'));
}

/**
 * Folds in runs that exist only as journals next to the results file: the run in progress when memgate
 * was killed. Each recovered run carries a warning saying so.
 */
function withJournals(results: Results, dir: string): Results {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.ndjson'));
  } catch {
    return results;
  }
  const known = new Set(
    results.scenarios.flatMap((s) => s.runs.map((r) => journalName(r.scenario, r.side, r.run))),
  );
  for (const name of names.filter((n) => !known.has(n)).sort()) {
    const record = readJournal(join(dir, name));
    let scenario = results.scenarios.find((s) => s.name === record.scenario);
    if (!scenario) {
      scenario = { name: record.scenario, runs: [], summaries: [] };
      results.scenarios.push(scenario);
    }
    scenario.runs.push(record);
    results.warnings.push(`run ${record.run + 1} of ${record.scenario} recovered from its journal ${name}`);
  }
  return results;
}
