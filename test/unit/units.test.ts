import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatBytesPerHour,
  formatDuration,
  formatPercent,
  parseDuration,
  parsePercent,
  parseRate,
  parseSize,
} from '../../src/units.js';

describe('parseSize', () => {
  it.each([
    ['512MiB', 512 * 1024 ** 2],
    ['200MB', 200e6],
    ['64KiB', 65_536],
    ['1 GiB', 1024 ** 3],
    ['1.5KB', 1500],
    ['2tib', 2 * 1024 ** 4],
    ['1024B', 1024],
    [0, 0],
    ['0', 0],
  ])('%s -> %d bytes', (input, bytes) => {
    expect(parseSize(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    [512, 'a size needs a unit, got 512: write 512MiB (or 512B if you meant exactly that)'],
    ['1024', 'a size needs a unit, got "1024": write 1024MiB (or 1024B if you meant exactly that)'],
  ])('refuses the bare number %j with a hint', (input, error) => {
    expect(parseSize(input)).toEqual({ ok: false, error });
  });

  it.each(['12XB', 'MiB', '-1MiB', ''])('rejects %j with an example', (input) => {
    const r = parseSize(input);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toBe(`expected a size like 512MiB, 200MB, 64KiB, got ${JSON.stringify(input)}`);
  });
});

describe('parseDuration', () => {
  it.each([
    ['100ms', 100],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1.5s', 1500],
    ['0', 0],
  ])('%s -> %d ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: ms });
  });

  it.each([
    [5, 'a duration needs a unit, got 5: write 5s (or 5ms if you meant exactly that)'],
    ['250', 'a duration needs a unit, got "250": write 250s (or 250ms if you meant exactly that)'],
  ])('refuses the bare number %j with a hint', (input, error) => {
    expect(parseDuration(input)).toEqual({ ok: false, error });
  });

  it('rejects unknown units', () => {
    expect(parseDuration('3d').ok).toBe(false);
    expect(parseDuration('10 sec').ok).toBe(false);
  });
});

describe('parseRate and parsePercent', () => {
  it('converts a rate to bytes per second', () => {
    expect(parseRate('64MiB/h')).toEqual({ ok: true, value: (64 * 1024 ** 2) / 3600 });
    expect(parseRate('256KiB/s')).toEqual({ ok: true, value: 262_144 });
    expect(parseRate('1MB/10s')).toEqual({ ok: true, value: 100_000 });
  });

  it('rejects rates without a valid divisor', () => {
    expect(parseRate('64MiB').ok).toBe(false);
    expect(parseRate('64MiB/0s').ok).toBe(false);
    expect(parseRate('1/2/3').ok).toBe(false);
  });

  it('reads percentages as fractions', () => {
    expect(parsePercent('5%')).toEqual({ ok: true, value: 0.05 });
    expect(parsePercent(0.1)).toEqual({ ok: true, value: 0.1 });
    expect(parsePercent('5').ok).toBe(false);
  });
});

describe('formatting', () => {
  it('formats bytes with IEC units and keeps the sign', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(-3 * 1024 ** 2)).toBe('-3.0 MiB');
    expect(formatBytes(5 * 1024 ** 4, 2)).toBe('5.00 TiB');
  });

  it('formats rates, durations and percentages', () => {
    expect(formatBytesPerHour((64 * 1024 ** 2) / 3600)).toBe('64.0 MiB/h');
    expect(formatDuration(950)).toBe('950 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(61_000)).toBe('1m 1s');
    expect(formatDuration(3_660_000)).toBe('1h 1m');
    expect(formatPercent(0.053)).toBe('+5.3%');
    expect(formatPercent(-0.1)).toBe('-10.0%');
  });
});
