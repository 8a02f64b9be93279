/** The last lines of a log file, reading only its end (logs can be large). */
import fs from 'node:fs/promises';

const TAIL_BYTES = 64 * 1024;

export async function readLogTail(file: string, lines: number): Promise<string[]> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const all = buf.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    if (size > length) all.shift(); // first line is probably cut
    return all.slice(-lines);
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}
