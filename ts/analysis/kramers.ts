/**
 * Kramers' escape time in 1-D (conventions.md; errata.md on seed 000 Thm 4 / C.3):
 *
 *   τ ≈ 2π / √(U''(a) |U''(b)|) · exp((U(b) − U(a)) / T)
 *
 * is the mean first-passage time from the minimum a to the *other well*; to the barrier
 * top b it is half of that. Asymptotic as T → 0 (relative error O(T/ΔU)).
 */
import { Landscape } from '../landscape.js';
import { finite, invalid, oneOf, positive } from '../validate.js';

export interface KramersOptions {
  /** A 1-D landscape. */
  landscape: Landscape;
  /** The minimum a the walker starts in. */
  minimum: number;
  /** The barrier top (saddle) b. */
  saddle: number;
  temperature: number;
  /** `'other-well'` (default) or `'barrier-top'` (half the time). */
  to?: 'other-well' | 'barrier-top';
}

/** Kramers' mean escape time (see module doc), with its ingredients. */
export function kramersTime1D(o: KramersOptions): { time: number; prefactor: number; barrier: number } {
  const where = 'kramersTime1D';
  if (!(o?.landscape instanceof Landscape) || o.landscape.dim !== 1) {
    throw invalid(where, 'landscape', o?.landscape, 'it must be a 1-D Landscape');
  }
  const T = positive(where, 'temperature', o.temperature);
  const a = finite(where, 'minimum', o.minimum);
  const b = finite(where, 'saddle', o.saddle);
  const to = oneOf(where, 'to', o.to ?? 'other-well', ['other-well', 'barrier-top'] as const);
  const [ua, ub] = o.landscape.values([a, b]) as unknown as [number, number];
  const [ka, kb] = o.landscape.hessians([a, b]) as unknown as [number, number];
  if (!(ka > 0)) throw invalid(where, 'minimum', a, `U''(minimum) = ${ka} must be > 0 (a minimum)`);
  if (!(kb < 0)) throw invalid(where, 'saddle', b, `U''(saddle) = ${kb} must be < 0 (a barrier top)`);
  const prefactor = ((2 * Math.PI) / Math.sqrt(ka * Math.abs(kb))) * (to === 'barrier-top' ? 0.5 : 1);
  const barrier = ub - ua;
  return { time: prefactor * Math.exp(barrier / T), prefactor, barrier };
}
