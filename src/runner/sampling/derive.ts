/**
 * Derived metrics per source (docs/design/measurement.md#metrics). Pure: raw parsed values in, a MemoryReading out.
 * All results are clamped at >= 0 because memory.stat lags memory.current by up to ~2 s (docs/design/measurement.md#metrics).
 */
import type { StatSample } from '../run-record.js';
import type { MemoryReading } from './memory-source.js';
import { num, type KeyedValues, type Pressure } from './parse/keyed.js';

const clamp = (n: number): number => (n > 0 ? n : 0);

/** Adds `key: value` only when value is defined (exactOptionalPropertyTypes). */
function put<K extends keyof MemoryReading>(
  r: MemoryReading,
  key: K,
  value: MemoryReading[K] | undefined,
): void {
  if (value !== undefined) r[key] = value;
}

export function psiOf(p: Pressure | undefined): StatSample['psi'] {
  if (p?.some === undefined) return undefined;
  const full = p.full ?? { avg10: 0, totalUs: 0 };
  return {
    someAvg10: p.some.avg10,
    fullAvg10: full.avg10,
    someTotalUs: p.some.totalUs,
    fullTotalUs: full.totalUs,
  };
}

export interface V2Raw {
  /** memory.current, read in the same tick as stat. */
  usage: number;
  stat: KeyedValues;
  swapCurrent?: number | undefined;
  peak?: number | undefined;
  /** min(memory.max) up the tree; null = unlimited. */
  limit?: number | null | undefined;
  events?: KeyedValues | undefined;
  pressure?: Pressure | undefined;
}

export function deriveV2(raw: V2Raw): MemoryReading {
  const s = raw.stat;
  const U = raw.usage;
  const inactiveFile = num(s, 'inactive_file') ?? 0;
  const activeFile = num(s, 'active_file') ?? 0;
  const swap = raw.swapCurrent ?? 0;
  const r: MemoryReading = {
    usageBytes: U,
    workingSetBytes: clamp(U - inactiveFile),
    nonReclaimableBytes: clamp(
      U - inactiveFile - activeFile - (num(s, 'slab_reclaimable') ?? 0) + swap - (num(s, 'swapcached') ?? 0),
    ),
  };
  put(r, 'anonBytes', num(s, 'anon'));
  put(r, 'fileBytes', num(s, 'file'));
  const kernel = num(s, 'kernel') ?? sumParts(s, ['kernel_stack', 'pagetables', 'percpu', 'vmalloc', 'slab']);
  put(r, 'kernelBytes', kernel === undefined ? undefined : kernel + (num(s, 'sock') ?? 0));
  put(r, 'shmemBytes', num(s, 'shmem'));
  put(r, 'sockBytes', num(s, 'sock'));
  put(r, 'swapBytes', raw.swapCurrent);
  put(r, 'peakBytes', raw.peak);
  put(r, 'limitBytes', raw.limit);
  put(r, 'events', raw.events && eventsOf(raw.events));
  put(r, 'psi', psiOf(raw.pressure));
  return r;
}

function sumParts(s: KeyedValues, keys: string[]): number | undefined {
  let total = 0;
  let any = false;
  for (const k of keys) {
    const v = num(s, k);
    if (v !== undefined) {
      total += v;
      any = true;
    }
  }
  return any ? total : undefined;
}

function eventsOf(e: KeyedValues): NonNullable<StatSample['events']> {
  const out: NonNullable<StatSample['events']> = {};
  const max = num(e, 'max');
  const high = num(e, 'high');
  const oom = num(e, 'oom');
  const oomKill = num(e, 'oom_kill');
  if (max !== undefined) out.max = max;
  if (high !== undefined) out.high = high;
  if (oom !== undefined) out.oom = oom;
  if (oomKill !== undefined) out.oomKill = oomKill;
  return out;
}

export interface V1Raw {
  /** memory.usage_in_bytes, read in the same tick as stat. */
  usage: number;
  stat: KeyedValues;
  kmemUsage?: number | undefined;
  memswUsage?: number | undefined;
  peak?: number | undefined;
  oomControl?: KeyedValues | undefined;
  pressure?: Pressure | undefined;
}

export function deriveV1(raw: V1Raw): MemoryReading {
  const s = raw.stat;
  const U = raw.usage;
  const inactiveFile = num(s, 'total_inactive_file') ?? 0;
  const swap = num(s, 'total_swap') ?? (raw.memswUsage === undefined ? undefined : clamp(raw.memswUsage - U));
  const r: MemoryReading = {
    usageBytes: U,
    workingSetBytes: clamp(U - inactiveFile),
    nonReclaimableBytes: clamp(
      U - inactiveFile - (num(s, 'total_active_file') ?? 0) + (swap ?? 0) - (num(s, 'total_swapcached') ?? 0),
    ),
  };
  put(r, 'anonBytes', num(s, 'total_rss'));
  put(r, 'fileBytes', num(s, 'total_cache'));
  put(r, 'kernelBytes', raw.kmemUsage);
  put(r, 'shmemBytes', num(s, 'total_shmem'));
  put(r, 'swapBytes', swap);
  put(r, 'peakBytes', raw.peak);
  const limit = s['hierarchical_memory_limit'];
  put(r, 'limitBytes', limit);
  const oomKill = num(raw.oomControl, 'oom_kill');
  if (oomKill !== undefined) r.events = { oomKill };
  put(r, 'psi', psiOf(raw.pressure));
  return r;
}

/** Process-tree sums (docs/design/measurement.md#proctree), already in bytes. */
export interface TreeRaw {
  rssBytes: number;
  /** Σ (Pss_Anon + Pss_Shmem + SwapPss), or the RssAnon + RssShmem upper bound when smaps is unreadable. */
  nonReclaimableBytes: number;
  anonBytes: number;
  shmemBytes: number;
  swapBytes: number;
  pteBytes: number;
}

export function deriveTree(raw: TreeRaw): MemoryReading {
  return {
    usageBytes: raw.rssBytes,
    nonReclaimableBytes: raw.nonReclaimableBytes,
    anonBytes: raw.anonBytes,
    shmemBytes: raw.shmemBytes,
    swapBytes: raw.swapBytes,
    kernelBytes: raw.pteBytes,
  };
}
