/**
 * Docker Engine stats JSON (`GET /containers/{id}/stats`) `memory_stats` into a MemoryReading
 * (docs/design/measurement.md#docker-api). v1 hosts carry `total_*` keys and `max_usage`; v2 hosts carry the
 * v2 key names and no peak. Unlimited limits arrive as host MemTotal and cannot be told apart.
 */
import type { MemoryReading } from '../memory-source.js';

export interface DockerMemoryStats {
  usage?: number;
  max_usage?: number;
  failcnt?: number;
  limit?: number;
  stats?: Record<string, number>;
}

export type DockerStatsVersion = 'docker-api-v1' | 'docker-api-v2';

export interface DockerStatsReading {
  kind: DockerStatsVersion;
  reading: MemoryReading;
  /** Daemon-side sample time (`read`), ISO. */
  readAt?: string;
}

const clamp = (n: number): number => (n > 0 ? n : 0);

/** undefined when the container is not running (empty memory_stats). */
export function readingFromDockerStats(json: unknown): DockerStatsReading | undefined {
  const body = json as { memory_stats?: DockerMemoryStats; read?: string };
  const m = body.memory_stats;
  if (m?.usage === undefined) return undefined;
  const s = m.stats ?? {};
  const v1 = s['total_rss'] !== undefined || s['total_cache'] !== undefined || m.max_usage !== undefined;
  const reading = v1 ? fromV1(m.usage, m, s) : fromV2(m.usage, m, s);
  return {
    kind: v1 ? 'docker-api-v1' : 'docker-api-v2',
    reading,
    ...(body.read ? { readAt: body.read } : {}),
  };
}

function fromV1(U: number, m: DockerMemoryStats, s: Record<string, number>): MemoryReading {
  const inactive = s['total_inactive_file'] ?? 0;
  const r: MemoryReading = {
    usageBytes: U,
    workingSetBytes: clamp(U - inactive),
    nonReclaimableBytes: clamp(U - inactive - (s['total_active_file'] ?? 0)),
  };
  if (s['total_rss'] !== undefined) r.anonBytes = s['total_rss'];
  if (s['total_cache'] !== undefined) r.fileBytes = s['total_cache'];
  if (m.max_usage !== undefined) r.peakBytes = m.max_usage;
  if (m.limit !== undefined) r.limitBytes = m.limit;
  return r;
}

function fromV2(U: number, m: DockerMemoryStats, s: Record<string, number>): MemoryReading {
  const inactive = s['inactive_file'] ?? 0;
  const r: MemoryReading = {
    usageBytes: U,
    workingSetBytes: clamp(U - inactive),
    nonReclaimableBytes: clamp(U - inactive - (s['active_file'] ?? 0) - (s['slab_reclaimable'] ?? 0)),
  };
  if (s['anon'] !== undefined) r.anonBytes = s['anon'];
  if (s['file'] !== undefined) r.fileBytes = s['file'];
  if (s['shmem'] !== undefined) r.shmemBytes = s['shmem'];
  if (s['sock'] !== undefined) r.sockBytes = s['sock'];
  const parts = ['kernel_stack', 'slab', 'sock'].map((k) => s[k]).filter((v) => v !== undefined);
  if (parts.length > 0) r.kernelBytes = parts.reduce((a, b) => a + b, 0);
  if (m.limit !== undefined) r.limitBytes = m.limit;
  if (m.failcnt !== undefined) r.events = { oom: m.failcnt };
  return r;
}
