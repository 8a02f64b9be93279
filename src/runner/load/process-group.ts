/**
 * Stops a command and everything it started. A load tool is often a shell loop (`for ...; do curl`),
 * so killing only the direct child would leave its children hammering the target into the next
 * phase, and holding its output pipes open. The command runs as its own process group and the
 * whole group gets SIGTERM, then SIGKILL if it is still there after a grace period.
 */
export interface GroupStopper {
  /** True once memgate asked the group to stop (the phase ended or the run was aborted). */
  readonly stopped: boolean;
  /** Call when the command has exited: clears timers and ends stragglers left in its group. */
  dispose(): void;
}

export function stopGroupOnAbort(pid: number, signal: AbortSignal, forceKillAfterMs: number): GroupStopper {
  let stopped = false;
  let forceTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    stopped = true;
    killGroup(pid, 'SIGTERM');
    forceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), forceKillAfterMs);
  };
  // If memgate itself exits mid-phase, do not leave the load running.
  const onExit = (): void => killGroup(pid, 'SIGKILL');
  process.once('exit', onExit);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return {
    get stopped() {
      return stopped;
    },
    dispose() {
      signal.removeEventListener('abort', stop);
      process.removeListener('exit', onExit);
      if (forceTimer !== undefined) clearTimeout(forceTimer);
      killGroup(pid, 'SIGKILL');
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
