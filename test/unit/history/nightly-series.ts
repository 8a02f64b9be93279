/** Seeded synthetic nightly series: a floor around 150 MiB with ~1 % night-to-night noise. */
const MiB = 1024 * 1024;

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller). */
export function gaussian(rnd: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

export interface NightlySpec {
  nights: number;
  levelBytes: number;
  noisePct: number;
  /** Night index from which the level is multiplied by (1 + stepPct / 100). */
  stepAt?: number;
  stepPct?: number;
}

export function nightlyFloors(spec: NightlySpec, seed: number): number[] {
  const z = gaussian(prng(seed));
  return Array.from({ length: spec.nights }, (_, i) => {
    const step = spec.stepAt !== undefined && i >= spec.stepAt ? 1 + (spec.stepPct ?? 0) / 100 : 1;
    return Math.round(spec.levelBytes * step * (1 + (spec.noisePct / 100) * z()));
  });
}

export const FLOOR_150_MIB = 150 * MiB;
