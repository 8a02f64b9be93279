/** A unicode-block sparkline for the CLI live line. */
const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * `values` squeezed into `width` cells (bucket maxima, so spikes stay visible), scaled between min and max.
 * A flat series prints the lowest block; non-finite values print as a space.
 */
export function sparkline(values: number[], width: number): string {
  const w = Math.max(0, Math.floor(width));
  if (w === 0 || values.length === 0) return '';
  const points = values.length <= w ? values : buckets(values, w);
  const finite = points.filter((v) => Number.isFinite(v));
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min;
  return points
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      const level = span === 0 ? 0 : Math.round(((v - min) / span) * (BLOCKS.length - 1));
      return BLOCKS[level] ?? ' ';
    })
    .join('');
}

function buckets(values: number[], w: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < w; b++) {
    let max = NaN;
    const to = Math.floor(((b + 1) * values.length) / w);
    for (let i = Math.floor((b * values.length) / w); i < to; i++) {
      const v = values[i] ?? NaN;
      if (Number.isFinite(v) && !(v <= max)) max = v;
    }
    out.push(max);
  }
  return out;
}
