/**
 * Units: the only place sizes, durations and rates are parsed or formatted (README.md#the-config-file).
 * Sizes: B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB, TiB (powers of 1024).
 * Durations: ms, s, m, h. Rates: a size over a duration (`64MiB/h`).
 */

/** Byte constants for code that states defaults in binary units. */
export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 ** 3;
export const TiB = 1024 ** 4;
/** Memory moves in 4 KiB pages; compact samples store page counts. */
export const PAGE_BYTES = 4096;

const SIZE_FACTORS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: KiB,
  mib: MiB,
  gib: GiB,
  tib: TiB,
};

const MS_PER_S = 1000;
const S_PER_H = 3600;
const MS_PER_MIN = 60 * MS_PER_S;
const NS_PER_MS = 1e6;

/** Milliseconds to seconds. */
export function msToSec(ms: number): number {
  return ms / MS_PER_S;
}

/** Milliseconds to minutes. */
export function msToMin(ms: number): number {
  return ms / MS_PER_MIN;
}

/** Seconds to milliseconds. */
export function secToMs(sec: number): number {
  return sec * MS_PER_S;
}

/** Nanoseconds (a clock reading) to milliseconds. */
export function nsToMs(ns: number): number {
  return ns / NS_PER_MS;
}

/** A rate per second as a rate per hour (bytes/s -> bytes/h). */
export function perSecToPerHour(perSec: number): number {
  return perSec * S_PER_H;
}

/** A rate per hour as a rate per second (bytes/h -> bytes/s). */
export function perHourToPerSec(perHour: number): number {
  return perHour / S_PER_H;
}

const DURATION_FACTORS: Record<string, number> = {
  ms: 1,
  s: MS_PER_S,
  m: 60 * MS_PER_S,
  h: S_PER_H * MS_PER_S,
};

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const SIZE_RE = new RegExp(`^${NUM}\\s*([a-z]*)$`, 'i');

/**
 * Parses `512MiB`, `200 MB`, `1024B` into bytes. A bare number is refused: `memory: 512` meant 512 MiB
 * far more often than 512 bytes, and reading it as bytes OOM-kills the target at once. Zero needs none.
 */
export function parseSize(input: string | number): ParseResult {
  const n = bareNumber(input);
  if (n !== undefined) return n === 0 ? { ok: true, value: 0 } : unitless(input, 'size', `${n}MiB`, `${n}B`);
  if (typeof input === 'number') return bad(input, 'size');
  const m = SIZE_RE.exec(input.trim());
  if (!m) return bad(input, 'size');
  const factor = SIZE_FACTORS[(m[2] ?? '').toLowerCase()];
  if (factor === undefined) return bad(input, 'size');
  return { ok: true, value: Math.round(Number(m[1]) * factor) };
}

/** Parses `100ms`, `30s`, `10m`, `2h` into milliseconds. A bare number is refused (5 ms or 5 s?); zero needs none. */
export function parseDuration(input: string | number): ParseResult {
  const n = bareNumber(input);
  if (n !== undefined)
    return n === 0 ? { ok: true, value: 0 } : unitless(input, 'duration', `${n}s`, `${n}ms`);
  if (typeof input === 'number') return bad(input, 'duration');
  const m = SIZE_RE.exec(input.trim());
  if (!m) return bad(input, 'duration');
  const factor = DURATION_FACTORS[(m[2] ?? '').toLowerCase()];
  if (factor === undefined) return bad(input, 'duration');
  return { ok: true, value: Number(m[1]) * factor };
}

/** Parses `64MiB/h`, `256KiB/s` into bytes per second. */
export function parseRate(input: string): ParseResult {
  const [size, per, ...rest] = input.split('/');
  if (size === undefined || per === undefined || rest.length > 0) return bad(input, 'rate');
  const s = parseSize(size);
  const d = parseDuration(/^\d/.test(per.trim()) ? per : `1${per.trim()}`);
  if (!s.ok || !d.ok || d.value === 0) return bad(input, 'rate');
  return { ok: true, value: secToMs(s.value) / d.value };
}

/** Parses `5%` or `0.05` into a fraction. */
export function parsePercent(input: string | number): ParseResult {
  if (typeof input === 'number')
    return Number.isFinite(input) ? { ok: true, value: input } : bad(input, 'percentage');
  const m = /^(-?\d+(?:\.\d+)?)\s*%$/.exec(input.trim());
  if (!m) return bad(input, 'percentage');
  return { ok: true, value: Number(m[1]) / 100 };
}

/** The value of a number written without a unit (`512`, `"512"`), else undefined. */
function bareNumber(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  return /^(\d+(?:\.\d+)?|\.\d+)$/.test(input.trim()) ? Number(input.trim()) : undefined;
}

function unitless(input: unknown, what: string, likely: string, literal: string): ParseResult {
  return {
    ok: false,
    error: `a ${what} needs a unit, got ${JSON.stringify(input)}: write ${likely} (or ${literal} if you meant exactly that)`,
  };
}

function bad(input: unknown, what: string): ParseResult {
  const examples: Record<string, string> = {
    size: '512MiB, 200MB, 64KiB',
    duration: '100ms, 30s, 10m, 2h',
    rate: '64MiB/h, 256KiB/s',
    percentage: '5%',
  };
  return { ok: false, error: `expected a ${what} like ${examples[what]}, got ${JSON.stringify(input)}` };
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Formats bytes with IEC units: 1536 -> "1.5 KiB". Keeps the sign. */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < IEC.length - 1) {
    v /= 1024;
    i++;
  }
  return `${sign}${i === 0 ? v.toFixed(0) : v.toFixed(digits)} ${IEC[i]}`;
}

/** Formats a byte rate per hour: "3.2 MiB/h". */
export function formatBytesPerHour(bytesPerSec: number): string {
  return `${formatBytes(perSecToPerHour(bytesPerSec))}/h`;
}

/** Formats milliseconds: 950 -> "950 ms", 61000 -> "1m 1s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return h > 0 ? `${h}h ${m}m` : `${m}m ${s}s`;
}

/** Formats a fraction as a signed percentage: 0.053 -> "+5.3%". */
export function formatPercent(fraction: number): string {
  const p = fraction * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}
