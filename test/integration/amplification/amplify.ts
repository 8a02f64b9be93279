/**
 * Issue #4: peak growth over the largest payload. A streamed 200 MiB upload or ~200 MB export must
 * hold a small fraction of the payload; the buffered variants hold most of it (or more).
 */
import { analyseRun } from '../../../src/analysis/analyse.js';
import type { RunSummary } from '../../../src/analysis/run-summary.js';
import { DEFAULT_GATE } from '../../../src/config/defaults.js';
import { runYamlOnce } from '../../helpers/docker-run.js';
import { configYaml, imageWithEnv, type Knobs } from '../verdicts/real-runs.js';

export const UPLOAD = `
- idle: 3s
- load: { upload: { path: /upload, size: 200MiB, count: 1 } }
- cooldown: 2s`;

export const EXPORT_ROWS = 2_000_000;
export const EXPORT = `
- idle: 3s
- load: { download: { path: '/export?rows=${EXPORT_ROWS}', count: 1 } }
- cooldown: 2s`;

export async function amplification(knobs: Knobs, phases: string): Promise<RunSummary> {
  const record = await runYamlOnce(configYaml(imageWithEnv(knobs), '1GiB', 'amplification', phases));
  return analyseRun(record, DEFAULT_GATE);
}
