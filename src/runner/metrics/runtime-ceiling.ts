/**
 * The runtime's heap ceiling, asked from the runtime inside the target: V8's heap_size_limit for
 * Node (the target's own heap flags and NODE_OPTIONS apply), MaxHeapSize from `jcmd 1 VM.flags` for
 * a JVM (or `-XX:+PrintFlagsFinal` with the target's heap flags), GOMEMLIMIT for Go. Undefined when the
 * main process is none of these or the runtime does not answer in time.
 */
import { posix } from 'node:path';
import { GiB, KiB, MiB, TiB } from '../../units.js';
import type { InsideTarget } from '../drivers/inside-target.js';
import type { RuntimeCeiling } from '../run-record.js';

const V8_HEAP_FLAG = /^--(max[-_]old[-_]space[-_]size|max[-_]semi[-_]space[-_]size|max[-_]heap[-_]size)(=|$)/;
const JVM_HEAP_FLAG =
  /^-(Xmx|Xms|XX:(Max|Initial|Min)?RAMPercentage|XX:MaxHeapSize|XX:\+UseContainerSupport|XX:-UseContainerSupport)/;
const V8_LIMIT_SCRIPT = "process.stdout.write(String(require('v8').getHeapStatistics().heap_size_limit))";
const GO_SIZE = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/;
const GO_FACTORS: Record<string, number> = { B: 1, KiB, MiB, GiB, TiB };

function integer(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

async function nodeCeiling(inside: InsideTarget, argv: string[], timeoutMs: number) {
  const flags = argv.slice(1).filter((a) => V8_HEAP_FLAG.test(a));
  const r = await inside.exec([argv[0] ?? 'node', ...flags, '-e', V8_LIMIT_SCRIPT], timeoutMs);
  const v = integer(r.stdout, /^(\d+)$/);
  return v === undefined ? undefined : { heapLimitBytes: v, source: 'v8.getHeapStatistics() in the target' };
}

async function jvmCeiling(inside: InsideTarget, argv: string[], timeoutMs: number) {
  const jcmd = await inside.exec(['jcmd', '1', 'VM.flags'], timeoutMs);
  const fromJcmd = integer(jcmd.stdout, /MaxHeapSize=(\d+)/);
  if (fromJcmd !== undefined) return { heapLimitBytes: fromJcmd, source: 'jcmd 1 VM.flags' };
  const flags = argv.slice(1).filter((a) => JVM_HEAP_FLAG.test(a));
  const r = await inside.exec([argv[0] ?? 'java', ...flags, '-XX:+PrintFlagsFinal', '-version'], timeoutMs);
  const v = integer(r.stdout, /\bMaxHeapSize\s*=\s*(\d+)/);
  return v === undefined
    ? undefined
    : { heapLimitBytes: v, source: 'java -XX:+PrintFlagsFinal in the target' };
}

/** GOMEMLIMIT as Go reads it: an integer with an optional B/KiB/MiB/GiB/TiB suffix; `off` = none. */
export function parseGoMemLimit(value: string): number | undefined {
  const m = GO_SIZE.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * (GO_FACTORS[m[2] ?? 'B'] ?? 1);
}

export async function probeRuntimeCeiling(
  inside: InsideTarget,
  timeoutMs: number,
): Promise<RuntimeCeiling | undefined> {
  const { argv, env } = await inside.processInfo();
  const exe = posix.basename(argv[0] ?? '');
  if (/^node(js)?$/.test(exe)) {
    const c = await nodeCeiling(inside, argv, timeoutMs);
    return c && { runtime: 'node', ...c };
  }
  if (exe === 'java') {
    const c = await jvmCeiling(inside, argv, timeoutMs);
    return c && { runtime: 'jvm', ...c };
  }
  const go = env['GOMEMLIMIT'] === undefined ? undefined : parseGoMemLimit(env['GOMEMLIMIT']);
  return go === undefined ? undefined : { runtime: 'go', heapLimitBytes: go, source: 'GOMEMLIMIT' };
}
