/**
 * The last resort for local targets. When memgate's own process exits without having stopped them (a
 * crash no caller could catch, or a forced exit after an interrupt), their process groups get SIGKILL
 * and their cgroups are removed, synchronously, in the process's 'exit' handler: nothing async runs
 * there. Containers need none of this: the next run sweeps them by their session label.
 */
import { removeNow } from './target-cgroup.js';

/** How long the exit handler waits for killed tasks to leave their cgroups before giving up. */
const CGROUP_EMPTY_WAIT_MS = 1000;
const RETRY_MS = 20;

/** Live targets: process group id -> their cgroup directory (undefined when they run without one). */
const live = new Map<number, string | undefined>();
let installed = false;

/** Records a started target; the returned function forgets it once memgate has stopped it itself. */
export function trackLiveTarget(pid: number, cgroupDir: string | undefined): () => void {
  if (!installed) {
    process.on('exit', killLiveTargets);
    installed = true;
  }
  live.set(pid, cgroupDir);
  return () => void live.delete(pid);
}

/** Exported for its test; runs on 'exit'. Returns the cgroup directories it could not remove. */
export function killLiveTargets(): string[] {
  const dirs: string[] = [];
  for (const [pid, dir] of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    if (dir !== undefined) dirs.push(dir);
  }
  live.clear();
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let left = dirs;
  for (let waited = 0; left.length > 0 && waited <= CGROUP_EMPTY_WAIT_MS; waited += RETRY_MS) {
    left = left.filter((dir) => !removeNow(dir));
    // A blocking sleep: in an 'exit' handler no timer will ever fire again.
    if (left.length > 0) Atomics.wait(sleeper, 0, 0, RETRY_MS);
  }
  return left;
}
