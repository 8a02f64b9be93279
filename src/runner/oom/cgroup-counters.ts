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
