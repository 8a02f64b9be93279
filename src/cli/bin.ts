/** Entry point: adapts the process to `run(io)` and exits with its code. Nothing else lives here. */
import { errorText } from '../errors.js';
import { CrashAbort } from '../io.js';
import { run } from './run.js';

/** After a crash, how long the interrupt's cleanup may take before memgate exits anyway. */
const CRASH_CLEANUP_MS = 20_000;
/** Exit 3: memgate itself failed. Node's own exit code for a crash, 1, means "memory regression". */
const INTERNAL_ERROR_EXIT = 3;

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts++;
    // First signal: abort and clean up. Second: the user insists; leave now (cleanup already started).
    if (interrupts > 1) process.exit(130);
    controller.abort(signal);
  });
}

// A throw no caller can catch (inside a library's timer) ends the run like an interrupt: targets are
// stopped and removed, then exit 3 with the error, never Node's exit 1. Local targets still running at
// exit are killed by the process driver's exit handler.
let crashed = false;
let forceExit: NodeJS.Timeout | undefined;
const crash = (e: unknown): void => {
  process.stderr.write(
    `memgate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : errorText(e)}\n`,
  );
  process.exitCode = INTERNAL_ERROR_EXIT;
  if (crashed) return;
  crashed = true;
  controller.abort(new CrashAbort(e));
  // Not unref'd: a run left waiting on the crashed library must not end in Node's "unsettled await".
  forceExit = setTimeout(() => process.exit(INTERNAL_ERROR_EXIT), CRASH_CLEANUP_MS);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const code = await run({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
clearTimeout(forceExit);
process.exitCode = crashed ? INTERNAL_ERROR_EXIT : code;
