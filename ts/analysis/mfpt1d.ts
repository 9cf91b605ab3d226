/**
 * The exact mean first-passage time of 1-D overdamped Langevin `dx = −U'(x) dt + √(2T) dW`
 * from x₀ up to c > x₀, reflecting at −∞ (seed 000 §Kramers, corrected in errata.md;
 * Gardiner, Handbook of Stochastic Methods, §5.2.7):
 *
 *   τ(x₀) = (1/T) ∫_{x₀}^{c} e^{U(y)/T} ∫_{−∞}^{y} e^{−U(z)/T} dz dy.
 *
 * Evaluated by composite 8-point Gauss–Legendre on panels, the inner integral nested on
 * each panel, with the exponentials shifted by the extreme values of U (log space, so no
 * overflow for any barrier); the panel count is doubled until two answers agree to `rtol`.
 */
import { SgdynError } from '../../bindings/index.js';
import { finite, invalid, positive } from '../validate.js';
import { gaussLegendre8, gaussLegendre8Points } from './gaussLegendre.js';

export interface Mfpt1dResult {
  /** τ(x₀). */
  time: number;
  /** ln τ(x₀) (finite even where τ overflows). */
  logTime: number;
  /** Panels used for the final answer. */
  panels: number;
  /** |τ_{2M} − τ_M| / τ_{2M} at the final refinement. */
  relativeChange: number;
}

/**
 * MFPT of `dx = −U'(x)dt + √(2T)dW` from `from` to `to` (> from), reflecting at −∞.
 * U must be confining on the left (U → ∞ as x → −∞).
 */
export function mfpt1d(U: (x: number) => number, temperature: number, from: number, to: number, rtol = 1e-10): Mfpt1dResult {
  const where = 'mfpt1d';
  const T = positive(where, 'temperature', temperature);
  finite(where, 'from', from);
  finite(where, 'to', to);
  if (!(to > from)) throw invalid(where, 'to', to, `it must be > from = ${from}`);
  const lower = leftCutoff(U, T, from);
  // Reference levels: the inner integrand is e^{−(U−uMin)/T} ≤ ~1, the outer e^{(U−uMax)/T} ≤ ~1.
  const sample = (a: number, b: number) => Array.from({ length: 2001 }, (_, i) => U(a + ((b - a) * i) / 2000));
  const uMin = Math.min(...sample(lower, to));
  const uMax = Math.max(...sample(from, to));
  const inner = (z: number) => Math.exp(-(U(z) - uMin) / T);
  const outer = (y: number) => Math.exp((U(y) - uMax) / T);

  const integrate = (panels: number): number => {
    // Cumulative inner integral from `lower` to `from`, then panel by panel over [from, to].
    const h0 = (from - lower) / panels;
    let cumulative = 0;
    for (let p = 0; p < panels; p++) cumulative += gaussLegendre8(inner, lower + p * h0, lower + (p + 1) * h0);
    const h = (to - from) / panels;
    let total = 0;
    for (let p = 0; p < panels; p++) {
      const a = from + p * h, b = a + h;
      const { x, w } = gaussLegendre8Points(a, b);
      for (let i = 0; i < 8; i++) {
        const y = x[i] as number;
        total += (w[i] as number) * outer(y) * (cumulative + gaussLegendre8(inner, a, y));
      }
      cumulative += gaussLegendre8(inner, a, b);
    }
    return total;
  };

  let panels = 64;
  let previous = integrate(panels);
  for (;;) {
    panels *= 2;
    const current = integrate(panels);
    const change = Math.abs(current - previous) / Math.abs(current);
    if (change <= rtol || panels >= 65536) {
      if (!(current > 0) || !Number.isFinite(current)) {
        throw new SgdynError('INVALID_ARGUMENT', `${where}: the integral is not finite (${current}); is U confining on the left and finite on [from, to]?`);
      }
      const logTime = Math.log(current) + (uMax - uMin) / T - Math.log(T);
      return { time: Math.exp(logTime), logTime, panels, relativeChange: change };
    }
    previous = current;
  }
}

/** A point left of `from` beyond which e^{−U/T} is negligible (< e^{−40} of its peak). */
function leftCutoff(U: (x: number) => number, T: number, from: number): number {
  let uMin = U(from);
  let step = 1;
  let x = from;
  for (let i = 0; i < 200; i++) {
    x -= step;
    const u = U(x);
    if (!Number.isFinite(u)) break;
    uMin = Math.min(uMin, u);
    if ((u - uMin) / T > 40) return x;
    step *= 1.5;
  }
  throw invalid('mfpt1d', 'U', 'function', 'it must grow to +∞ on the left (the process is reflected at −∞)');
}
