/** Choice of axis domains: user-given (validated) or from the data, padded. */

import type { Extent } from './data.js';

/** Fraction of the data span added on each side of an automatic domain. */
export const PAD = 0.05;

/**
 * The domain of an axis: `given` when present (validated), else the data extent widened by
 * 5% on each side (in log space on a log axis). `zeroFloor` keeps a non-negative linear
 * extent starting exactly at 0 (histogram bars). Returns null when there is no data.
 */
export function resolveDomain(
  given: readonly [number, number] | undefined,
  extent: Extent,
  type: 'linear' | 'log',
  axis: string,
  zeroFloor = false,
): [number, number] | null {
  if (given !== undefined) {
    const [lo, hi] = given;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new Error(`plot: ${axis}Domain must be two finite numbers with lo < hi, got [${lo}, ${hi}]`);
    }
    if (type === 'log' && !(lo > 0)) {
      throw new Error(`plot: ${axis}Domain must be positive on a log axis, got [${lo}, ${hi}]`);
    }
    return [lo, hi];
  }
  if (extent.empty) return null;
  if (type === 'log') {
    let a = Math.log10(extent.lo);
    let b = Math.log10(extent.hi);
    if (b - a < 1e-9) {
      a -= 0.5;
      b += 0.5;
    }
    const pad = (b - a) * PAD;
    return [10 ** (a - pad), 10 ** (b + pad)];
  }
  let { lo, hi } = extent;
  if (hi - lo <= Math.abs(hi) * 1e-12) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * PAD;
  return [zeroFloor && lo === 0 ? 0 : lo - pad, hi + pad];
}
