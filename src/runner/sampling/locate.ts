/**
 * Finds and validates a target's cgroup directory from its PID (docs/design/measurement.md#locate).
 * Paths are never built from conventions: they come from /proc/<pid>/cgroup and /proc/self/mountinfo.
 * `procRoot` and `fsRoot` are injectable so tests run on fixture trees.
 */
import fs from 'node:fs';
import { definedOnly } from '../../util/defined-only.js';
import { readOptional } from './held-file.js';
import { parseMountinfo } from './parse/mountinfo.js';
import { parseProcCgroup } from './parse/proc-cgroup.js';
import { parseProcStat } from './parse/proc-files.js';
import { findMemoryHierarchy, resolveCgroup, type MemoryHierarchy } from './resolve-cgroup.js';

export interface LocateOptions {
  /** The target's PID in our PID namespace (`docker inspect .State.Pid`, or the spawned child). */
  pid: number;
  /** When given, a path component must name it (12-character short ids allowed). */
  containerId?: string;
  /** Default `/proc`. */
  procRoot?: string;
  /** Prefix for every cgroup filesystem path (tests); default ''. */
  fsRoot?: string;
}

export type CgroupLocation =
  | {
      ok: true;
      version: 1 | 2;
      /** Directory to measure (memory.* files), fsRoot included. */
      dir: string;
      /** The init's own cgroup directory (may be a sub-cgroup of dir). */
      leafDir: string;
      /** Mount point of the memory hierarchy (the limit walk stops here). */
      mountPoint: string;
      /** Where memory.pressure is read: dir on v2, the unified directory in hybrid mode. */
      psiDir?: string;
      hybrid: boolean;
      /** Field 22 of /proc/<pid>/stat, to detect PID reuse. */
      startTime?: string;
      reason: string;
    }
  | { ok: false; gone: boolean; reason: string };

export function readHierarchy(procRoot = '/proc', fsRoot = ''): MemoryHierarchy | undefined {
  const text = readOptional(`${procRoot}/self/mountinfo`);
  if (text === undefined) return undefined;
  return findMemoryHierarchy(parseMountinfo(text), (mp) =>
    readOptional(`${fsRoot}${mp}/cgroup.controllers`)?.trim().split(/\s+/),
  );
}

export function locateCgroup(opts: LocateOptions): CgroupLocation {
  const { pid, containerId, procRoot = '/proc', fsRoot = '' } = opts;
  const cgroupText = readOptional(`${procRoot}/${pid}/cgroup`);
  if (cgroupText === undefined) {
    return {
      ok: false,
      gone: false,
      reason: `/proc/${pid} is not visible here (another PID namespace, a VM or a remote daemon)`,
    };
  }
  const startTime = parseProcStat(readOptional(`${procRoot}/${pid}/stat`) ?? '')?.startTime;
  const hierarchy = readHierarchy(procRoot, fsRoot);
  if (!hierarchy) return { ok: false, gone: false, reason: `${procRoot}/self/mountinfo is unreadable` };
  const r = resolveCgroup(parseProcCgroup(cgroupText), hierarchy, containerId);
  if (!r.ok) return r;
  const dir = fsRoot + r.dir;
  const leafDir = fsRoot + r.leafDir;
  const failure = validate(dir, leafDir, pid, r.version);
  if (failure) return { ok: false, gone: false, reason: failure };
  const psiDir = r.version === 2 ? dir : r.psiDir && existingPsiDir(fsRoot + r.psiDir);
  return {
    ok: true,
    version: r.version,
    dir,
    leafDir,
    mountPoint: fsRoot + r.mountPoint,
    hybrid: hierarchy.hybrid,
    ...(psiDir ? { psiDir } : {}),
    ...definedOnly({ startTime }),
    reason: `cgroup v${r.version}${hierarchy.hybrid ? ' (hybrid)' : ''} at ${r.dir}, from /proc/${pid}/cgroup`,
  };
}

/** docs/design/measurement.md#validate: not the root, cgroup.procs lists the pid, the usage file exists. Returns the failure or undefined. */
function validate(dir: string, leafDir: string, pid: number, version: 1 | 2): string | undefined {
  const procs = readOptional(`${leafDir}/cgroup.procs`);
  if (procs === undefined) return `${leafDir}/cgroup.procs is not readable`;
  if (!procs.split('\n').includes(String(pid))) return `${leafDir}/cgroup.procs does not list pid ${pid}`;
  const usageFile = version === 2 ? 'memory.current' : 'memory.usage_in_bytes';
  if (!fs.existsSync(`${dir}/${usageFile}`))
    return `${dir}/${usageFile} is missing (memory controller not enabled there)`;
  return undefined;
}

function existingPsiDir(dir: string): string | undefined {
  return fs.existsSync(`${dir}/memory.pressure`) ? dir : undefined;
}
