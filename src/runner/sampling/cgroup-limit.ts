/** Effective v2 limit: min(memory.max) over the directory and its ancestors up to the mount point (docs/design/measurement.md#limit). */
import path from 'node:path';
import { readOptional } from './held-file.js';
import { parseCgroupValue } from './parse/keyed.js';

/** null = unlimited at every level; undefined = no memory.max readable at all. */
export function effectiveV2Limit(dir: string, mountPoint: string): number | null | undefined {
  let limit: number | null | undefined;
  const stop = path.resolve(mountPoint);
  for (let d = path.resolve(dir); d.startsWith(stop) && d !== stop; d = path.dirname(d)) {
    const text = readOptional(`${d}/memory.max`);
    const v = text === undefined ? undefined : parseCgroupValue(text);
    if (v === undefined) continue;
    if (v === null) limit ??= null;
    else limit = limit === null || limit === undefined ? v : Math.min(limit, v);
  }
  return limit;
}
