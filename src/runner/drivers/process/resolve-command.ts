/** argv[0] through PATH (or relative to cwd when it contains a slash); undefined when not found. */
import fs from 'node:fs';
import path from 'node:path';

export function resolveCommand(
  cmd: string,
  cwd: string,
  envPath = process.env['PATH'] ?? '',
): string | undefined {
  const candidates = cmd.includes('/')
    ? [path.resolve(cwd, cmd)]
    : envPath
        .split(':')
        .filter(Boolean)
        .map((d) => path.join(d, cmd));
  return candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}
