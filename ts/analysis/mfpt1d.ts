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
  const phi = (x: number) => U(x) / T;
  const lower = leftCutoff(where, 'U', phi, from);
  return doubleIntegral(where, phi, () => 1 / T, lower, from, to, rtol);
}

/**
 * The exact MFPT of a 1-D diffusion with state-dependent noise,
 * `dX = b(X) dt + √(2D(X)) dW` (Itô), from `from` up to `to` (> from), reflecting at −∞.
 *
 * Derivation (backward equation `b τ' + D τ'' = −1`, τ(to) = 0, τ'(−∞) finite): with the
 * scale exponent `φ(y) = −∫^y b/D` the equation is `(e^{−φ} τ')' = −e^{−φ}/D`, so
 *
 *   τ(x₀) = ∫_{x₀}^{to} e^{φ(y)} ∫_{−∞}^{y} e^{−φ(z)} / D(z) dz dy
 *
 * (Gardiner, Handbook of Stochastic Methods, §5.2.7; for b = −U', D = T it is `mfpt1d`).
 * φ is tabulated on a uniform grid by 8-point Gauss–Legendre cell integrals of −b/D and
 * evaluated by cubic Hermite interpolation with the exact slopes −b/D (error O(h⁴)); the
 * double integral is then evaluated as in `mfpt1d` (log space, panel doubling to `rtol`).
 * Needs D > 0 on the range used and e^{−φ}/D integrable on the left.
 */
export function mfpt1dDiffusion(
  drift: (x: number) => number, diffusion: (x: number) => number, from: number, to: number, rtol = 1e-10,
): Mfpt1dResult {
  const where = 'mfpt1dDiffusion';
  if (typeof drift !== 'function') throw invalid(where, 'drift', drift, 'it must be a function x => b(x)');
  if (typeof diffusion !== 'function') throw invalid(where, 'diffusion', diffusion, 'it must be a function x => D(x) > 0');
  finite(where, 'from', from);
  finite(where, 'to', to);
  if (!(to > from)) throw invalid(where, 'to', to, `it must be > from = ${from}`);
  const table = ScaleExponent.build(where, drift, diffusion, from, to);
  return doubleIntegral(where, (x) => table.at(x), (x) => 1 / diffusion(x), table.lower, from, to, rtol);
}

/** φ(y) = −∫_{from}^{y} b/D tabulated on [lower, to] (lower found by marching left until e^{−φ}/D is negligible). */
class ScaleExponent {
  private constructor(readonly lower: number, private readonly h: number, private readonly phi: Float64Array, private readonly slope: Float64Array) {}

  static build(where: string, b: (x: number) => number, D: (x: number) => number, from: number, to: number): ScaleExponent {
    const h = (to - from) / 4096;
    const slopeAt = (x: number) => {
      const d = D(x);
      if (!(d > 0) || !Number.isFinite(d)) throw invalid(where, 'diffusion', `D(${x}) = ${d}`, 'D must be finite and > 0 wherever the process goes');
      const v = -b(x) / d;
      if (!Number.isFinite(v)) throw invalid(where, 'drift', `b(${x}) = ${b(x)}`, 'b must be finite wherever the process goes');
      return v;
    };
    const cell = (a: number, c: number) => gaussLegendre8(slopeAt, a, c);
    // March left from `from` until the inner log-density −φ − ln D is 40 below its maximum.
    const left: number[] = [0];
    let peak = -Math.log(D(from));
    for (let i = 1; ; i++) {
      if (i > 1 << 20) throw invalid(where, 'drift', 'function', 'the process must be confined on the left (e^{−φ}/D must decay as x → −∞)');
      const x = from - i * h;
      const phi = (left[i - 1] as number) - cell(x, x + h);
      left.push(phi);
      const logDensity = -phi - Math.log(D(x));
      peak = Math.max(peak, logDensity);
      if (peak - logDensity > 40 && i >= 16) break;
    }
    const nLeft = left.length - 1;
    const nRight = Math.round((to - from) / h);
    const phi = new Float64Array(nLeft + nRight + 1);
    left.forEach((v, i) => { phi[nLeft - i] = v; });
    for (let i = 1; i <= nRight; i++) {
      const x = from + (i - 1) * h;
      phi[nLeft + i] = (phi[nLeft + i - 1] as number) + cell(x, x + h);
    }
    const lower = from - nLeft * h;
    const slope = Float64Array.from(phi, (_, i) => slopeAt(lower + i * h));
    return new ScaleExponent(lower, h, phi, slope);
  }

  /** Cubic Hermite interpolation of φ at x (clamped to the table). */
  at(x: number): number {
    const n = this.phi.length - 1;
    const u = Math.min(Math.max((x - this.lower) / this.h, 0), n);
    const i = Math.min(Math.floor(u), n - 1);
    const t = u - i;
    const p0 = this.phi[i] as number, p1 = this.phi[i + 1] as number;
    const m0 = (this.slope[i] as number) * this.h, m1 = (this.slope[i + 1] as number) * this.h;
    const t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1;
  }
}

/**
 * `∫_{from}^{to} e^{φ(y)} ∫_{lower}^{y} e^{−φ(z)} w(z) dz dy` by composite 8-point
 * Gauss–Legendre, the inner integral nested per panel, exponentials shifted by the extremes
 * of φ (log space); panels doubled until two answers agree to `rtol`.
 */
function doubleIntegral(where: string, phi: (x: number) => number, weight: (x: number) => number, lower: number, from: number, to: number, rtol: number): Mfpt1dResult {
  // Reference levels: the inner integrand is e^{−(φ−φMin)} w, the outer e^{φ−φMax} ≤ ~1.
  const sample = (a: number, b: number) => Array.from({ length: 2001 }, (_, i) => phi(a + ((b - a) * i) / 2000));
  const phiMin = Math.min(...sample(lower, to));
  const phiMax = Math.max(...sample(from, to));
  const inner = (z: number) => Math.exp(-(phi(z) - phiMin)) * weight(z);
  const outer = (y: number) => Math.exp(phi(y) - phiMax);

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
        throw new SgdynError('INVALID_ARGUMENT', `${where}: the integral is not finite (${current}); is the process confined on the left and the coefficients finite on [from, to]?`);
      }
      const logTime = Math.log(current) + phiMax - phiMin;
      return { time: Math.exp(logTime), logTime, panels, relativeChange: change };
    }
    previous = current;
  }
}

/** A point left of `from` beyond which e^{−φ} is negligible (< e^{−40} of its peak). */
function leftCutoff(where: string, name: string, phi: (x: number) => number, from: number): number {
  let pMin = phi(from);
  let step = 1;
  let x = from;
  for (let i = 0; i < 200; i++) {
    x -= step;
    const p = phi(x);
    if (!Number.isFinite(p)) break;
    pMin = Math.min(pMin, p);
    if (p - pMin > 40) return x;
    step *= 1.5;
  }
  throw invalid(where, name, 'function', 'it must grow to +∞ on the left (the process is reflected at −∞)');
}
