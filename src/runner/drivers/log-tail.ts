/** Reads the last lines of a log file without loading the whole file. */
import { open } from 'node:fs/promises';
import { KiB } from '../../units.js';

export async function readLogTail(file: string, lines: number, maxBytes = 64 * KiB): Promise<string[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const all = buf.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    // The first line may be cut by the byte window; drop it unless the window covers the whole file.
    if (length < size) all.shift();
    return all.slice(-lines);
  } finally {
    await handle.close();
  }
}
