/**
 * OOM verdict (docs/design/measurement.md#oom-classification): one classification per run from the cgroup oom_kill delta, Docker
 * events, State.OOMKilled, the exit code, the host /proc/vmstat delta and whether memgate stopped the
 * target. Pure. Exit code 137 alone is never an OOM verdict.
 */
import type { OomClass, OomEvidence, StatSample } from '../run-record.js';

/** The Docker event fields that matter (from `/events` or `docker events --format '{{json .}}'`). */
export interface DockerEventLite {
  action: 'oom' | 'kill' | 'die' | string;
  /** Event time in ms (any epoch, consistent across events). */
  timeMs: number;
  /** `kill` events: the signal number as sent ("15", "9"). */
  signal?: string;
  /** `die` events: the exit code. */
  exitCode?: number;
}

export interface OomInputs {
  /** oom_kill delta of memory.events (v2) / memory.oom_control (v1) since the start, read before stopping. */
  cgroupOomKillDelta?: number;
  /** Set when that delta was read from this parent cgroup because the target's own cgroup was gone. */
  cgroupOomKillFromParent?: string;
  dockerEvents?: DockerEventLite[];
  /** .State.OOMKilled after the run. */
  oomKilledFlag?: boolean;
  /** Exit code of the main process; 128 + n for a signal death; null/undefined while still running. */
  exitCode?: number | null;
  /** True when the target exited before memgate asked it to stop. */
  exitedOnItsOwn: boolean;
  /** True when memgate sent the stop (TERM, then maybe KILL). */
  stoppedByMemgate: boolean;
  /** True when memgate itself sent SIGKILL (grace period ran out). */
  killedByMemgate?: boolean;
  /** /proc/vmstat oom_kill delta across the run (host-wide). */
  vmstatOomKillDelta?: number;
  /** Kernel-log OOM lines whose task_memcg matches the target. */
  kernelLogMatches?: number;
  limitBytes?: number | null;
  lastSample?: StatSample;
  memoryStat?: Record<string, number>;
}

const KILL_WINDOW_MS = 30_000;

export function classifyOom(inputs: OomInputs): OomEvidence {
  const events = inputs.dockerEvents ?? [];
  const oomEvents = events.filter((e) => e.action === 'oom').length;
  const oomKills = Math.max(inputs.cgroupOomKillDelta ?? 0, oomEvents, inputs.kernelLogMatches ?? 0);
  const evidence = oomKills > 0 || inputs.oomKilledFlag === true;
  const died = inputs.exitedOnItsOwn || events.some((e) => e.action === 'die');
  const code = inputs.exitCode ?? dieCode(events);
  const sigkillBySomeone = inputs.killedByMemgate === true || killBeforeDie(events, '9');
  const reasons = evidenceLines(inputs, oomKills, oomEvents, code);

  let classification: OomClass;
  if (died && code === 137 && !sigkillBySomeone && evidence) classification = 'OOM_KILLED_MAIN';
  else if (oomKills > 0 || (evidence && !inputs.exitedOnItsOwn)) classification = 'OOM_KILLED_CHILD';
  else if (code === 137 && inputs.exitedOnItsOwn && !sigkillBySomeone) classification = 'SIGKILL_UNEXPLAINED';
  else if (inputs.stoppedByMemgate && !inputs.exitedOnItsOwn) classification = 'STOPPED_BY_MEMGATE';
  else if (inputs.exitedOnItsOwn) classification = 'EXITED';
  else classification = 'CLEAN';

  if (classification === 'SIGKILL_UNEXPLAINED') {
    reasons.push(
      (inputs.vmstatOomKillDelta ?? 0) > 0
        ? `host /proc/vmstat oom_kill rose by ${inputs.vmstatOomKillDelta}: possibly a global OOM`
        : 'no OOM counter moved: an external kill -9, systemd-oomd or earlyoom? Check journalctl -k',
    );
  }
  const out: OomEvidence = { classification, oomKills, reasons };
  if (code !== undefined) out.exitCode = code;
  if (inputs.oomKilledFlag !== undefined) out.oomKilledFlag = inputs.oomKilledFlag;
  if (inputs.limitBytes !== undefined) out.limitBytes = inputs.limitBytes;
  if (inputs.lastSample) out.lastSample = inputs.lastSample;
  if (inputs.memoryStat) out.memoryStat = inputs.memoryStat;
  return out;
}

function dieCode(events: DockerEventLite[]): number | undefined {
  return events.findLast((e) => e.action === 'die')?.exitCode;
}

/** A `kill` event with this signal in the 30 s before `die` (or anywhere when there is no die). */
function killBeforeDie(events: DockerEventLite[], signal: string): boolean {
  const die = events.findLast((e) => e.action === 'die');
  return events.some(
    (e) =>
      e.action === 'kill' &&
      e.signal === signal &&
      (!die || (e.timeMs <= die.timeMs && die.timeMs - e.timeMs <= KILL_WINDOW_MS)),
  );
}

function evidenceLines(
  i: OomInputs,
  kills: number,
  oomEvents: number,
  code: number | null | undefined,
): string[] {
  const out: string[] = [];
  if (i.cgroupOomKillDelta !== undefined)
    out.push(
      i.cgroupOomKillFromParent === undefined
        ? `cgroup oom_kill delta ${i.cgroupOomKillDelta}`
        : `cgroup oom_kill delta ${i.cgroupOomKillDelta} and oom > 0 in the parent ${i.cgroupOomKillFromParent} (the target's own cgroup was removed when it died)`,
    );
  if (oomEvents > 0) out.push(`${oomEvents} docker oom event(s)`);
  if (i.kernelLogMatches) out.push(`${i.kernelLogMatches} kernel-log OOM line(s) for the target`);
  if (i.oomKilledFlag !== undefined) out.push(`State.OOMKilled=${i.oomKilledFlag}`);
  if (code !== undefined)
    out.push(`exit code ${code}${code === 137 ? ' (SIGKILL; not an OOM by itself)' : ''}`);
  if (i.vmstatOomKillDelta !== undefined) out.push(`host oom_kill delta ${i.vmstatOomKillDelta}`);
  if (i.stoppedByMemgate)
    out.push(i.killedByMemgate ? 'memgate stopped it (TERM, then KILL)' : 'memgate stopped it (TERM)');
  if (kills === 0 && (i.lastSample?.events?.max ?? 0) > 0)
    out.push('limit pressure (memory.events max > 0) but no kill');
  return out;
}
