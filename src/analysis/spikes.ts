/**
 * Spike events (docs/design/statistics.md#spikes): the despiked series rises above a rolling reference of
 * block maxima by h_spk for at most 30 s, then falls back below half that height.
 */
import type { Blocks } from './blocks.js';
import type { Series } from './series.js';
import { median, robustSigma } from './stats/descriptive.js';
import { ANALYSIS } from './thresholds.js';

export interface Spikes {
  count: number;
  maxHeightBytes: number;
  maxDurationMs: number;
}

/** Rolling median of block maxima over +-`spikeReferenceBlocks` blocks. */
function ceilReference(ceil: Float64Array): Float64Array {
  const out = new Float64Array(ceil.length);
  for (let i = 0; i < ceil.length; i++)
    out[i] = median(
      ceil.subarray(
        Math.max(0, i - ANALYSIS.spikeReferenceBlocks),
        Math.min(ceil.length, i + ANALYSIS.spikeReferenceBlocks + 1),
      ),
    );
  return out;
}

export function detectSpikes(s: Series, blocks: Blocks, fromMs: number, floorBytes: number): Spikes {
  const none: Spikes = { count: 0, maxHeightBytes: 0, maxDurationMs: 0 };
  const m = blocks.ceil.length;
  if (m < 3) return none;
  const ref = ceilReference(blocks.ceil);
  const dev = Float64Array.from(blocks.ceil, (c, i) => c - ref[i]!);
  const h = Math.max(
    ANALYSIS.spikeHeightOfFloor * floorBytes,
    ANALYSIS.spikeHeightBytes,
    ANALYSIS.spikeHeightSigmas * robustSigma(dev),
  );
  const out = { ...none };
  let start = -1;
  let top = 0;
  // The blocks are the valid ones only (gapped blocks removed), so a block's index is not
  // (t - fromMs) / W: walk the midpoints instead and use the block whose span holds t, else the last
  // one before it.
  const half = blocks.widthMs / 2;
  const toMs = blocks.tMs[m - 1]! + half;
  let b = 0;
  for (let i = 0; i < s.tMs.length; i++) {
    const t = s.tMs[i]!;
    if (t < fromMs || t >= toMs) continue;
    while (b + 1 < m && blocks.tMs[b + 1]! - half <= t) b++;
    const base = ref[b]!;
    if (start < 0 && s.yMax[i]! > base + h) {
      start = t;
      top = s.yMax[i]! - base;
    } else if (start >= 0) {
      top = Math.max(top, s.yMax[i]! - base);
      if (s.yMax[i]! < base + h / 2) {
        const dur = t - start;
        if (dur <= ANALYSIS.spikeMaxDurationMs) {
          out.count++;
          out.maxHeightBytes = Math.max(out.maxHeightBytes, top);
          out.maxDurationMs = Math.max(out.maxDurationMs, dur);
        }
        start = -1;
      }
    }
  }
  return out;
}
