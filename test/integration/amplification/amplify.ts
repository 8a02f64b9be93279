/**
 * Issue #4: peak growth over the largest payload. A streamed 200 MiB upload or ~200 MB export must
 * hold a small fraction of the payload; the buffered variants hold most of it (or more).
 */
import { analyseRun } from '../../../src/analysis/analyse.js';
import type { RunSummary } from '../../../src/analysis/run-summary.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { runYamlOnce } from '../../helpers/docker-run.js';
import { configYaml, type Knobs } from '../verdicts/real-runs.js';

export const UPLOAD = `
- idle: 3s
- load: { upload: { path: /upload, size: 200MiB, count: 1 } }
- cooldown: 2s`;

/**
 * 2 000 000 rows (~200 MB body), run under 2 GiB. Under 1 GiB the buffered variant dies of "JavaScript
 * heap out of memory" (exit 139, no OOM kill): Node sizes its heap to the cgroup (524 MiB of heap at
 * 1 GiB, 1048 MiB at 2 GiB) and the row strings, the joined string and the Buffer do not fit. Not V8's
 * string-length limit (2^29 - 24 characters), which 200 M characters stay under. Fewer rows do not
 * work either: the streamed export leaves ~25 MB of garbage whatever the size (0.25 at 1 000 000 rows).
 */
export const EXPORT_MEMORY = '2GiB';
export const EXPORT_ROWS = 2_000_000;
export const EXPORT = `
- idle: 3s
- load: { download: { path: '/export?rows=${EXPORT_ROWS}', count: 1 } }
- cooldown: 2s`;

export async function amplification(knobs: Knobs, phases: string, memory = '1GiB'): Promise<RunSummary> {
  const record = await runYamlOnce(configYaml(knobs, memory, 'amplification', phases));
  return analyseRun(record, DEFAULT_GATE);
}
