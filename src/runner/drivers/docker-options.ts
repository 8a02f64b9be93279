/** What the Docker driver and its started containers are given: the engine, the cleanup registry, how to measure. */
import type { MemorySource } from '../sampling/memory-source.js';
import type { ContainerApi } from './container-api.js';
import type { CleanupRegistry } from './session.js';

/** What the driver needs to measure a container; production wiring picks cgroup files or the API. */
export interface ContainerMeasurement {
  memorySource(args: { pid: number; containerId: string; engine: string }): Promise<MemorySource>;
  /** Host-wide OOM kill counter (/proc/vmstat), undefined when unreadable. */
  vmstatOomKills(): Promise<number | undefined>;
}

export interface DockerDriverOptions {
  api: ContainerApi;
  cleanup: CleanupRegistry;
  measurement: ContainerMeasurement;
  /** Seconds between TERM and KILL. */
  stopGraceSeconds?: number;
  /**
   * Probe tcp readiness at the container's own address (local Linux engine). Docker's port proxy
   * accepts on the published port before anything listens inside, so a probe there passes too early.
   */
  probeDirect?: boolean;
}

/** Where a published port is reached. */
export const READY_HOST = '127.0.0.1';
