/**
 * The multivariate Ornstein–Uhlenbeck process
 *
 *     dX = −A (X − μ) dt + √(2D) dW,
 *
 * with every eigenvalue of A in the open right half-plane (−A Hurwitz) and D symmetric
 * positive semi-definite (diffusion matrix `D = ½σσᵀ`, conventions.md). This is Kunin et
 * al. (2021) eq. (5)/(18) with their temperature absorbed: their `κ⁻¹D` is our D.
 *
 * Exact facts used (Kunin et al. App. D, re-derived; errata: the cross-covariance sign):
 * - mean `E Xₜ = μ + e^{−At}(x₀ − μ)`;
 * - stationary covariance B: `A B + B Aᵀ = 2D` (their eq. (23));
 * - `Cov Xₜ = Σₜ + e^{−At} C₀ e^{−Aᵀt}` with `Σₜ = ∫₀ᵗ e^{−As} 2D e^{−Aᵀs} ds = B − e^{−At} B e^{−Aᵀt}`;
 * - stationary cross-covariance `Cov(Xₛ, Xₛ₊τ) = E[(Xₛ−μ)(Xₛ₊τ−μ)ᵀ] = B e^{−Aᵀτ}` for τ ≥ 0
 *   (`e^{−A|τ|} B` for τ < 0).
 */
import { core } from '../runtime.js';
import * as raw from '../../bindings/linalg.js';
import { squareMatrix, symmetricMatrix, type Matrix } from '../linalg.js';
import { rng } from '../rng.js';
import { finite, finiteArray, integer, invalid, nonNegative, positive, seed as seedOf } from '../validate.js';
import { add, blocks2, block, identity, matvec, mul, sandwich, symmetrise, transpose } from './dense.js';
import { driftDecomposition, type DriftDecomposition } from './decomposition.js';

/** Options of `OrnsteinUhlenbeck.create`. */
export interface OrnsteinUhlenbeckOptions {
  /** Drift matrix A (n×n; rows or flat row-major): every eigenvalue must have real part > 0. */
  drift: Matrix;
  /** Diffusion matrix D (n×n, symmetric positive semi-definite). */
  diffusion: Matrix;
  /** Stationary mean μ (n entries); default 0. */
  mean?: ArrayLike<number>;
}

/** The exact transition over a time step: `X_{t+Δ} = μ + P (X_t − μ) + N(0, covariance)`. */
export interface OuTransition {
  /** `P = e^{−AΔ}`. */
  propagator: Float64Array;
  /** `Σ_Δ = ∫₀^Δ e^{−As} 2D e^{−Aᵀs} ds`. */
  covariance: Float64Array;
}

/** Options of `OrnsteinUhlenbeck.sample`. */
export interface OuSampleOptions {
  /** Start: one state (n entries, shared) or one per trajectory (nTrajectories × n, row-major). */
  x0: ArrayLike<number>;
  /** Time step Δ > 0 of the exact transition. */
  dt: number;
  /** Number of steps. */
  steps: number;
  nTrajectories: number;
  seed: number | bigint;
  /** Record every `every` steps (default: only the start and the end). */
  every?: number;
}

/** Tolerance for D ⪰ 0: smallest eigenvalue ≥ −1e-12 · max|eigenvalue|. */
const PSD_TOL = 1e-12;

/** @internal Checks a symmetric matrix is PSD to `PSD_TOL`, naming it. */
export function requirePsd(where: string, name: string, m: Float64Array, n: number): void {
  const { values } = raw.symmetricEigen(core(), n, m, where);
  const big = Math.max(...Array.from(values, Math.abs), 0);
  const least = values[0] as number;
  if (least < -PSD_TOL * big) {
    throw invalid(where, name, `(matrix with smallest eigenvalue ${least})`, `it must be symmetric positive semi-definite (smallest eigenvalue >= -${PSD_TOL}·max|eigenvalue|)`);
  }
}

/**
 * An OU process with exact moments and an exact sampler. Holds no WASM memory (nothing to
 * dispose); every matrix is row-major n×n.
 */
export class OrnsteinUhlenbeck {
  /** State dimension n. */
  readonly dim: number;
  /** A. */
  readonly drift: Float64Array;
  /** D. */
  readonly diffusion: Float64Array;
  /** μ. */
  readonly mean: Float64Array;
  readonly #stationary: Float64Array;

  private constructor(a: Float64Array, d: Float64Array, mu: Float64Array, stationary: Float64Array) {
    this.dim = mu.length;
    this.drift = a;
    this.diffusion = d;
    this.mean = mu;
    this.#stationary = stationary;
  }

  /**
   * Validates A (square, finite, eigenvalues with real part > 0 — checked by the Lyapunov
   * solve) and D (same size, symmetric PSD) and solves `A B + B Aᵀ = 2D` once.
   */
  static create(options: OrnsteinUhlenbeckOptions, where = 'OrnsteinUhlenbeck.create'): OrnsteinUhlenbeck {
    if (options === null || typeof options !== 'object') throw invalid(where, 'options', options, 'it must be an object { drift, diffusion, mean? }');
    const a = squareMatrix(where, 'drift', options.drift);
    const n = a.n;
    const d = symmetricMatrix(where, 'diffusion', squareMatrix(where, 'diffusion', options.diffusion, n));
    requirePsd(where, 'diffusion', d, n);
    const mu = options.mean === undefined ? new Float64Array(n) : finiteArray(where, 'mean', options.mean, [n], `${n} entries`);
    const b = raw.lyapunov(core(), n, a.data, d.map((x) => 2 * x), where);
    return new OrnsteinUhlenbeck(a.data, d, mu, b);
  }

  /** Stationary covariance B, `A B + B Aᵀ = 2D` (Kunin et al. eq. (23), Bartels–Stewart). */
  stationaryCovariance(): Float64Array {
    return Float64Array.from(this.#stationary);
  }

  /** `e^{−At}` (t ≥ 0). */
  propagator(t: number): Float64Array {
    const where = 'OrnsteinUhlenbeck.propagator';
    nonNegative(where, 't', t);
    return raw.expm(core(), this.dim, this.drift.map((x) => -x * t), where);
  }

  /** `E Xₜ = μ + e^{−At}(x₀ − μ)` (Kunin et al. eq. (20)). */
  meanAt(t: number, x0: ArrayLike<number>): Float64Array {
    const x = finiteArray('OrnsteinUhlenbeck.meanAt', 'x0', x0, [this.dim], `${this.dim} entries`);
    const dev = matvec(this.propagator(t), x.map((v, i) => v - (this.mean[i] as number)), this.dim);
    return dev.map((v, i) => v + (this.mean[i] as number));
  }

  /**
   * The exact transition over Δ ≥ 0. `Σ_Δ` is computed without the cancellation of
   * `B − PBPᵀ` at small Δ: Van Loan's block exponential (Van Loan, IEEE TAC 23 (1978))
   * `exp([[A, 2D], [0, −Aᵀ]] h) = [[e^{Ah}, e^{Ah} Σ_h], [0, e^{−Aᵀh}]]` at `h = Δ/2ˢ`
   * with `‖A‖₁ h ≤ ½`, then s doublings `Σ_{2h} = Σ_h + P_h Σ_h P_hᵀ`, `P_{2h} = P_h²`
   * (sums of PSD terms).
   */
  transition(dt: number): OuTransition {
    const where = 'OrnsteinUhlenbeck.transition';
    nonNegative(where, 'dt', dt);
    const n = this.dim;
    if (dt === 0) return { propagator: identity(n), covariance: new Float64Array(n * n) };
    let norm1 = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(this.drift[i * n + j] as number);
      norm1 = Math.max(norm1, s);
    }
    let s = 0;
    while (norm1 * dt / 2 ** s > 0.5 && s < 2000) s++;
    const h = dt / 2 ** s;
    const big = blocks2(this.drift.map((x) => x * h), this.diffusion.map((x) => 2 * x * h), null, transpose(this.drift, n).map((x) => -x * h), n);
    const e = raw.expm(core(), 2 * n, big, where);
    let p = transpose(block(e, 2 * n, n, n, n, n), n); // (e^{−Aᵀh})ᵀ = e^{−Ah}
    let cov = symmetrise(mul(p, block(e, 2 * n, 0, n, n, n), n), n);
    for (let k = 0; k < s; k++) {
      cov = symmetrise(add(cov, sandwich(p, cov, n)), n);
      p = mul(p, p, n);
    }
    return { propagator: p, covariance: cov };
  }

  /**
   * `Cov Xₜ = Σₜ + e^{−At} C₀ e^{−Aᵀt}` for a start with covariance C₀ (default 0: a
   * deterministic start); → B as t → ∞ (Kunin et al. eq. (24), with a random start).
   */
  covarianceAt(t: number, initialCovariance?: Matrix): Float64Array {
    const where = 'OrnsteinUhlenbeck.covarianceAt';
    const { propagator, covariance } = this.transition(t);
    if (initialCovariance === undefined) return covariance;
    const c0 = symmetricMatrix(where, 'initialCovariance', squareMatrix(where, 'initialCovariance', initialCovariance, this.dim));
    return symmetrise(add(covariance, sandwich(propagator, c0, this.dim)), this.dim);
  }

  /**
   * Stationary cross-covariance `Cov(Xₛ, Xₛ₊τ) = E[(Xₛ−μ)(Xₛ₊τ−μ)ᵀ] = B e^{−Aᵀτ}` for
   * τ ≥ 0 and `e^{−A|τ|} B` for τ < 0 (Kunin et al. eq. (32) with the sign of the errata).
   */
  crossCovariance(lag: number): Float64Array {
    finite('OrnsteinUhlenbeck.crossCovariance', 'lag', lag);
    const p = this.propagator(Math.abs(lag));
    return lag >= 0 ? mul(this.#stationary, transpose(p, this.dim), this.dim) : mul(p, this.#stationary, this.dim);
  }

  /** The drift decomposition `A = (D + Q) U`, `U = B⁻¹` (see `driftDecomposition`). */
  decomposition(options: { tolerance?: number } = {}): DriftDecomposition {
    return driftDecomposition(this, options);
  }

  /**
   * Exact sampling on a time grid: `X_{k+1} = μ + P (X_k − μ) + L ξ_k` with `P = e^{−AΔ}`,
   * `L Lᵀ = Σ_Δ` (symmetric square root, so singular Σ_Δ is fine) and ξ standard normals;
   * trajectory i draws from stream i of `seed` (`rng.normals`). No discretisation error.
   * Returns the recorded times and, for each, the states (nTrajectories × n, row-major).
   */
  sample(options: OuSampleOptions): { times: Float64Array; states: Float64Array[] } {
    const where = 'OrnsteinUhlenbeck.sample';
    const n = this.dim;
    const dt = positive(where, 'dt', options.dt);
    const steps = integer(where, 'steps', options.steps, 0);
    const nt = integer(where, 'nTrajectories', options.nTrajectories, 1);
    const every = integer(where, 'every', options.every ?? Math.max(steps, 1), 1);
    const seed = seedOf(where, options.seed);
    const x0 = finiteArray(where, 'x0', options.x0, [n, n * nt], `${n} (shared) or nTrajectories × ${n} = ${n * nt} entries`);
    const { propagator: p, covariance } = this.transition(dt);
    const eig = raw.symmetricEigen(core(), n, covariance, where);
    const l = new Float64Array(n * n); // V diag(√λ⁺)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) l[i * n + j] = (eig.vectors[i * n + j] as number) * Math.sqrt(Math.max(eig.values[j] as number, 0));
    }
    const state = new Float64Array(nt * n);
    for (let t = 0; t < nt; t++) for (let i = 0; i < n; i++) state[t * n + i] = (x0[x0.length === n ? i : t * n + i] as number) - (this.mean[i] as number);
    const record = (): Float64Array => state.map((v, k) => v + (this.mean[k % n] as number));
    const times = [0];
    const states = [record()];
    const noise: Float64Array[] = [];
    for (let t = 0; t < nt; t++) noise.push(rng.normals({ seed, stream: t, count: steps * n }));
    const next = new Float64Array(n);
    for (let k = 0; k < steps; k++) {
      for (let t = 0; t < nt; t++) {
        const xi = noise[t] as Float64Array;
        for (let i = 0; i < n; i++) {
          let v = 0;
          for (let j = 0; j < n; j++) v += (p[i * n + j] as number) * (state[t * n + j] as number) + (l[i * n + j] as number) * (xi[k * n + j] as number);
          next[i] = v;
        }
        state.set(next, t * n);
      }
      if ((k + 1) % every === 0 || k + 1 === steps) {
        if (times[times.length - 1] !== (k + 1) * dt) {
          times.push((k + 1) * dt);
          states.push(record());
        }
      }
    }
    return { times: Float64Array.from(times), states };
  }
}
