/**
 * The authoritative OOM counter of a cgroup, read before the target is stopped (docs/design/measurement.md#oom-counters):
 * `oom_kill` of memory.events (v2, hierarchical) or memory.oom_control (v1, local).
 */
import { readOptional } from '../sampling/held-file.js';
import { num, parseFlatKeyed } from '../sampling/parse/keyed.js';

export function readCgroupOomKills(dir: string, version: 1 | 2): number | undefined {
  const text = readOptional(`${dir}/${version === 2 ? 'memory.events' : 'memory.oom_control'}`);
  return text === undefined ? undefined : num(parseFlatKeyed(text), 'oom_kill');
}

/** `oom` (the limit was hit) and `oom_kill` of a v2 cgroup's memory.events; undefined when unreadable. */
export interface OomCounters {
  oom: number;
  oomKill: number;
}

export function readV2OomCounters(dir: string): OomCounters | undefined {
  const text = readOptional(`${dir}/memory.events`);
  if (text === undefined) return undefined;
  const keyed = parseFlatKeyed(text);
  const oom = num(keyed, 'oom');
  const oomKill = num(keyed, 'oom_kill');
  return oom === undefined || oomKill === undefined ? undefined : { oom, oomKill };
}

/**
 * The kills a parent's hierarchical counters saw while a child ran, for a child cgroup that is gone: on
 * v2 a container's cgroup is removed as soon as it dies (systemd and cgroupfs drivers alike), before
 * its memory.events can be read, and the engine's oom event and OOMKilled flag were once missing too.
 * Counted only when the parent also saw `oom` (a cgroup hit its limit): a global OOM kill raises
 * `oom_kill` but not `oom`. Another child of the same parent hitting its own
 * limit meanwhile would be counted too; the reason line says where the figure came from.
 */
export function parentOomKillDelta(start: OomCounters, end: OomCounters): number | undefined {
  const kills = end.oomKill - start.oomKill;
  return kills > 0 && end.oom > start.oom ? kills : undefined;
}
