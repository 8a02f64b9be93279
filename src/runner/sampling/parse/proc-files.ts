/**
 * /proc/<pid>/status, smaps_rollup (`Key: N kB` lines, converted to bytes), statm and stat
 * (docs/design/measurement.md#proctree). Keys vary by kernel: parse by name.
 */
import { KiB } from '../../../units.js';

/** `VmRSS:\t 369084 kB` lines into key -> bytes. Lines without a `kB` number are skipped. */
export function parseKbFile(text: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  const re = /^(\w+):\s+(\d+) kB$/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [, key, kb] = m;
    if (key !== undefined && kb !== undefined) out[key] = Number(kb) * KiB;
  }
  return out;
}

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** Start time in clock ticks since boot (field 22): with pid, the identity of a process. */
  startTime: string;
}

/** /proc/<pid>/stat. Fields are counted after the last `)`, because comm may contain spaces and `)`. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  const ppid = rest[1];
  const startTime = rest[19];
  if (ppid === undefined || startTime === undefined) return undefined;
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: Number(ppid),
    startTime,
  };
}

/** /proc/<pid>/statm resident pages (second field). */
export function parseStatmResidentPages(text: string): number | undefined {
  const resident = text.split(' ')[1];
  return resident === undefined ? undefined : Number(resident);
}
