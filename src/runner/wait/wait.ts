/**
 * Readiness: wait until a started target answers, with a timeout whose error says exactly what was
 * awaited and what was last seen. One strategy per file; this file holds the shared polling loop.
 */
import type { ReadySpec } from '../../config/plan.js';
import { httpProbe } from './http.js';
import { logProbe } from './log.js';
import type { Probe } from './probe.js';
import { tcpProbe } from './tcp.js';

export interface ReadyTarget {
  /** Host the target's port is reachable on. */
  host: string;
  /** Host port mapped to the target's main port. */
  hostPort: number | undefined;
  /** Maps another target port (e.g. `ready: { tcp: 5432 }`) to its host port. */
  mapPort?: (port: number) => Promise<number>;
  logFile: string;
  /** Where a tcp probe should connect instead of the published port (the container's own address). */
  direct?: { host: string; port: number };
  /** Resolves when the target exits; waiting then stops at once. */
  exited: Promise<unknown>;
}

export type WaitOutcome =
  | { ready: true; afterMs: number }
  | { ready: false; reason: 'timeout' | 'exited'; awaited: string; last: string; timeoutMs: number };

export async function probeFor(spec: ReadySpec, target: ReadyTarget): Promise<Probe | undefined> {
  switch (spec.kind) {
    case 'http':
      return httpProbe(target.host, target.hostPort, spec.path, spec.status);
    case 'tcp': {
      if (target.direct) return tcpProbe(target.direct.host, target.direct.port);
      const port =
        spec.port !== undefined && target.mapPort ? await target.mapPort(spec.port) : target.hostPort;
      return tcpProbe(target.host, port);
    }
    case 'log':
      return logProbe(target.logFile, spec.pattern);
    case 'none':
      return undefined;
  }
}

/** Polls the probe every `pollMs` until it succeeds, the target exits, or the timeout passes. */
export async function waitUntilReady(
  spec: ReadySpec,
  target: ReadyTarget,
  pollMs = 100,
): Promise<WaitOutcome> {
  const probe = await probeFor(spec, target);
  const started = Date.now();
  if (!probe) return { ready: true, afterMs: 0 };
  let exited = false;
  void target.exited.then(() => (exited = true));
  let last = 'no attempt yet';
  const controller = new AbortController();
  while (Date.now() - started < spec.timeoutMs) {
    const attemptTimeout = setTimeout(() => controller.abort(), Math.max(pollMs * 20, 2000));
    const r = await probe.attempt(controller.signal).finally(() => clearTimeout(attemptTimeout));
    if (r.ok) return { ready: true, afterMs: Date.now() - started };
    last = r.last;
    if (exited)
      return { ready: false, reason: 'exited', awaited: probe.awaited, last, timeoutMs: spec.timeoutMs };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return { ready: false, reason: 'timeout', awaited: probe.awaited, last, timeoutMs: spec.timeoutMs };
}
