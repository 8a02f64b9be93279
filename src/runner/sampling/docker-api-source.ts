/**
 * Docker Engine stats API source (docs/design/measurement.md#docker-api): `GET /containers/{id}/stats?stream=false
 * &one-shot=true` over the unix socket. ~1 Hz at best, no peak on v2, no swap, no PSI: confidence medium.
 * One request serves both loops (a reading younger than 500 ms is reused).
 */
import { Client } from 'undici';
import type { SourceInfo } from '../run-record.js';
import type { MemoryReading, MemorySource } from './memory-source.js';
import { readingFromDockerStats, type DockerStatsReading } from './parse/docker-stats.js';

export interface DockerApiSourceOptions {
  containerId: string;
  /** Default /var/run/docker.sock. */
  socketPath?: string;
  reason?: string;
  /** Request timeout (default 5000 ms). */
  timeoutMs?: number;
}

const REUSE_MS = 500;

export class DockerApiSource implements MemorySource {
  readonly minIntervalMs = 1000;
  info: SourceInfo;
  private last: { at: number; reading: DockerStatsReading | undefined } | undefined;
  private inFlight: Promise<DockerStatsReading | undefined> | undefined;

  private constructor(
    private readonly client: Client,
    private readonly opts: DockerApiSourceOptions,
    first: DockerStatsReading,
  ) {
    this.info = {
      kind: first.kind,
      confidence: 'medium',
      reason: opts.reason ?? 'Docker Engine stats API (cgroup files not reachable)',
      peakSupported: first.reading.peakBytes !== undefined,
      psiSupported: false,
    };
    this.last = { at: performance.now(), reading: first };
  }

  /** Connects and takes one reading; undefined (and closed) when the container has no memory stats. */
  static async open(opts: DockerApiSourceOptions): Promise<DockerApiSource | undefined> {
    const client = new Client('http://localhost', {
      socketPath: opts.socketPath ?? '/var/run/docker.sock',
      bodyTimeout: opts.timeoutMs ?? 5000,
      headersTimeout: opts.timeoutMs ?? 5000,
    });
    const first = await fetchStats(client, opts.containerId).catch(() => undefined);
    if (!first || first.reading.usageBytes === 0) {
      await client.close();
      return undefined;
    }
    return new DockerApiSource(client, opts, first);
  }

  private async fresh(): Promise<DockerStatsReading | undefined> {
    if (this.last && performance.now() - this.last.at < REUSE_MS) return this.last.reading;
    this.inFlight ??= fetchStats(this.client, this.opts.containerId).finally(
      () => (this.inFlight = undefined),
    );
    const reading = await this.inFlight;
    this.last = { at: performance.now(), reading };
    return reading;
  }

  async readUsage(): Promise<number | undefined> {
    return (await this.fresh())?.reading.usageBytes;
  }

  async readStats(): Promise<MemoryReading | undefined> {
    return (await this.fresh())?.reading;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

async function fetchStats(client: Client, id: string): Promise<DockerStatsReading | undefined> {
  const res = await client.request({
    method: 'GET',
    path: `/containers/${encodeURIComponent(id)}/stats?stream=false&one-shot=true`,
  });
  if (res.statusCode === 404) {
    await res.body.dump();
    return undefined;
  }
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    throw new Error(`docker stats: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  }
  return readingFromDockerStats(await res.body.json());
}
