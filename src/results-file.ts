/** Reading and writing `memgate-results.json`: atomic writes, validated reads. */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MemgateError, errorText } from './errors.js';
import { RESULTS_SCHEMA, type Results } from './results.js';
import { readJournal } from './runner/journal.js';
import { journalName } from './runner/run-scenarios.js';

/** Writes JSON to a temp file in the same folder, then renames it over the target (atomic on POSIX). */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new MemgateError('io', { op: 'write', file, reason: errorText(e) });
  }
}

export async function readResults(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new MemgateError('resultsCorrupt', {
      file,
      reason: (e as NodeJS.ErrnoException).code ?? String(e),
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new MemgateError('resultsCorrupt', {
      file,
      reason: `not JSON (${errorText(e)})`,
    });
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (schema !== RESULTS_SCHEMA) {
    throw new MemgateError('resultsCorrupt', {
      file,
      reason: `schema is ${JSON.stringify(schema)}, expected "${RESULTS_SCHEMA}"`,
    });
  }
  if (!Array.isArray((data as Results).scenarios)) {
    throw new MemgateError('resultsCorrupt', { file, reason: '"scenarios" is not a list' });
  }
  return withJournals(data as Results, join(dirname(file), 'runs'));
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
