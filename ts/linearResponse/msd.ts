/**
 * Mean squared displacement `E‖θₖ − θ₀‖²` of SGD with momentum on a quadratic, three ways
 * (see `SgdMomentum` for the model and the units):
 *
 * - `'eq17'`: Kunin et al. (2021) eq. (17) as printed, with a lag of j steps read as
 *   continuous time `τ = ηj` (errata), stationary start only:
 *   `η² [k tr B_vv + 2 Σ_{j=1}^{k} (k − j) tr Cov_ss(velocity₀, velocity_{ηj})]`.
 *   For Σ commuting with H the velocity autocovariance is the per-mode
 *   `sᵢ/(S(1−β²)) · Cᵢ(ηj)`, `Cᵢ = [e^{−Sᵢτ}]₂₂` (Kunin App. G.2's Cₗ); otherwise
 *   `tr[(e^{−Aτ} B)_vv]`. This Riemann sum of the velocity autocorrelation does **not**
 *   saturate: it keeps a residual linear growth (the errata).
 * - `'continuous'`: exact for the phase-space OU at `τ = ηk`:
 *   `E‖θ(τ) − θ₀‖² = ‖[(P − I)(m₀ − z̄)]_θ‖² + tr[((P − I) C₀ (P − I)ᵀ)_θθ] + tr[(Σ_τ)_θθ]`,
 *   `P = e^{−Aτ}`, `Σ_τ` the transition covariance; stationary start `m₀ = z̄, C₀ = B` or a
 *   deterministic one (`C₀ = 0`).
 * - `'discrete'`: the same with `P = Mᵏ`, `Σₖ` of the recursion, C₀ = C (Stein) — exact for
 *   the recursion. Both exact variants saturate at `2 tr Cov_ss(θ)` (`msdSaturation`).
 */
import { finiteArray, integer, invalid, oneOf } from '../validate.js';
import { add, blockTrace, identity, mul, sandwich } from './dense.js';
import { oscillatorPropagator, type SgdMomentum } from './sgdMomentum.js';

export type MsdVariant = 'eq17' | 'continuous' | 'discrete';

/** Options of `msd`. */
export interface MsdOptions {
  variant: MsdVariant;
  /**
   * `'stationary'` (default) or a deterministic start: `{ theta0, velocity0? }` for
   * `'continuous'` (velocity = dθ/dt), `{ theta0, v0? }` for `'discrete'`.
   */
  start?: 'stationary' | { theta0: ArrayLike<number>; velocity0?: ArrayLike<number>; v0?: ArrayLike<number> };
}

function lagsOf(where: string, lags: ArrayLike<number>): number[] {
  const a = finiteArray(where, 'lags', lags, [lags?.length ?? -1], 'an array of step counts');
  return Array.from(a, (k, i) => integer(where, `lags[${i}]`, k, 0));
}

/**
 * `E‖θₖ − θ₀‖²` at each lag k (steps, integers ≥ 0) for the chosen variant (module comment).
 */
export function msd(model: SgdMomentum, lags: ArrayLike<number>, options: MsdOptions): Float64Array {
  const where = 'msd';
  if (options === null || typeof options !== 'object') throw invalid(where, 'options', options, "it must be { variant, start? }");
  const variant = oneOf(where, 'variant', options.variant, ['eq17', 'continuous', 'discrete'] as const);
  const ks = lagsOf(where, lags);
  const start = options.start ?? 'stationary';
  const d = model.dim, n = 2 * d, eta = model.learningRate;
  if (variant === 'eq17') {
    if (start !== 'stationary') throw invalid(where, 'start', start, "eq. (17) is for a stationary start: use 'stationary' or another variant");
    const kMax = Math.max(0, ...ks);
    // c[j] = tr Cov_ss(velocity₀, velocity_{ηj}).
    const c = new Float64Array(kMax + 1);
    if (model.noiseCommutes) {
      model.modes.forEach((_, i) => {
        const bvv = (model.modeStationaryCovariance(i)[3] as number);
        const m = model.modes[i]!;
        for (let j = 0; j <= kMax; j++) c[j] = (c[j] as number) + bvv * (oscillatorPropagator(m.gamma, m.omega, eta * j, m.regime)[3] as number);
      });
    } else {
      const ou = model.phaseSpace();
      const step = ou.propagator(eta);
      let g = ou.stationaryCovariance();
      for (let j = 0; j <= kMax; j++) {
        c[j] = blockTrace(g, n, d, d);
        g = mul(step, g, n);
      }
    }
    // Σ_{j=1}^{k} (k − j) c_j = k S0(k) − S1(k).
    const s0 = new Float64Array(kMax + 1), s1 = new Float64Array(kMax + 1);
    for (let j = 1; j <= kMax; j++) {
      s0[j] = (s0[j - 1] as number) + (c[j] as number);
      s1[j] = (s1[j - 1] as number) + j * (c[j] as number);
    }
    return Float64Array.from(ks, (k) => eta * eta * (k * (c[0] as number) + 2 * (k * (s0[k] as number) - (s1[k] as number))));
  }
  // Exact variants.
  let m0: Float64Array, c0: Float64Array | null;
  if (start === 'stationary') {
    m0 = new Float64Array(n);
    c0 = variant === 'continuous' ? model.stationaryCovariance() : model.discreteStationaryCovariance();
  } else {
    if (start === null || typeof start !== 'object') throw invalid(where, 'start', start, "it must be 'stationary' or { theta0, ... }");
    const th = finiteArray(where, 'start.theta0', start.theta0, [d], `${d} entries`);
    const velName = variant === 'continuous' ? 'velocity0' : 'v0';
    const wrong = variant === 'continuous' ? 'v0' : 'velocity0';
    if (start[wrong] !== undefined) throw invalid(where, `start.${wrong}`, '(given)', `the '${variant}' variant takes start.${velName} (${variant === 'continuous' ? 'dθ/dt' : 'the buffer v of the recursion'})`);
    const ve = start[velName] === undefined ? new Float64Array(d) : finiteArray(where, `start.${velName}`, start[velName], [d], `${d} entries`);
    m0 = new Float64Array(n);
    for (let i = 0; i < d; i++) {
      m0[i] = (th[i] as number) - (model.fixedPoint[i] as number);
      m0[d + i] = ve[i] as number;
    }
    c0 = null;
  }
  const ou = variant === 'continuous' ? model.phaseSpace() : null;
  const id = identity(n);
  return Float64Array.from(ks, (k) => {
    const tr = ou ? ou.transition(eta * k) : model.discreteTransition(k);
    const pm = add(tr.propagator, id, -1);
    let meanPart = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (pm[i * n + j] as number) * (m0[j] as number);
      meanPart += s * s;
    }
    const spread = c0 ? blockTrace(sandwich(pm, c0, n), n, 0, d) : 0;
    return meanPart + spread + blockTrace(tr.covariance, n, 0, d);
  });
}

/**
 * The limit of the exact MSD from a stationary start, `2 tr Cov_ss(θ)`: `continuous` from
 * the phase-space B, `discrete` from the recursion's C.
 */
export function msdSaturation(model: SgdMomentum): { continuous: number; discrete: number } {
  const n = 2 * model.dim;
  return {
    continuous: 2 * blockTrace(model.stationaryCovariance(), n, 0, model.dim),
    discrete: 2 * blockTrace(model.discreteStationaryCovariance(), n, 0, model.dim),
  };
}
