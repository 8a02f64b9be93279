/**
 * /proc/<pid>/cgroup (docs/design/measurement.md#locate-path): `hierarchy-ID:controller-list:path`, split on the first
 * two colons only (names may contain `:`). A ` (deleted)` suffix means the cgroup is gone; a path
 * starting with `/..` lies outside the reader's cgroup namespace; v1 shows `/` for exiting tasks.
 */

export interface ProcCgroupLine {
  hierarchyId: number;
  /** Controllers of a v1 hierarchy (`memory`, `cpu`, `name=systemd`); empty for the v2 `0::` line. */
  controllers: string[];
  path: string;
  /** The cgroup was removed while the task still exists. */
  deleted: boolean;
}

const DELETED = ' (deleted)';

export function parseProcCgroup(text: string): ProcCgroupLine[] {
  const out: ProcCgroupLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (a <= 0 || b < 0) continue;
    let path = line.slice(b + 1);
    const deleted = path.endsWith(DELETED);
    if (deleted) path = path.slice(0, -DELETED.length);
    const list = line.slice(a + 1, b);
    out.push({
      hierarchyId: Number(line.slice(0, a)),
      controllers: list === '' ? [] : list.split(','),
      path,
      deleted,
    });
  }
  return out;
}

/** The v1 line carrying `controller`, or the v2 line when controller is 'unified'. */
export function cgroupLineFor(lines: ProcCgroupLine[], controller: string): ProcCgroupLine | undefined {
  if (controller === 'unified') return lines.find((l) => l.hierarchyId === 0 && l.controllers.length === 0);
  return lines.find((l) => l.controllers.includes(controller));
}

/** True when the path is outside the reader's cgroup namespace. */
export function isOutsideNamespace(path: string): boolean {
  return path === '/..' || path.startsWith('/../');
}
