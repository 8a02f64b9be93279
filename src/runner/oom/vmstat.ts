/** Host-wide OOM kill counter (`oom_kill` in /proc/vmstat, kernel >= 4.13); undefined when absent. */
import { readOptional } from '../sampling/held-file.js';
import { num, parseFlatKeyed } from '../sampling/parse/keyed.js';

export function readVmstatOomKills(procRoot = '/proc'): number | undefined {
  const text = readOptional(`${procRoot}/vmstat`);
  return text === undefined ? undefined : num(parseFlatKeyed(text), 'oom_kill');
}
