/**
 * /proc/<pid>/mountinfo (docs/design/measurement.md#locate-hierarchy): `id parent maj:min root mountpoint opts [optional...] -
 * fstype source superopts`. The number of optional fields varies, so the lone `-` separates them.
 */

export interface MountEntry {
  mountId: number;
  parentId: number;
  /** Mount root inside the filesystem; for cgroup mounts relative to the reader's cgroup namespace. */
  root: string;
  mountPoint: string;
  mountOptions: string[];
  optionalFields: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

/** Undoes the octal escapes the kernel uses for space, tab, newline and backslash. */
export function decodeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseMountLine(line);
    if (entry) out.push(entry);
  }
  return out;
}

function parseMountLine(line: string): MountEntry | undefined {
  const f = line.trim().split(' ');
  const sep = f.indexOf('-', 6);
  if (f.length < 10 || sep < 0 || f.length < sep + 4) return undefined;
  const [id, parent, , root, mountPoint, opts] = f;
  if (id === undefined || parent === undefined || root === undefined || mountPoint === undefined)
    return undefined;
  return {
    mountId: Number(id),
    parentId: Number(parent),
    root: decodeMountPath(root),
    mountPoint: decodeMountPath(mountPoint),
    mountOptions: (opts ?? '').split(','),
    optionalFields: f.slice(6, sep),
    fsType: f[sep + 1] ?? '',
    source: decodeMountPath(f[sep + 2] ?? ''),
    superOptions: (f[sep + 3] ?? '').split(','),
  };
}

/** Controllers of a v1 cgroup mount: super options other than rw, ro and name=... */
export function v1Controllers(m: MountEntry): string[] {
  return m.superOptions.filter((o) => o !== 'rw' && o !== 'ro' && !o.startsWith('name='));
}
