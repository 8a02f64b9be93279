/**
 * The `command` generator: any external load tool (k6, wrk, a curl loop). Its output goes straight
 * to a log file (memgate keeps none of it); it gets MEMGATE_TARGET_URL, MEMGATE_TARGET_HOST and
 * MEMGATE_TARGET_PORT (a database's or a cache's own benchmark tool needs no shell to cut the URL
 * apart); it is stopped at the phase end
 * with everything it started (SIGTERM, then SIGKILL after 3 s), which is normal and not an error. A non-zero exit is recorded as
 * the error kind `exit:<code>`, never thrown.
 */
import { execa } from 'execa';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandGenerator } from '../../config/plan.js';
import { substituteInString, targetAddress } from '../../config/target-url.js';
import { deadlineOf } from './deadline.js';
import type { LoadContext, LoadGenerator } from './load-generator.js';
import { stopGroupOnAbort } from './process-group.js';
import { errorKind, StatsRecorder } from './stats-recorder.js';

export const FORCE_KILL_AFTER_MS = 3000;

export function commandLogFile(ctx: Pick<LoadContext, 'logDir' | 'phaseIndex'>, argv0: string): string {
  const tool = (argv0.split('/').pop() ?? 'command').replace(/[^A-Za-z0-9._-]/g, '_') || 'command';
  return join(ctx.logDir, `load-phase${ctx.phaseIndex}-${tool}-${process.pid}-${Date.now()}.log`);
}

export const commandGenerator: LoadGenerator<CommandGenerator> = {
  kind: 'command',
  async run(spec, ctx) {
    const stats = new StatsRecorder('command', ctx.phaseIndex, ctx.counters);
    const address = targetAddress(ctx.baseUrl);
    const [file, ...args] = spec.argv.map((a) => substituteInString(a, address));
    if (file === undefined) {
      stats.error('spawn:empty-argv');
      return stats.finish({ exitCode: null });
    }
    mkdirSync(ctx.logDir, { recursive: true });
    const logFile = commandLogFile(ctx, file);
    writeFileSync(logFile, '');
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(spec.env)) env[key] = substituteInString(value, address);
    const deadline = deadlineOf(ctx);
    const subprocess = execa(file, args, {
      cwd: spec.cwd,
      env: {
        ...env,
        MEMGATE_TARGET_URL: address.url,
        MEMGATE_TARGET_HOST: address.host,
        MEMGATE_TARGET_PORT: address.port,
      },
      stdin: 'ignore',
      // Both in append mode on one file; with buffer: false memgate keeps none of the output.
      stdout: { file: logFile, append: true },
      stderr: { file: logFile, append: true },
      buffer: false,
      reject: false,
      // Its own process group, so the phase end can stop the command and all it started.
      detached: true,
    });
    const group =
      subprocess.pid === undefined
        ? undefined
        : stopGroupOnAbort(subprocess.pid, deadline.signal, FORCE_KILL_AFTER_MS);
    try {
      const result = await subprocess;
      const exitCode = result.exitCode ?? null;
      if (group?.stopped === true) {
        // Stopped by memgate at the phase end or on abort: expected, nothing to record.
      } else if (exitCode !== null && exitCode !== 0) {
        stats.error(`exit:${exitCode}`);
      } else if (result.signal !== undefined) {
        stats.error(`signal:${result.signal}`);
      } else if (result.failed && exitCode === null) {
        // It never started (not on PATH, not executable): say why in its log.
        appendFileSync(logFile, `memgate: ${result.shortMessage}\n`);
        stats.error(`spawn:${errorKind(result)}`);
      }
      return stats.finish({ exitCode, logFile });
    } finally {
      group?.dispose();
      deadline.dispose();
    }
  },
};
