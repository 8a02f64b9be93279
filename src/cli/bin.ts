/** Entry point: adapts the process to `run(io)` and exits with its code. Nothing else lives here. */
import { run } from './run.js';

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

const code = await run({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = code;
