/**
 * Compact sample storage (docs/design/statistics.md#baseline): the gate metric in 1 s buckets as 4 KiB page
 * counts, delta + zigzag + varint, gzip, base64. Rounding to pages keeps every value within half a page.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { PAGE_BYTES } from '../units.js';

export const COMPACT_ENCODING = 'delta-zigzag-varint+gzip+base64';

export interface CompactSamples {
  encoding: typeof COMPACT_ENCODING;
  /** Which figure (the gate metric's field). */
  metric: string;
  t0Ms: number;
  dtMs: number;
  pageBytes: number;
  count: number;
  data: string;
}

/** Last reading per 1 s bucket; empty buckets repeat the previous value. */
export function bucketPerSecond(
  tMs: ArrayLike<number>,
  bytes: ArrayLike<number>,
  dtMs = 1000,
): { t0Ms: number; values: Float64Array } {
  if (tMs.length === 0) return { t0Ms: 0, values: new Float64Array(0) };
  const t0Ms = Math.floor(tMs[0]! / dtMs) * dtMs;
  const n = Math.floor((tMs[tMs.length - 1]! - t0Ms) / dtMs) + 1;
  const values = new Float64Array(n).fill(NaN);
  for (let i = 0; i < tMs.length; i++) values[Math.floor((tMs[i]! - t0Ms) / dtMs)] = bytes[i]!;
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) values[i] = i > 0 ? values[i - 1]! : bytes[0]!;
  return { t0Ms, values };
}

export function encodeSamples(
  metric: string,
  t0Ms: number,
  values: ArrayLike<number>,
  dtMs = 1000,
): CompactSamples {
  const bytes: number[] = [];
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const pages = Math.round(values[i]! / PAGE_BYTES);
    const d = pages - prev;
    prev = pages;
    let z = d >= 0 ? 2 * d : -2 * d - 1;
    while (z >= 0x80) {
      bytes.push((z % 0x80) | 0x80);
      z = Math.floor(z / 0x80);
    }
    bytes.push(z);
  }
  const data = gzipSync(Buffer.from(bytes)).toString('base64');
  return {
    encoding: COMPACT_ENCODING,
    metric,
    t0Ms,
    dtMs,
    pageBytes: PAGE_BYTES,
    count: values.length,
    data,
  };
}

export function decodeSamples(c: CompactSamples): { tMs: Float64Array; bytes: Float64Array } {
  const raw = gunzipSync(Buffer.from(c.data, 'base64'));
  const bytes = new Float64Array(c.count);
  const tMs = new Float64Array(c.count);
  let pos = 0;
  let prev = 0;
  for (let i = 0; i < c.count; i++) {
    let z = 0;
    let mul = 1;
    for (;;) {
      const b = raw[pos++];
      if (b === undefined) throw new Error('compact samples truncated');
      z += (b & 0x7f) * mul;
      mul *= 0x80;
      if (b < 0x80) break;
    }
    prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    bytes[i] = prev * c.pageBytes;
    tMs[i] = c.t0Ms + i * c.dtMs;
  }
  return { tMs, bytes };
}
