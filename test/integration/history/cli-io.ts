/** Runs the real CLI entry (argv -> exit code) in-process with recorded output. */
import { run } from '../../../src/cli/run.js';

export async function cli(
  argv: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv,
    env,
    cwd,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
