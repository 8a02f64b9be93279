/**
 * Progress for `memgate run`: on a terminal, one live line (scenario, phase, elapsed, memory, a
 * sparkline) redrawn in place; otherwise plain lines every 10 s, fit for CI logs.
 */
import type { Io } from '../io.js';
import type { Progress, ProgressEvent } from '../runner/progress.js';
import { formatBytes, formatDuration } from '../units.js';
import { sparkline } from './sparkline.js';

const PLAIN_EVERY_MS = 10_000;
const HISTORY = 60;

export function createProgress(io: Io): Progress & { done(): void } {
  const tty = io.stdout.isTTY === true;
  let history: number[] = [];
  let lastPlainMs = -Infinity;
  let live = false;
  const clear = () => {
    if (live) io.stdout.write('\r\x1b[2K');
    live = false;
  };
  const line = (text: string) => {
    clear();
    io.stdout.write(`${text}\n`);
  };
  return {
    emit(e: ProgressEvent) {
      switch (e.kind) {
        case 'run-start':
          history = [];
          lastPlainMs = -Infinity;
          line(`▶ ${e.scenario} run ${e.run + 1}/${e.runs}${e.side === 'base' ? ' (base image)' : ''}`);
          break;
        case 'phase':
          if (!tty)
            line(`  ${e.phase}${e.durationMs === undefined ? '' : ` ${formatDuration(e.durationMs)}`}`);
          break;
        case 'tick': {
          history.push(e.usageBytes);
          if (history.length > HISTORY) history.shift();
          const text = `  ${e.scenario} · ${e.phase} · ${formatDuration(e.elapsedMs)} · ${formatBytes(e.usageBytes)} · ${e.requests} req`;
          if (tty) {
            io.stdout.write(`\r\x1b[2K${text} ${sparkline(history, 30)}`);
            live = true;
          } else if (e.elapsedMs - lastPlainMs >= PLAIN_EVERY_MS) {
            lastPlainMs = e.elapsedMs;
            line(text);
          }
          break;
        }
        case 'run-end':
          line(
            `  done: ${e.valid ? 'valid' : 'INVALID'}${e.oom === 'CLEAN' || e.oom === 'STOPPED_BY_MEMGATE' ? '' : `, ${e.oom}`}`,
          );
          break;
        case 'note':
          line(`  ${e.text}`);
          break;
      }
    },
    done: clear,
  };
}
