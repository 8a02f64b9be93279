/**
 * Residual warm-up and step detection on block floors (docs/design/statistics.md#warmup, docs/design/statistics.md#step).
 * Warm-up model: F(t) = c + s t - A exp(-t / tau), A >= 0, tau on a log grid in [2W, T/3]; accepted
 * when it beats a straight line by BIC. Step: a single mean shift beating the line by 2 ln m.
 */
import { robustSigma } from './stats/descriptive.js';
import { ANALYSIS } from './thresholds.js';

export interface WarmupFit {
  /** Warm-up end relative to the first block's start, ms; 0 = no residual warm-up. */
  endMs: number;
  capped: boolean;
  accepted: boolean;
  tauMs: number;
  amplitudeBytes: number;
  /** The fitted line's slope under the warm-up curve. */
  slopeBytesPerMs?: number;
}

function solve3(m: number[][], v: number[]): number[] | undefined {
  const a = m.map((row, i) => [...row, v[i]!]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (Math.abs(a[p]![c]!) < 1e-300) return undefined;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 4; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return [a[0]![3]! / a[0]![0]!, a[1]![3]! / a[1]![1]!, a[2]![3]! / a[2]![2]!];
}

/** Least squares of y on the given columns (3 of them); returns coefficients and SSE. */
function lsq3(cols: Float64Array[], y: Float64Array): { beta: number[]; sse: number } | undefined {
  const g = [0, 1, 2].map((i) => [0, 1, 2].map((j) => dot(cols[i]!, cols[j]!)));
  const beta = solve3(
    g,
    [0, 1, 2].map((i) => dot(cols[i]!, y)),
  );
  if (!beta) return undefined;
  let sse = 0;
  for (let k = 0; k < y.length; k++) {
    const r = y[k]! - beta[0]! * cols[0]![k]! - beta[1]! * cols[1]![k]! - beta[2]! * cols[2]![k]!;
    sse += r * r;
  }
  return { beta, sse };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** SSE of a least-squares parabola through (x, y); x is centred and scaled for conditioning. */
export function quadraticSse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 4) return linearSse(x, y);
  const x0 = x[0]!;
  const span = Math.max(1e-12, Math.abs(x[n - 1]! - x0));
  const u = Float64Array.from({ length: n }, (_, i) => (x[i]! - x0) / span - 0.5);
  const fit = lsq3(
    [new Float64Array(n).fill(1), u, Float64Array.from(u, (v) => v * v)],
    Float64Array.from(y),
  );
  return fit ? fit.sse : linearSse(x, y);
}

export function linearSse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 ? syy : syy - (sxy * sxy) / sxx;
}

/**
 * Fits the warm-up model on floors at times tRelMs (relative to load start). epsBytes is the smallest
 * decay target (0.001 floorLevel); the target is at least half the fit's residual SD. capMs bounds the
 * warm-up end (50 % of load + soak).
 */
export function fitWarmup(
  tRelMs: Float64Array,
  yIn: Float64Array,
  widthMs: number,
  epsBytes: number,
  capMs: number,
): WarmupFit {
  const none: WarmupFit = { endMs: 0, capped: false, accepted: false, tauMs: 0, amplitudeBytes: 0 };
  if (yIn.length < 8) return none;
  const y0 = yIn[0]!;
  const y = Float64Array.from(yIn, (v) => v - y0);
  const span = tRelMs[tRelMs.length - 1]! - tRelMs[0]!;
  let fit = fitCurve(tRelMs, y, widthMs, span);
  // Least squares follows a single wild block floor (a glitch that was not V-shaped, a stray dip):
  // one such block was enough to reject a 20 MiB warm-up. Fit again without blocks far off the curve.
  if (fit) {
    const res = Float64Array.from(y, (v, i) => v - fit!.at(tRelMs[i]!));
    const cut = ANALYSIS.warmupOutlierSigmas * robustSigma(res);
    const keep = Array.from(res, (r) => Math.abs(r) <= cut);
    if (cut > 0 && keep.some((k) => !k) && keep.filter(Boolean).length >= 8) {
      const t2 = Float64Array.from(tRelMs.filter((_, i) => keep[i]));
      const y2 = Float64Array.from(y.filter((_, i) => keep[i]));
      fit = fitCurve(t2, y2, widthMs, span);
    }
  }
  if (!fit?.accepted) return none;
  // Half a noise SD of the fitted model's residuals: noise measured around a straight line would
  // count the warm-up curve itself as noise and end the warm-up far too early.
  const eps = Math.max(epsBytes, Math.sqrt(fit.sse / Math.max(1, fit.m - 4)) / 2);
  const endMs = fit.a > eps ? fit.tau * Math.log(fit.a / eps) : 0;
  return {
    endMs: Math.min(endMs, capMs),
    capped: endMs > capMs,
    accepted: true,
    tauMs: fit.tau,
    amplitudeBytes: fit.a,
    slopeBytesPerMs: fit.slope,
  };
}

/**
 * What is left of the fitted warm-up at tRelMs (relative to load start): the curve's distance below
 * its asymptote. Added back to the steady floors so the slope measures the leak, not the warm-up's tail.
 */
export function warmupResidualBytes(fit: WarmupFit, tRelMs: number): number {
  if (!fit.accepted || fit.tauMs <= 0) return 0;
  return fit.amplitudeBytes * Math.exp(-Math.max(0, tRelMs) / fit.tauMs);
}

interface CurveFit {
  sse: number;
  tau: number;
  a: number;
  m: number;
  /** Beats a straight line by BIC. */
  accepted: boolean;
  slope: number;
  at: (tMs: number) => number;
}

/** The best c + s t - A exp(-t/tau) over the tau grid, when it beats a straight line by BIC. */
function fitCurve(t: Float64Array, y: Float64Array, widthMs: number, span: number): CurveFit | undefined {
  const m = y.length;
  const sseLin = linearSse(t, y);
  const ones = new Float64Array(m).fill(1);
  let best: CurveFit | undefined;
  for (let tau = 2 * widthMs; tau <= span / 3; tau *= 1.15) {
    const e = Float64Array.from(t, (x) => -Math.exp(-x / tau));
    const fit = lsq3([ones, t, e], y);
    if (!fit || fit.beta[2]! <= 0) continue;
    if (!best || fit.sse < best.sse) {
      const [c, s, a] = fit.beta as [number, number, number];
      const k = tau;
      best = {
        sse: fit.sse,
        tau,
        a,
        m,
        accepted: false,
        slope: s,
        at: (x) => c + s * x - a * Math.exp(-x / k),
      };
    }
  }
  if (!best || best.sse <= 0) return undefined;
  return { ...best, accepted: m * Math.log(sseLin / best.sse) - 2 * Math.log(m) > 0 };
}

export interface StepFit {
  step: boolean;
  /** Index of the first block after the shift. */
  split: number;
  heightBytes: number;
}

/** Linear trend (M1) vs one mean shift (M2, >= 5 blocks per side); step when BIC1 - BIC2 > 2 ln m. */
export function detectStep(
  x: ArrayLike<number>,
  yIn: ArrayLike<number>,
  minHeightOfLevel = 0,
  minHeightBytes = 0,
): StepFit {
  // Centre first: prefix sums of squared byte counts would otherwise lose precision.
  const y0 = yIn[0] ?? 0;
  const y = Float64Array.from(yIn, (v) => v - y0);
  const m = y.length;
  const none: StepFit = { step: false, split: 0, heightBytes: 0 };
  if (m < 10) return none;
  const pre = new Float64Array(m + 1);
  const pre2 = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    pre[i + 1] = pre[i]! + y[i]!;
    pre2[i + 1] = pre2[i]! + y[i]! * y[i]!;
  }
  const sse = (a: number, b: number): number => {
    const n = b - a;
    const s = pre[b]! - pre[a]!;
    return pre2[b]! - pre2[a]! - (s * s) / n;
  };
  let bestSse = Infinity;
  let split = 0;
  for (let k = 5; k <= m - 5; k++) {
    const v = sse(0, k) + sse(k, m);
    if (v < bestSse) {
      bestSse = v;
      split = k;
    }
  }
  // M1 is the better of a line and a parabola: the tail of a warm-up curve is smooth, and a line
  // alone would lose to a mean shift on it and report a step that is not there.
  const sseLine = Math.max(linearSse(x, y), 1e-12);
  const sseParabola = Math.max(quadraticSse(x, y), 1e-12);
  const bic1 = Math.min(
    m * Math.log(sseLine / m) + 2 * Math.log(m),
    m * Math.log(sseParabola / m) + 3 * Math.log(m),
  );
  const sse2 = Math.max(bestSse, 1e-12);
  const bic2 = m * Math.log(sse2 / m) + 3 * Math.log(m);
  if (bic1 - bic2 <= 2 * Math.log(m)) return none;
  const height = (pre[m]! - pre[split]!) / (m - split) - pre[split]! / split;
  // A shift too small to matter to any level gate is noise the mean-shift model happened to fit
  // better; treating it as a step would halve the window the slope is measured on.
  const level = Math.abs(y0 + pre[m]! / m);
  if (Math.abs(height) < Math.max(minHeightOfLevel * level, minHeightBytes)) return none;
  return { step: true, split, heightBytes: height };
}
