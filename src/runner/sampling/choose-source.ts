/**
 * Picks the best memory source for a target (docs/design/measurement.md#sources): cgroup files, then the Docker stats
 * API, then the process tree. SourceInfo.reason says why the better ones were rejected.
 */
import fs from 'node:fs';
import { MemgateError } from '../../errors.js';
import { definedOnly } from '../../util/defined-only.js';
import { CgroupV1Source, CgroupV2Source } from './cgroup-source.js';
import { DockerApiSource } from './docker-api-source.js';
import { locateCgroup } from './locate.js';
import type { MemorySource } from './memory-source.js';
import { ProcTreeSource } from './proctree-source.js';

export interface ChooseOptions {
  /** Target PID in the daemon's (usually our) PID namespace; absent for remote or Desktop engines. */
  pid?: number;
  containerId?: string;
  /** Unix socket of the engine; the API fallback is skipped without it. */
  dockerSocket?: string;
  /** Skip straight to the API (Docker Desktop, remote DOCKER_HOST). */
  apiOnly?: string;
  procRoot?: string;
  fsRoot?: string;
}

export async function chooseMemorySource(opts: ChooseOptions): Promise<MemorySource> {
  const rejected: string[] = [];
  if (opts.apiOnly) rejected.push(`cgroup files: ${opts.apiOnly}`);
  else if (opts.pid !== undefined) {
    const loc = locateCgroup({
      pid: opts.pid,
      ...definedOnly({ containerId: opts.containerId, procRoot: opts.procRoot, fsRoot: opts.fsRoot }),
    });
    if (loc.ok) {
      const common = {
        dir: loc.dir,
        mountPoint: loc.mountPoint,
        reason: loc.reason,
        ...(loc.psiDir ? { psiDir: loc.psiDir } : {}),
      };
      return loc.version === 2 ? new CgroupV2Source(common) : new CgroupV1Source(common);
    }
    rejected.push(`cgroup files: ${loc.reason}`);
  } else rejected.push('cgroup files: no target PID');

  if (opts.containerId !== undefined && opts.dockerSocket !== undefined && fs.existsSync(opts.dockerSocket)) {
    const api = await DockerApiSource.open({
      containerId: opts.containerId,
      socketPath: opts.dockerSocket,
      reason: `Docker stats API at 1 Hz; rejected ${rejected.join('; ')}`,
    });
    if (api) return api;
    rejected.push('Docker stats API: no container-scoped memory (zeros or not running)');
  } else rejected.push('Docker stats API: no container id or socket');

  const procRoot = opts.procRoot ?? '/proc';
  if (opts.pid !== undefined && fs.existsSync(`${procRoot}/${opts.pid}`)) {
    return new ProcTreeSource({
      pid: opts.pid,
      procRoot,
      reason: `process-tree sum (low confidence); rejected ${rejected.join('; ')}`,
    });
  }
  throw new MemgateError('cannotMeasure', { reason: rejected.join('; ') });
}
