/**
 * Pure part of finding a target's cgroup (docs/design/measurement.md#locate-hierarchy, docs/design/measurement.md#locate-path): which hierarchy
 * holds the memory controller, which mount a cgroup path maps onto, and which ancestor to measure.
 */
import { definedOnly } from '../../util/defined-only.js';
import { v1Controllers, type MountEntry } from './parse/mountinfo.js';
import { cgroupLineFor, isOutsideNamespace, type ProcCgroupLine } from './parse/proc-cgroup.js';

export interface MemoryHierarchy {
  /** 1 or 2, or 'none' when no hierarchy carries memory. */
  version: 1 | 2 | 'none';
  /** Mounts of the memory hierarchy (several when bind-mounted). */
  mounts: MountEntry[];
  /** cgroup2 mounts (PSI in hybrid mode). */
  unifiedMounts: MountEntry[];
  /** Memory on v1 while a cgroup2 mount exists. */
  hybrid: boolean;
}

/** `controllersOf(mountPoint)` returns the root's cgroup.controllers tokens, undefined if unreadable. */
export function findMemoryHierarchy(
  mounts: MountEntry[],
  controllersOf: (mountPoint: string) => string[] | undefined,
): MemoryHierarchy {
  const v1 = mounts.filter((m) => m.fsType === 'cgroup' && v1Controllers(m).includes('memory'));
  const unified = mounts.filter((m) => m.fsType === 'cgroup2');
  if (v1.length > 0) return { version: 1, mounts: v1, unifiedMounts: unified, hybrid: unified.length > 0 };
  const v2 = unified.filter((m) => controllersOf(m.mountPoint)?.includes('memory'));
  if (v2.length > 0) return { version: 2, mounts: v2, unifiedMounts: unified, hybrid: false };
  return { version: 'none', mounts: [], unifiedMounts: unified, hybrid: false };
}

const segments = (p: string): string[] => p.split('/').filter((s) => s !== '');

/** True when `root` is a segment-wise prefix of `path` (`/` matches everything). */
export function isPathPrefix(root: string, path: string): boolean {
  const r = segments(root);
  const p = segments(path);
  return r.length <= p.length && r.every((s, i) => s === p[i]);
}

export interface MappedPath {
  mount: MountEntry;
  /** The path's segments below the mount root. */
  relative: string[];
}

/** Picks the mount whose root prefixes the path: the longest root, then one under /sys/fs/cgroup. */
export function mapOntoMount(path: string, mounts: MountEntry[]): MappedPath | undefined {
  if (isOutsideNamespace(path)) return undefined;
  const candidates = mounts.filter((m) => isPathPrefix(m.root, path));
  candidates.sort(
    (a, b) =>
      segments(b.root).length - segments(a.root).length ||
      Number(b.mountPoint.startsWith('/sys/fs/cgroup')) - Number(a.mountPoint.startsWith('/sys/fs/cgroup')),
  );
  const mount = candidates[0];
  if (!mount) return undefined;
  return { mount, relative: segments(path).slice(segments(mount.root).length) };
}

export function joinDir(mountPoint: string, relative: string[]): string {
  return relative.length === 0 ? mountPoint : `${mountPoint.replace(/\/$/, '')}/${relative.join('/')}`;
}

/** True when a path component names the container (full id, or a 12-character short id). */
export function componentHasId(component: string, containerId: string): boolean {
  return (
    component.includes(containerId) ||
    (containerId.length >= 12 && component.includes(containerId.slice(0, 12)))
  );
}

export type Resolved =
  | {
      ok: true;
      version: 1 | 2;
      /** The measurement directory (highest ancestor naming the container, else the leaf). */
      dir: string;
      /** The init's own cgroup. */
      leafDir: string;
      mountPoint: string;
      cgroupPath: string;
      /** Hybrid mode: the unified directory where memory.pressure may live. */
      psiDir?: string;
    }
  | { ok: false; gone: boolean; reason: string };

export function resolveCgroup(
  lines: ProcCgroupLine[],
  hierarchy: MemoryHierarchy,
  containerId?: string,
): Resolved {
  if (hierarchy.version === 'none')
    return { ok: false, gone: false, reason: 'no-memory-controller: no cgroup hierarchy carries memory' };
  const line = cgroupLineFor(lines, hierarchy.version === 1 ? 'memory' : 'unified');
  if (!line)
    return {
      ok: false,
      gone: false,
      reason: `no ${hierarchy.version === 1 ? 'memory' : '0::'} line in /proc/<pid>/cgroup`,
    };
  if (line.deleted) return { ok: false, gone: true, reason: `cgroup ${line.path} was removed (deleted)` };
  if (isOutsideNamespace(line.path))
    return { ok: false, gone: false, reason: `cgroup ${line.path} is outside our cgroup namespace` };
  if (line.path === '/')
    return { ok: false, gone: false, reason: 'the cgroup is the root (or the task is exiting)' };
  const mapped = mapOntoMount(line.path, hierarchy.mounts);
  if (!mapped)
    return { ok: false, gone: false, reason: `no mount of the memory hierarchy contains ${line.path}` };
  const { mount, relative } = mapped;
  const leafDir = joinDir(mount.mountPoint, relative);
  let depth = relative.length;
  if (containerId) {
    const first = relative.findIndex((c) => componentHasId(c, containerId));
    const rootHasId = segments(mount.root).some((c) => componentHasId(c, containerId));
    if (first < 0 && !rootHasId)
      return { ok: false, gone: false, reason: `no component of ${line.path} contains the container id` };
    if (first >= 0) depth = first + 1;
  }
  const psiDir = hierarchy.version === 1 ? unifiedDir(lines, hierarchy) : undefined;
  return {
    ok: true,
    version: hierarchy.version,
    dir: joinDir(mount.mountPoint, relative.slice(0, depth)),
    leafDir,
    mountPoint: mount.mountPoint,
    cgroupPath: line.path,
    ...definedOnly({ psiDir }),
  };
}

function unifiedDir(lines: ProcCgroupLine[], h: MemoryHierarchy): string | undefined {
  const line = cgroupLineFor(lines, 'unified');
  if (!line || line.deleted || line.path === '/') return undefined;
  const mapped = mapOntoMount(line.path, h.unifiedMounts);
  return mapped && joinDir(mapped.mount.mountPoint, mapped.relative);
}
