/**
 * A cgroup of its own for a locally spawned target, so its memory is measured like a container's:
 * cgroup v1 memory hierarchy as root (`<memory mount>/memgate/<session>-<n>`), or a v2 subtree we may
 * write (our own cgroup or its parent, when memory is enabled in its subtree_control). Limits: memory
 * and memory+swap both set to memoryBytes (no swap, deterministic OOM: docs/design/measurement.md#no-swap).
 */
import fs from 'node:fs';
import path from 'node:path';
import { MemgateError } from '../../../errors.js';
import { readOptional } from '../../sampling/held-file.js';
import { readHierarchy } from '../../sampling/locate.js';
import { cgroupLineFor, parseProcCgroup } from '../../sampling/parse/proc-cgroup.js';
import { joinDir, mapOntoMount } from '../../sampling/resolve-cgroup.js';

export interface TargetCgroup {
  version: 1 | 2;
  dir: string;
  /** Hierarchy mount point (v2 limit walk), and the unified dir for PSI in hybrid mode. */
  mountPoint: string;
  procsFile: string;
  /** Removes the directory once it is empty; retries while the last tasks exit. */
  remove(): Promise<void>;
}

export type CgroupAttempt = { ok: true; cgroup: TargetCgroup } | { ok: false; reason: string };

export interface CgroupRequest {
  name: string;
  memoryBytes?: number | undefined;
  procRoot?: string;
  fsRoot?: string;
}

export function createTargetCgroup(req: CgroupRequest): CgroupAttempt {
  const procRoot = req.procRoot ?? '/proc';
  const fsRoot = req.fsRoot ?? '';
  const h = readHierarchy(procRoot, fsRoot);
  if (!h || h.version === 'none')
    return { ok: false, reason: 'no cgroup hierarchy carries the memory controller' };
  if (h.version === 1) {
    const mount = h.mounts.find((m) => m.root === '/');
    if (!mount)
      return {
        ok: false,
        reason: 'the v1 memory hierarchy is not mounted at its root here (inside a container?)',
      };
    return tryCreate(
      1,
      `${fsRoot}${mount.mountPoint}/memgate`,
      req.name,
      fsRoot + mount.mountPoint,
      req.memoryBytes,
    );
  }
  const line = cgroupLineFor(parseProcCgroup(readOptional(`${procRoot}/self/cgroup`) ?? ''), 'unified');
  const mapped = line && mapOntoMount(line.path, h.mounts);
  if (!mapped) return { ok: false, reason: 'our own v2 cgroup is not visible in the mount table' };
  const own = fsRoot + joinDir(mapped.mount.mountPoint, mapped.relative);
  const reasons: string[] = [];
  for (const parent of [own, path.dirname(own)]) {
    if (!(readOptional(`${parent}/cgroup.subtree_control`) ?? '').split(/\s+/).includes('memory')) {
      reasons.push(`${parent}: memory not in cgroup.subtree_control`);
      continue;
    }
    const r = tryCreate(2, parent, req.name, fsRoot + mapped.mount.mountPoint, req.memoryBytes);
    if (r.ok) return r;
    reasons.push(r.reason);
  }
  return { ok: false, reason: `no writable v2 subtree with memory delegated (${reasons.join('; ')})` };
}

function tryCreate(
  version: 1 | 2,
  parent: string,
  name: string,
  mountPoint: string,
  memoryBytes?: number,
): CgroupAttempt {
  const dir = `${parent}/${name}`;
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    return { ok: false, reason: `cannot create ${dir}: ${(e as Error).message}` };
  }
  const usage = version === 1 ? 'memory.usage_in_bytes' : 'memory.current';
  try {
    if (!fs.existsSync(`${dir}/${usage}`)) throw new Error(`${usage} missing in the new cgroup`);
    if (memoryBytes !== undefined) setLimit(version, dir, memoryBytes);
  } catch (e) {
    removeNow(dir);
    return { ok: false, reason: `cannot set up ${dir}: ${(e as Error).message}` };
  }
  return {
    ok: true,
    cgroup: {
      version,
      dir,
      mountPoint,
      procsFile: `${dir}/cgroup.procs`,
      remove: () => removeWhenEmpty(dir),
    },
  };
}

function setLimit(version: 1 | 2, dir: string, bytes: number): void {
  if (version === 2) {
    fs.writeFileSync(`${dir}/memory.max`, String(bytes));
    if (fs.existsSync(`${dir}/memory.swap.max`)) fs.writeFileSync(`${dir}/memory.swap.max`, '0');
    return;
  }
  fs.writeFileSync(`${dir}/memory.limit_in_bytes`, String(bytes));
  // memsw must be >= the memory limit; a fresh cgroup's memsw is unlimited, so memory goes first
  if (fs.existsSync(`${dir}/memory.memsw.limit_in_bytes`))
    fs.writeFileSync(`${dir}/memory.memsw.limit_in_bytes`, String(bytes));
}

/** rmdir of a cgroup: true when it is gone (removed now, or already). */
export function removeNow(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

async function removeWhenEmpty(dir: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (removeNow(dir)) return;
    // kill stragglers that left the process group but stayed in the cgroup
    for (const pid of (readOptional(`${dir}/cgroup.procs`) ?? '').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new MemgateError('cleanupFailed', { what: `cgroup ${dir}`, reason: 'tasks still in it' });
}
