/**
 * Fixed-memory latency histogram: log-spaced buckets with 1% relative width, from 10 µs to about
 * 3 hours. Memory stays at one small typed array however long a soak runs.
 */
const MIN_MS = 0.01;
const GROWTH = 1.01;
const BUCKETS = 2200;
const LOG_GROWTH = Math.log(GROWTH);

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  get count(): number {
    return this.total;
  }

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.counts[bucketOf(ms)]! += 1;
    this.total += 1;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** Nearest-rank percentile (0 < p <= 100), reported as the bucket's upper edge capped at the max. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperEdge(i), this.maxMs);
    }
    return this.maxMs;
  }

  summary(): LatencySummary | undefined {
    if (this.total === 0) return undefined;
    return { p50: this.percentile(50), p90: this.percentile(90), p99: this.percentile(99), max: this.maxMs };
  }
}

function bucketOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / LOG_GROWTH));
}

function upperEdge(bucket: number): number {
  return MIN_MS * GROWTH ** bucket;
}
