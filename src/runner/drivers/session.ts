/**
 * Sessions and cleanup: every container memgate starts carries `memgate.session` (plus the pid and
 * host of the memgate that started it), is removed in `finally`, on SIGINT/SIGTERM through the
 * cleanup registry, and, if memgate died anyway, by the sweep at the next start.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { errorText } from '../../errors.js';
import type { ContainerApi } from './container-api.js';

export const SESSION_LABEL = 'memgate.session';

export function newSessionId(): string {
  return randomUUID().slice(0, 12);
}

export function sessionLabels(sessionId: string, scenario: string): Record<string, string> {
  return {
    [SESSION_LABEL]: sessionId,
    'memgate.pid': String(process.pid),
    'memgate.host': hostname(),
    'memgate.scenario': scenario,
  };
}

/** Cleanup actions that must run however the session ends (finally, SIGINT, SIGTERM). */
export class CleanupRegistry {
  private readonly actions = new Map<number, () => Promise<void>>();
  private next = 0;

  /** Registers an action; returns a function that unregisters it (after it ran normally). */
  add(action: () => Promise<void>): () => void {
    const key = this.next++;
    this.actions.set(key, action);
    return () => this.actions.delete(key);
  }

  /** Runs every pending action once, newest first, never throwing. */
  async runAll(): Promise<string[]> {
    const errors: string[] = [];
    const pending = [...this.actions.entries()].reverse();
    this.actions.clear();
    for (const [, action] of pending) {
      try {
        await action();
      } catch (e) {
        errors.push(errorText(e));
      }
    }
    return errors;
  }

  get size(): number {
    return this.actions.size;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function leftByDeadSession(labels: Record<string, string>, host: string): boolean {
  const pid = Number(labels['memgate.pid']);
  return labels['memgate.host'] === host && Number.isInteger(pid) && !processAlive(pid);
}

/**
 * Removes containers (then networks) left by memgate sessions that died on this host (their memgate
 * pid is gone). Those of live sessions, or started from another host against a shared engine, stay.
 */
export async function sweepDeadSessions(api: ContainerApi): Promise<string[]> {
  const removed: string[] = [];
  const host = hostname();
  for (const c of await api.listByLabel(SESSION_LABEL)) {
    if (!leftByDeadSession(c.labels, host)) continue;
    await api.remove(c.id);
    removed.push(c.id);
  }
  // Networks after containers: a network with a container attached cannot be removed.
  for (const n of await api.listNetworksByLabel(SESSION_LABEL)) {
    if (!leftByDeadSession(n.labels, host)) continue;
    await api.removeNetwork(n.name).catch(() => undefined);
  }
  return removed;
}

/** Removes every container, then every network, of one session (the last line of defence in `finally`). */
export async function removeSession(api: ContainerApi, sessionId: string): Promise<number> {
  const list = await api.listByLabel(`${SESSION_LABEL}=${sessionId}`);
  await Promise.all(list.map((c) => api.remove(c.id)));
  const networks = await api.listNetworksByLabel(`${SESSION_LABEL}=${sessionId}`);
  for (const n of networks) await api.removeNetwork(n.name).catch(() => undefined);
  return list.length;
}
