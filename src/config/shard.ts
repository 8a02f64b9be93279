/** `run --shard I/N`: which scenarios one of N machines runs; `memgate merge` joins their results. */
import { MemgateError } from '../errors.js';

/** Parses `--shard I/N` and picks that shard's scenarios (round-robin, stable by position). */
export function pickShard<T>(items: T[], shard: string | undefined): T[] {
  if (shard === undefined) return items;
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || i < 1 || i > n) {
    throw new MemgateError('usage', { message: `--shard expects I/N with 1 <= I <= N, got "${shard}"` });
  }
  return items.filter((_, k) => k % n === i - 1);
}
