/** A source of memory readings for one target (cgroup v2, cgroup v1, Docker API, process tree). */
import type { SourceInfo, StatSample } from '../run-record.js';

/** A full reading without the time and load fields, which the sampler adds. */
export type MemoryReading = Omit<
  StatSample,
  'tMs' | 'selfRssBytes' | 'requests' | 'bytesSent' | 'bytesReceived'
>;

export interface MemorySource {
  readonly info: SourceInfo;
  /** Smallest useful fast-loop interval (the Docker API refreshes at ~1 Hz); the sampler never goes below it. */
  readonly minIntervalMs?: number | undefined;
  /** The cheap figure for the fast loop (usage bytes); undefined when the target is gone. */
  readUsage(): number | undefined | Promise<number | undefined>;
  /** The full breakdown for the slow loop; undefined when the target is gone. */
  readStats(): Promise<MemoryReading | undefined>;
  /** Raw memory.stat as a key -> number map (evidence for failures). */
  readRawStat?(): Promise<Record<string, number> | undefined>;
  close(): Promise<void>;
}
