/**
 * The one clock of a run: the monotonic process.hrtime clock, t = 0 when the run starts driving the
 * target. The sampler stamps samples with it and the run log stamps phase marks and events with it,
 * so a phase boundary and a sample at the same instant carry the same time.
 */
import { nsToMs } from '../units.js';

export interface RunClock {
  /** Reads the clock, in ns. */
  readonly readNs: () => bigint;
  /** t = 0 of the run, in clock ns. */
  readonly t0Ns: bigint;
  /** Milliseconds since t0. */
  nowMs(): number;
}

export function startRunClock(readNs: () => bigint = process.hrtime.bigint): RunClock {
  const t0Ns = readNs();
  return { readNs, t0Ns, nowMs: () => nsToMs(Number(readNs() - t0Ns)) };
}
