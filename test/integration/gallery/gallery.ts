/**
 * The gallery tests run each example of examples/ the way a user does: the built CLI in a copy of the
 * example's folder (so baselines and reports stay out of the checkout), then read the results file.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Results } from '../../../src/results.js';
import { runCliProcess, tempDir, type CliResult } from '../../helpers/run-cli.js';

export const EXAMPLES = resolve(import.meta.dirname, '../../../examples');
const MiB = 2 ** 20;

/** A fresh copy of examples/<name> in a temp folder. */
export function copyExample(name: string): string {
  const dir = tempDir(`memgate-gallery-${name}-`);
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

/** `memgate ARGS` in `dir`, results written to `dir/<out>`. */
export async function memgate(
  dir: string,
  args: string[],
  out: string,
  timeoutMs = 180_000,
): Promise<CliResult> {
  return runCliProcess([...args, '--out', out, '--format', 'terminal,json'], { cwd: dir, timeoutMs });
}

export function results(dir: string, out: string): Results {
  return JSON.parse(readFileSync(join(dir, out, 'memgate-results.json'), 'utf8')) as Results;
}

/** Status of one metric of one scenario. */
export function metricStatus(r: Results, scenario: string, metric: string): string | undefined {
  return r.scenarios.find((s) => s.name === scenario)?.verdict?.metrics.find((m) => m.metric === metric)
    ?.status;
}

/** Per-run figures of a scenario (MiB, for the log and the README table). */
export function figures(r: Results, scenario: string): string {
  const s = r.scenarios.find((x) => x.name === scenario);
  const runs = (s?.summaries ?? []).map((x) => {
    const parts = [
      `peak ${(x.peakBytes / MiB).toFixed(1)} MiB`,
      `floor ${(x.floorBytes / MiB).toFixed(1)} MiB`,
    ];
    if (x.amplification !== undefined) parts.push(`amp ${x.amplification.toFixed(2)}`);
    if (x.jobDurationMs !== undefined) parts.push(`${(x.jobDurationMs / 1000).toFixed(1)} s`);
    if (x.shape !== 'unknown') parts.push(x.shape);
    return `${x.side}#${x.run}: ${parts.join(', ')}`;
  });
  return `${scenario} ${s?.verdict?.status ?? '?'}: ${runs.join(' | ')}`;
}
