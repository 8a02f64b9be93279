/** `memgate init`: writes a memgate.yml scaffold from the bundled scenarios. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MemgateError } from '../errors.js';
import { renderInitConfig } from '../init/init.js';
import type { Io } from '../io.js';
import { definedOnly } from '../util/defined-only.js';

export async function initCommand(
  opts: { image?: string; process?: string; port?: number; output: string; force?: boolean },
  io: Io,
): Promise<number> {
  const text = renderInitConfig({
    ...definedOnly({ image: opts.image, process: opts.process, port: opts.port }),
  });
  const file = resolve(io.cwd, opts.output);
  try {
    await writeFile(file, text, { flag: opts.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new MemgateError('fileExists', { file });
    }
    throw new MemgateError('io', { op: 'write', file, reason: String(e) });
  }
  const flag = opts.output === 'memgate.yml' ? '' : ` -c ${opts.output}`;
  io.stdout.write(
    `wrote ${opts.output}: check target and the starter's path, then run \`memgate run${flag}\`\n` +
      (opts.process === undefined
        ? `on pull requests: \`memgate run${flag} --against <image of the base branch>\` runs both builds interleaved\n`
        : ''),
  );
  return 0;
}
