/**
 * The CLI: argv -> command -> exit code. Errors from the catalog print as message + hint and exit with
 * their class (2 config/usage, 3 infrastructure); anything else is a bug and prints its stack.
 */
import { CommanderError } from 'commander';
import { isMemgateError } from '../errors.js';
import type { Io } from '../io.js';
import { buildProgram } from './program.js';

export async function run(io: Io): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isMemgateError(e)) {
      io.stderr.write(`memgate: error: ${e.message}\n`);
      for (const line of e.details) io.stderr.write(`  | ${line}\n`);
      io.stderr.write(`hint: ${e.hint}\n`);
      return e.exitCode;
    }
    io.stderr.write(`memgate: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }
}
