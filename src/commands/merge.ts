/**
 * `memgate merge`: joins results of shards run on several machines (`run --shard I/N`). Scenarios are
 * disjoint across shards; the same scenario in two files is an error rather than a silent overwrite.
 */
import { resolve } from 'node:path';
import { worstStatus } from '../compare/verdict.js';
import { MemgateError } from '../errors.js';
import type { Io } from '../io.js';
import { readResults } from '../results-file.js';
import type { Results } from '../results.js';
import { writeJsonFile } from '../util/json-file.js';

export function mergeResults(parts: { file: string; results: Results }[]): Results {
  const [first] = parts;
  if (!first) throw new MemgateError('usage', { message: 'merge needs at least one results file' });
  const seen = new Map<string, string>();
  const merged: Results = { ...first.results, scenarios: [], warnings: [...first.results.warnings] };
  for (const { file, results } of parts) {
    if (results.fingerprint.targetHash !== first.results.fingerprint.targetHash) {
      merged.warnings.push(`${file} was run with a different config (target hash differs)`);
    }
    for (const s of results.scenarios) {
      const other = seen.get(s.name);
      if (other !== undefined) {
        throw new MemgateError('usage', { message: `scenario "${s.name}" is in both ${other} and ${file}` });
      }
      seen.set(s.name, file);
      merged.scenarios.push(s);
    }
  }
  merged.verdict = worstStatus(merged.scenarios.map((s) => s.verdict?.status ?? 'inconclusive'));
  return merged;
}

export async function mergeCommand(files: string[], opts: { output: string }, io: Io): Promise<number> {
  const parts = await Promise.all(
    files.map(async (f) => ({ file: f, results: await readResults(resolve(io.cwd, f)) })),
  );
  const merged = mergeResults(parts);
  await writeJsonFile(resolve(io.cwd, opts.output), merged);
  io.stdout.write(
    `merged ${merged.scenarios.length} scenarios from ${files.length} files into ${opts.output}\n`,
  );
  return 0;
}
