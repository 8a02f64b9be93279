/**
 * Leak slope on the steady block floors (docs/design/statistics.md#slope): Theil-Sen in B/s and B/request,
 * Mann-Kendall + Hamed-Rao p, Sen CI on the inflated variance, deceleration ratio, floor noise and
 * the per-run detectable slope (docs/design/statistics.md#detectable-slope).
 */
import { acf, robustSigma } from './stats/descriptive.js';
import { normalQuantile } from './stats/distributions.js';
import { mannKendall, senInterval, theilSen } from './stats/trend.js';

/**
 * Detection-limit constants: Theil-Sen efficiency vs OLS under Gaussian noise (~3/pi), the safety
 * factor that brought predicted-80 % slopes back to 80 % detection on the synthetic generator, and the
 * power the limit is quoted at.
 */
export const DETECTION = { efficiency: 0.95, kSafety: 1.15, power: 0.8 } as const;

export interface SlopeResult {
  bytesPerSec: number;
  lo: number;
  hi: number;
  p: number;
  decel: number;
  sigmaFloorBytes: number;
  rho: number;
  vif: number;
  /** Hamed-Rao factor. */
  factor: number;
  detectableBytesPerSec: number;
  interceptBytes: number;
}

/** Bias-corrected lag-1 autocorrelation (m r1 + 1) / (m - 4), clamped to [0, 0.9]. */
export function lag1(residuals: ArrayLike<number>): number {
  const m = residuals.length;
  if (m <= 4) return 0;
  const r = (m * acf(residuals, 1) + 1) / (m - 4);
  return Math.min(0.9, Math.max(0, r));
}

/** Residuals of y around a line through time in seconds. */
export function residuals(
  tSec: ArrayLike<number>,
  y: ArrayLike<number>,
  slope: number,
  intercept: number,
): Float64Array {
  return Float64Array.from({ length: y.length }, (_, i) => y[i]! - (intercept + slope * tSec[i]!));
}

/** MDS = k (z_{1-alpha} + z_{0.8}) sigma_f sqrt(12) / (T sqrt(m)) sqrt(VIF / eff), bytes/s. */
export function detectableSlope(
  sigmaF: number,
  m: number,
  spanSec: number,
  vif: number,
  alpha: number,
): number {
  if (m < 3 || spanSec <= 0) return Infinity;
  const se = ((sigmaF * Math.sqrt(12)) / (spanSec * Math.sqrt(m))) * Math.sqrt(vif / DETECTION.efficiency);
  return DETECTION.kSafety * (normalQuantile(1 - alpha) + normalQuantile(DETECTION.power)) * se;
}

/** Full slope analysis; tSec are block midpoints (seconds), spanSec the steady window length. */
export function analyseSlope(
  tSec: Float64Array,
  floors: Float64Array,
  spanSec: number,
  alpha: number,
): SlopeResult {
  const ts = theilSen(tSec, floors);
  const mk = mannKendall(tSec, floors, ts.slope);
  const ci = senInterval(ts.sortedSlopes, mk.varStar, 0.05);
  const res = residuals(tSec, floors, ts.slope, ts.intercept);
  const sigma = robustSigma(res);
  const rho = lag1(res);
  const vif = Math.max(1, mk.factor, (1 + rho) / (1 - rho));
  const m = floors.length;
  const third = Math.floor((2 * m) / 3);
  const tail = m - third >= 3 ? theilSen(tSec.subarray(third), floors.subarray(third)).slope : ts.slope;
  // Ratio only means something for a rising floor; a flat or falling one is "not decelerating".
  const decel = ts.slope > 0 ? Math.max(-10, Math.min(10, tail / ts.slope)) : 1;
  return {
    bytesPerSec: ts.slope,
    lo: ci.lo,
    hi: ci.hi,
    p: mk.p,
    decel,
    sigmaFloorBytes: sigma,
    rho,
    vif,
    factor: mk.factor,
    detectableBytesPerSec: detectableSlope(sigma, m, spanSec, vif, alpha),
    interceptBytes: ts.intercept,
  };
}

/** Theil-Sen slope of floors against cumulative requests (bytes/request); undefined without counts. */
export function slopePerRequest(requests: Float64Array, floors: Float64Array): number | undefined {
  if (requests.length < 3 || !(requests[requests.length - 1]! > requests[0]!)) return undefined;
  return theilSen(requests, floors).slope;
}
