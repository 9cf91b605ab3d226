/**
 * SGD with momentum on a quadratic with Gaussian gradient noise: the exact discrete
 * recursion and Kunin et al.'s (2021) phase-space OU model of it (eqs. (4)–(6), corrected).
 *
 * **The recursion** (conventions.md): with `g_B(θ) = H(θ − μ) + ξ`, `Cov ξ = Σ/S`,
 *
 *     vₖ₊₁ = β vₖ − η (g_B(θₖ) + λ θₖ),   θₖ₊₁ = θₖ + vₖ₊₁.
 *
 * With `K = H + λI` and the fixed point `θ̄ = K⁻¹ H μ`, the state `zₖ = (θₖ − θ̄, vₖ)` obeys
 * (derived here) `zₖ₊₁ = M zₖ + wₖ`,
 *
 *     M = [[I − ηK, βI], [−ηK, βI]],   wₖ = −η (ξₖ, ξₖ),   Cov w = (η²/S) [[Σ, Σ], [Σ, Σ]].
 *
 * Its stationary covariance solves the Stein equation `C = M C Mᵀ + Cov w`; it exists iff
 * ρ(M) < 1, i.e. (per eigenvalue κ of K: `λ² − (1 + β − ηκ)λ + β = 0`) iff β < 1 and
 * `0 < ηκ < 2(1 + β)` for every κ.
 *
 * **The continuous model.** Kunin's velocity is `p = v/η` (their eq. (2) uses
 * `θₖ₊₁ = θₖ + η vₖ₊₁`), time is `t = ηk` (a lag of k steps is `τ = ηk`; errata). Their
 * eq. (4) with the errata's noise coefficient `2/((1+β)√(ηS))` is, for the quadratic,
 * the OU process `d(θ, p) = −A((θ, p) − (θ̄, 0)) dt + √(2D) dW` with
 *
 *     A = [[0, −I], [aK, 2γ I]],   D = [[0, 0], [0, 2Σ / (ηS(1+β)²)]],   a = 2/(η(1+β)),
 *
 * i.e. Kunin's eq. (6) with `κ⁻¹D` (κ = S(1−β²)) folded into our D. Per eigenpair (ρᵢ, qᵢ)
 * of H the mean is a damped oscillator `ä + 2γȧ + ωᵢ²a = 0` with (Kunin App. F.2)
 * `γ = (1−β)/(η(1+β))`, `ωᵢ = √(2(ρᵢ+λ)/(η(1+β)))`, damping ratio `ζᵢ = γ/ωᵢ`.
 *
 * **Units.** Continuous-time methods take and return `velocity` = dθ/dt = v/η and times t;
 * discrete methods take `v` (the buffer of the recursion, vₖ = θₖ − θₖ₋₁) and step counts k.
 */
import { core } from '../runtime.js';
import * as raw from '../../bindings/linalg.js';
import { squareMatrix, symmetricMatrix, type Matrix } from '../linalg.js';
import { finiteArray, integer, invalid, nonNegative, positive } from '../validate.js';
import { OrnsteinUhlenbeck, requirePsd } from './ou.js';
import { add, blockTrace, blocks2, dot, identity, matmul, matvec, mul, power, sandwich, symmetrise, transpose } from './dense.js';

/** Per-example gradient-noise covariance Σ: `{ scale: σ² }` for Σ = σ²H (Kunin Assumption 3) or an explicit matrix. */
export type GradientNoise = { scale: number } | { covariance: Matrix };

/** Options of `SgdMomentum.create`. */
export interface SgdMomentumOptions {
  /** H (d×d, symmetric positive semi-definite; H + λI must be positive definite). */
  hessian: Matrix;
  /** μ: the loss is `½(θ − μ)ᵀH(θ − μ)`; default 0. */
  centre?: ArrayLike<number>;
  /** η > 0. */
  learningRate: number;
  /** β ∈ [0, 1); default 0. */
  momentum?: number;
  /** λ ≥ 0; default 0. */
  weightDecay?: number;
  /** S > 0: the minibatch gradient noise has covariance Σ/S. */
  batchSize: number;
  /** Σ, the covariance of one per-example gradient. */
  noise: GradientNoise;
}

export type DampingRegime = 'overdamped' | 'critical' | 'underdamped';

/** One eigen-direction of H with its oscillator constants (Kunin App. F.2, G.2). */
export interface SgdMode {
  /** ρᵢ, eigenvalue of H (ascending order over modes). */
  curvature: number;
  /** qᵢ, unit eigenvector of H. */
  direction: Float64Array;
  /** κᵢ = ρᵢ + λ. */
  stiffness: number;
  /** γ = (1−β)/(η(1+β)) (the same for every mode). */
  gamma: number;
  /** ωᵢ = √(2κᵢ/(η(1+β))). */
  omega: number;
  /** ζᵢ = γ/ωᵢ = (1−β)/√(2η(1+β)κᵢ). */
  dampingRatio: number;
  /** ζ > 1, ζ = 1 (to 1e-12), ζ < 1. */
  regime: DampingRegime;
  /** qᵢᵀ Σ qᵢ. */
  noiseVariance: number;
}

/** A deterministic start for continuous-time moments: θ(0) and dθ/dt(0) (default 0). */
export interface ContinuousStart {
  theta0: ArrayLike<number>;
  velocity0?: ArrayLike<number>;
}

/** A deterministic start for the recursion: θ₀ and v₀ (default 0). */
export interface DiscreteStart {
  theta0: ArrayLike<number>;
  v0?: ArrayLike<number>;
}

/**
 * `e^{−Sₜ}` for the oscillator `ȧ = b, ḃ = −ω²a − 2γb` (Kunin App. F.2): the 2×2 matrix
 * (row-major) mapping `(a(0), b(0))` to `(a(t), b(t))`. Derived here in a form that is
 * stable in every regime: with `α = √|γ² − ω²|`,
 * - overdamped (γ > ω): in terms of the slow rate `γ − α = ω²/(γ + α)` (no cancellation) and
 *   `E = (1 − e^{−2αt})/(2α)` (via expm1; → t as α → 0):
 *   `e^{−(γ−α)t} [[1 + (γ−α)E, E], [−ω²E, e^{−2αt} − (γ−α)E]]` — equal to
 *   `e^{−γt}[[cosh αt + (γ/α) sinh αt, sinh(αt)/α], [−(ω²/α) sinh αt, cosh αt − (γ/α) sinh αt]]`
 *   but free of the overflow of cosh/sinh and of the cancellation at large γt;
 * - critical: `e^{−γt} [[1 + γt, t], [−ω²t, 1 − γt]]`;
 * - underdamped: `e^{−γt} [[cos αt + (γ/α) sin αt, sin(αt)/α], [−(ω²/α) sin αt, cos αt − (γ/α) sin αt]]`.
 */
export function oscillatorPropagator(gamma: number, omega: number, t: number, regime?: DampingRegime): Float64Array {
  const r = regime ?? (gamma > omega ? 'overdamped' : gamma < omega ? 'underdamped' : 'critical');
  const w2 = omega * omega;
  if (r === 'critical') {
    const e = Math.exp(-gamma * t);
    return Float64Array.of(e * (1 + gamma * t), e * t, -e * w2 * t, e * (1 - gamma * t));
  }
  if (r === 'overdamped') {
    const alpha = Math.sqrt(Math.max((gamma - omega) * (gamma + omega), 0));
    const slow = w2 / (gamma + alpha);
    const E = alpha > 0 ? -Math.expm1(-2 * alpha * t) / (2 * alpha) : t;
    const f = Math.exp(-slow * t);
    return Float64Array.of(f * (1 + slow * E), f * E, -f * w2 * E, f * (Math.exp(-2 * alpha * t) - slow * E));
  }
  const alpha = Math.sqrt(Math.max((omega - gamma) * (omega + gamma), 0));
  const e = Math.exp(-gamma * t);
  const c = Math.cos(alpha * t);
  const s = alpha > 0 ? Math.sin(alpha * t) / alpha : t;
  return Float64Array.of(e * (c + gamma * s), e * s, -e * w2 * s, e * (c - gamma * s));
}

/** Relative width of the 'critical' band of the damping ratio. */
const CRITICAL_TOL = 1e-12;

/** Mode-basis → full-space helper: Σᵢ cᵢ qᵢ. */
function combine(modes: readonly SgdMode[], coeff: ArrayLike<number>, d: number): Float64Array {
  const out = new Float64Array(d);
  modes.forEach((m, i) => {
    for (let j = 0; j < d; j++) out[j] = (out[j] as number) + (coeff[i] as number) * (m.direction[j] as number);
  });
  return out;
}

/**
 * The model of SGD with momentum on a quadratic (see the module comment). Holds no WASM
 * memory; every matrix is row-major; phase-space matrices are 2d×2d in the block order
 * (θ, velocity) or (θ, v).
 */
export class SgdMomentum {
  readonly dim: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly batchSize: number;
  /** H. */
  readonly hessian: Float64Array;
  /** μ. */
  readonly centre: Float64Array;
  /** Σ (per-example gradient covariance). */
  readonly noiseCovariance: Float64Array;
  /** θ̄ = (H + λI)⁻¹ H μ, the stationary mean of θ. */
  readonly fixedPoint: Float64Array;
  /** Eigen-directions of H, ascending curvature. */
  readonly modes: readonly SgdMode[];
  /** Whether Σ is diagonal in H's eigenbasis (off-diagonal ≤ 1e-12·max|Σ̃|): then every covariance splits by mode. */
  readonly noiseCommutes: boolean;
  #phase: OrnsteinUhlenbeck | undefined;
  #discrete: Float64Array | undefined;

  private constructor(o: {
    d: number; eta: number; beta: number; lambda: number; s: number; h: Float64Array; mu: Float64Array;
    sigma: Float64Array; fixed: Float64Array; modes: SgdMode[]; commutes: boolean;
  }) {
    this.dim = o.d;
    this.learningRate = o.eta;
    this.momentum = o.beta;
    this.weightDecay = o.lambda;
    this.batchSize = o.s;
    this.hessian = o.h;
    this.centre = o.mu;
    this.noiseCovariance = o.sigma;
    this.fixedPoint = o.fixed;
    this.modes = Object.freeze(o.modes);
    this.noiseCommutes = o.commutes;
  }

  /** Validates the options and diagonalises H (Jacobi, in WASM). */
  static create(options: SgdMomentumOptions): SgdMomentum {
    const where = 'SgdMomentum.create';
    if (options === null || typeof options !== 'object') throw invalid(where, 'options', options, 'it must be an object');
    const hm = squareMatrix(where, 'hessian', options.hessian);
    const d = hm.n;
    const h = symmetricMatrix(where, 'hessian', hm);
    const eta = positive(where, 'learningRate', options.learningRate);
    const beta = nonNegative(where, 'momentum', options.momentum ?? 0);
    if (beta >= 1) throw invalid(where, 'momentum', beta, 'it must be in [0, 1)');
    const lambda = nonNegative(where, 'weightDecay', options.weightDecay ?? 0);
    const s = positive(where, 'batchSize', options.batchSize);
    const mu = options.centre === undefined ? new Float64Array(d) : finiteArray(where, 'centre', options.centre, [d], `${d} entries`);
    const c = core();
    const eig = raw.symmetricEigen(c, d, h, where);
    const big = Math.max(...Array.from(eig.values, Math.abs), 0);
    const rho0 = eig.values[0] as number;
    if (rho0 < -1e-12 * big) throw invalid(where, 'hessian', `(matrix with smallest eigenvalue ${rho0})`, 'it must be positive semi-definite');
    if (!(rho0 + lambda > 0)) {
      throw invalid(where, 'hessian', `(matrix with smallest eigenvalue ${rho0})`, `hessian + weightDecay·I must be positive definite (smallest eigenvalue ${rho0} + ${lambda} must be > 0)`);
    }
    const noise = options.noise as unknown;
    let sigma: Float64Array;
    if (noise !== null && typeof noise === 'object' && 'scale' in noise) {
      const sc = nonNegative(where, 'noise.scale', (noise as { scale: unknown }).scale);
      sigma = h.map((x) => sc * x);
    } else if (noise !== null && typeof noise === 'object' && 'covariance' in noise) {
      sigma = symmetricMatrix(where, 'noise.covariance', squareMatrix(where, 'noise.covariance', (noise as { covariance: unknown }).covariance, d));
      requirePsd(where, 'noise.covariance', sigma, d);
    } else {
      throw invalid(where, 'noise', noise, 'it must be { scale: σ² } (Σ = σ²H) or { covariance: Σ } (d×d symmetric PSD)');
    }
    const gamma = (1 - beta) / (eta * (1 + beta));
    const q = eig.vectors; // columns
    const qt = transpose(q, d);
    const st = mul(mul(qt, sigma, d), q, d);
    let stMax = 0, offMax = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = Math.abs(st[i * d + j] as number);
        stMax = Math.max(stMax, v);
        if (i !== j) offMax = Math.max(offMax, v);
      }
    }
    const modes: SgdMode[] = [];
    for (let i = 0; i < d; i++) {
      const rho = Math.max(eig.values[i] as number, 0);
      const kappa = rho + lambda;
      const omega = Math.sqrt((2 * kappa) / (eta * (1 + beta)));
      const zeta = gamma / omega;
      const direction = new Float64Array(d);
      for (let j = 0; j < d; j++) direction[j] = q[j * d + i] as number;
      modes.push({
        curvature: eig.values[i] as number, direction, stiffness: kappa, gamma, omega, dampingRatio: zeta,
        regime: Math.abs(zeta - 1) <= CRITICAL_TOL ? 'critical' : zeta > 1 ? 'overdamped' : 'underdamped',
        noiseVariance: st[i * d + i] as number,
      });
    }
    // θ̄ = K⁻¹ H μ through the eigenbasis: Σ (ρᵢ/κᵢ)(qᵢ·μ) qᵢ.
    const fixed = combine(modes, modes.map((m) => ((m.curvature) / m.stiffness) * dot(m.direction, mu)), d);
    return new SgdMomentum({ d, eta, beta, lambda, s, h, mu, sigma, fixed, modes, commutes: offMax <= 1e-12 * stMax });
  }

  /** K = H + λI. */
  #stiffnessMatrix(): Float64Array {
    const d = this.dim;
    const k = Float64Array.from(this.hessian);
    for (let i = 0; i < d; i++) k[i * d + i] = (k[i * d + i] as number) + this.weightDecay;
    return k;
  }

  // ---- continuous phase-space model ------------------------------------------------------

  /**
   * The phase-space OU process (corrected Kunin eqs. (4)–(6); module comment) on the state
   * (θ, velocity = dθ/dt), mean (θ̄, 0). Its stationary covariance, transition, sampler and
   * drift decomposition are those of `OrnsteinUhlenbeck`.
   */
  phaseSpace(): OrnsteinUhlenbeck {
    if (!this.#phase) {
      const d = this.dim, eta = this.learningRate, beta = this.momentum;
      const a = 2 / (eta * (1 + beta));
      const ak = this.#stiffnessMatrix().map((x) => a * x);
      const damp = identity(d).map((x) => x * a * (1 - beta));
      const drift = blocks2(null, identity(d).map((x) => -x), ak, damp, d);
      const dvv = this.noiseCovariance.map((x) => (2 * x) / (eta * this.batchSize * (1 + beta) ** 2));
      const diffusion = blocks2(null, null, null, dvv, d);
      const mean = new Float64Array(2 * d);
      mean.set(this.fixedPoint);
      this.#phase = OrnsteinUhlenbeck.create({ drift, diffusion, mean }, 'SgdMomentum.phaseSpace');
    }
    return this.#phase;
  }

  /** `e^{−Sᵢt}` for mode i: maps (qᵢ·(θ−θ̄), qᵢ·velocity) at 0 to time t (see `oscillatorPropagator`). */
  propagator(mode: number, t: number): Float64Array {
    const m = this.#mode('propagator', mode);
    return oscillatorPropagator(m.gamma, m.omega, nonNegative('SgdMomentum.propagator', 't', t), m.regime);
  }

  #mode(method: string, i: number): SgdMode {
    integer(`SgdMomentum.${method}`, 'mode', i, 0);
    const m = this.modes[i];
    if (!m) throw invalid(`SgdMomentum.${method}`, 'mode', i, `it must be an index in [0, ${this.dim - 1}]`);
    return m;
  }

  #continuousStart(where: string, s: ContinuousStart): [Float64Array, Float64Array] {
    if (s === null || typeof s !== 'object') throw invalid(where, 'start', s, 'it must be { theta0, velocity0? }');
    const d = this.dim;
    const th = finiteArray(where, 'theta0', s.theta0, [d], `${d} entries`);
    const ve = s.velocity0 === undefined ? new Float64Array(d) : finiteArray(where, 'velocity0', s.velocity0, [d], `${d} entries`);
    return [th, ve];
  }

  /**
   * The mean `E(θ, velocity)(t)` from a deterministic start, as the sum of the mode
   * oscillators (Kunin eq. (7) and App. F.2): `aᵢ(0) = qᵢ·(θ₀ − θ̄)`, `bᵢ(0) = qᵢ·velocity₀`,
   * `(aᵢ, bᵢ)(t) = e^{−Sᵢt}(aᵢ, bᵢ)(0)`, `θ = θ̄ + Σ aᵢqᵢ`, `velocity = Σ bᵢqᵢ`.
   */
  meanAt(t: number, start: ContinuousStart): { theta: Float64Array; velocity: Float64Array } {
    const where = 'SgdMomentum.meanAt';
    nonNegative(where, 't', t);
    const [th, ve] = this.#continuousStart(where, start);
    const a: number[] = [], b: number[] = [];
    this.modes.forEach((m) => {
      const p = oscillatorPropagator(m.gamma, m.omega, t, m.regime);
      const a0 = dot(m.direction, th.map((v, j) => v - (this.fixedPoint[j] as number)));
      const b0 = dot(m.direction, ve);
      a.push((p[0] as number) * a0 + (p[1] as number) * b0);
      b.push((p[2] as number) * a0 + (p[3] as number) * b0);
    });
    return { theta: add(this.fixedPoint, combine(this.modes, a, this.dim)), velocity: combine(this.modes, b, this.dim) };
  }

  /** Stationary phase-space covariance B of (θ, velocity): `A B + B Aᵀ = 2D` (Bartels–Stewart). */
  stationaryCovariance(): Float64Array {
    return this.phaseSpace().stationaryCovariance();
  }

  /**
   * Phase-space covariance at time t from a start with covariance `initialCovariance`
   * (2d×2d, default 0): `Σₜ + e^{−At} C₀ e^{−Aᵀt}` (Kunin eq. (24) with a random start).
   */
  covarianceAt(t: number, initialCovariance?: Matrix): Float64Array {
    return this.phaseSpace().covarianceAt(t, initialCovariance);
  }

  /**
   * Closed-form 2×2 stationary covariance of mode i, `Cov(qᵢ·θ, qᵢ·velocity)`, when Σ
   * commutes with H (derived here from the block Lyapunov equations; Kunin App. F.2 for
   * Σ = σ²H): `diag(η sᵢ / (2S(1−β)κᵢ), sᵢ / (S(1−β²)))` with `sᵢ = qᵢᵀΣqᵢ`.
   */
  modeStationaryCovariance(mode: number): Float64Array {
    const m = this.#mode('modeStationaryCovariance', mode);
    this.#requireCommuting('modeStationaryCovariance');
    const { learningRate: eta, momentum: beta, batchSize: s } = this;
    return Float64Array.of((eta * m.noiseVariance) / (2 * s * (1 - beta) * m.stiffness), 0, 0, m.noiseVariance / (s * (1 - beta * beta)));
  }

  /**
   * Closed-form 2×2 covariance of mode i at time t from a deterministic start:
   * `Bᵢ − Pᵢ(t) Bᵢ Pᵢ(t)ᵀ` with `Pᵢ = e^{−Sᵢt}` (Kunin App. F.2, "stochastic component").
   */
  modeCovarianceAt(mode: number, t: number): Float64Array {
    const b = this.modeStationaryCovariance(mode);
    const p = this.propagator(mode, t);
    return symmetrise(add(b, sandwich(p, b, 2), -1), 2);
  }

  #requireCommuting(method: string): void {
    if (!this.noiseCommutes) {
      throw invalid(`SgdMomentum.${method}`, 'noise', '(a Σ that does not commute with H)', 'the per-mode closed forms need Σ diagonal in the eigenbasis of H (e.g. noise: { scale }); use the full phase-space methods instead');
    }
  }

  // ---- the exact recursion -----------------------------------------------------------------

  /** M = [[I − ηK, βI], [−ηK, βI]] on (θ − θ̄, v) (module comment). */
  transitionMatrix(): Float64Array {
    const d = this.dim, eta = this.learningRate, beta = this.momentum;
    const ek = this.#stiffnessMatrix().map((x) => eta * x);
    const bI = identity(d).map((x) => beta * x);
    return blocks2(add(identity(d), ek, -1), bI, ek.map((x) => -x), bI, d);
  }

  /** Cov wₖ = (η²/S) [[Σ, Σ], [Σ, Σ]]. */
  stepNoiseCovariance(): Float64Array {
    const f = (this.learningRate * this.learningRate) / this.batchSize;
    const s = this.noiseCovariance.map((x) => f * x);
    return blocks2(s, s, s, s, this.dim);
  }

  /** Throws unless `0 < ηκᵢ < 2(1+β)` for every mode (ρ(M) < 1). */
  #requireStable(method: string): void {
    const lim = 2 * (1 + this.momentum);
    this.modes.forEach((m, i) => {
      const x = this.learningRate * m.stiffness;
      if (!(x < lim)) {
        throw invalid(`SgdMomentum.${method}`, `learningRate·(curvature + weightDecay) of mode ${i}`, x, `it must be < 2(1 + momentum) = ${lim} for the recursion to have a stationary law (ρ(M) < 1)`);
      }
    });
  }

  /** Exact stationary covariance of (θ, v) for the recursion: `C = M C Mᵀ + Cov w` (Stein, discrete Bartels–Stewart). */
  discreteStationaryCovariance(): Float64Array {
    if (!this.#discrete) {
      this.#requireStable('discreteStationaryCovariance');
      this.#discrete = raw.stein(core(), 2 * this.dim, this.transitionMatrix(), this.stepNoiseCovariance(), 'SgdMomentum.discreteStationaryCovariance');
    }
    return Float64Array.from(this.#discrete);
  }

  /**
   * Closed-form stationary covariance of mode i for the recursion, `[[P, R], [R, V]]` of
   * (qᵢ·θ, qᵢ·v), when Σ commutes with H. Derived here: with `x' = x + v'`, stationarity of
   * E x² gives `E[x v'] = −V/2`, so `R = E[x' v'] = V/2`; `E[x v'] = −ηκP + βR` then gives
   * `V = 2ηκP/(1+β)`, and the v-equation `V = (ηκ)²P − 2ηκβR + β²V + q` yields
   * `V = 2q / ((1−β)(2(1+β) − ηκ))`, `P = q(1+β) / (ηκ(1−β)(2(1+β) − ηκ))`, `q = η²sᵢ/S`
   * (the errata's heavy-ball variance). Continuous limit (ηκ → 0): `P → ηsᵢ/(2S(1−β)κ)`.
   */
  discreteModeStationaryCovariance(mode: number): Float64Array {
    const m = this.#mode('discreteModeStationaryCovariance', mode);
    this.#requireCommuting('discreteModeStationaryCovariance');
    this.#requireStable('discreteModeStationaryCovariance');
    const { learningRate: eta, momentum: beta, batchSize: s } = this;
    const q = (eta * eta * m.noiseVariance) / s;
    const a = eta * m.stiffness;
    const v = (2 * q) / ((1 - beta) * (2 * (1 + beta) - a));
    const p = (q * (1 + beta)) / (a * (1 - beta) * (2 * (1 + beta) - a));
    return Float64Array.of(p, v / 2, v / 2, v);
  }

  #discreteStart(where: string, s: DiscreteStart): Float64Array {
    if (s === null || typeof s !== 'object') throw invalid(where, 'start', s, 'it must be { theta0, v0? }');
    const d = this.dim;
    const th = finiteArray(where, 'theta0', s.theta0, [d], `${d} entries`);
    const v0 = s.v0 === undefined ? new Float64Array(d) : finiteArray(where, 'v0', s.v0, [d], `${d} entries`);
    const z = new Float64Array(2 * d);
    for (let i = 0; i < d; i++) {
      z[i] = (th[i] as number) - (this.fixedPoint[i] as number);
      z[d + i] = v0[i] as number;
    }
    return z;
  }

  /**
   * Exact k-step transition of the recursion: `zₖ = Mᵏ z₀ + Σ_{j<k} Mʲ wⱼ` with
   * `Σₖ = Σ_{j<k} Mʲ Cov w Mʲᵀ`, by binary powering (`Σ_{a+b} = Σ_b + Mᵇ Σ_a Mᵇᵀ`: sums of
   * PSD terms, no cancellation, no stability requirement).
   */
  discreteTransition(k: number): { propagator: Float64Array; covariance: Float64Array } {
    integer('SgdMomentum.discreteTransition', 'k', k, 0);
    const n = 2 * this.dim;
    let pRes: Float64Array = identity(n), sRes: Float64Array = new Float64Array(n * n);
    let pPow: Float64Array = this.transitionMatrix(), sPow: Float64Array = this.stepNoiseCovariance();
    let e = k;
    while (e > 0) {
      if (e % 2 === 1) {
        sRes = symmetrise(add(sandwich(pPow, sRes, n), sPow), n);
        pRes = mul(pPow, pRes, n);
      }
      e = Math.floor(e / 2);
      if (e > 0) {
        sPow = symmetrise(add(sPow, sandwich(pPow, sPow, n)), n);
        pPow = mul(pPow, pPow, n);
      }
    }
    return { propagator: pRes, covariance: sRes };
  }

  /** Exact mean of (θₖ, vₖ) from a deterministic start: `θ̄ + (Mᵏ z₀)_θ`, `(Mᵏ z₀)_v`. */
  discreteMeanAt(k: number, start: DiscreteStart): { theta: Float64Array; v: Float64Array } {
    const where = 'SgdMomentum.discreteMeanAt';
    integer(where, 'k', k, 0);
    const d = this.dim;
    const z = matvec(power(this.transitionMatrix(), 2 * d, k), this.#discreteStart(where, start), 2 * d);
    return { theta: add(this.fixedPoint, z.subarray(0, d)), v: z.slice(d) };
  }

  /** Exact covariance of (θₖ, vₖ): `Mᵏ C₀ Mᵏᵀ + Σₖ` (C₀ default 0: a deterministic start). */
  discreteCovarianceAt(k: number, initialCovariance?: Matrix): Float64Array {
    const where = 'SgdMomentum.discreteCovarianceAt';
    const n = 2 * this.dim;
    const { propagator, covariance } = this.discreteTransition(k);
    if (initialCovariance === undefined) return covariance;
    const c0 = symmetricMatrix(where, 'initialCovariance', squareMatrix(where, 'initialCovariance', initialCovariance, n));
    return symmetrise(add(covariance, sandwich(propagator, c0, n)), n);
  }

  /** Stationary `Cov(zₖ, zₖ₊ₗ) = E[zₖ zₖ₊ₗᵀ] = C (Mˡ)ᵀ` for a lag l ≥ 0 steps. */
  discreteCrossCovariance(lag: number): Float64Array {
    integer('SgdMomentum.discreteCrossCovariance', 'lag', lag, 0);
    const n = 2 * this.dim;
    return mul(this.discreteStationaryCovariance(), transpose(power(this.transitionMatrix(), n, lag), n), n);
  }

  // ---- observables ---------------------------------------------------------------------------

  /**
   * Stationary squared speed `E‖θₖ₊₁ − θₖ‖²`:
   * - `eq16`: Kunin eq. (16) with σ² tr H → tr Σ: `η² tr Σ / (S(1−β²))`;
   * - `continuous`: `η² tr B_vv` of the phase-space model (equal to eq16 for any Σ: the
   *   trace of the vv-block Lyapunov equation gives `tr B_vv = tr D_vv / (2γ)`, derived here);
   * - `discrete`: `tr C_vv`, exact for the recursion (`2(1+β)/(2(1+β) − ηκ)` times the
   *   continuous value per mode when Σ commutes with H).
   */
  speed(): { eq16: number; continuous: number; discrete: number } {
    const d = this.dim, eta = this.learningRate, beta = this.momentum;
    let trSigma = 0;
    for (let i = 0; i < d; i++) trSigma += this.noiseCovariance[i * d + i] as number;
    return {
      eq16: (eta * eta * trSigma) / (this.batchSize * (1 - beta * beta)),
      continuous: eta * eta * blockTrace(this.stationaryCovariance(), 2 * d, d, d),
      discrete: blockTrace(this.discreteStationaryCovariance(), 2 * d, d, d),
    };
  }

  /** The regularised loss `L_λ(θ) = ½(θ − μ)ᵀH(θ − μ) + (λ/2)‖θ‖²`. */
  regularisedLoss(theta: ArrayLike<number>): number {
    const d = this.dim;
    const th = finiteArray('SgdMomentum.regularisedLoss', 'theta', theta, [d], `${d} entries`);
    const e = th.map((v, i) => v - (this.centre[i] as number));
    return 0.5 * dot(e, matvec(this.hessian, e, d)) + 0.5 * this.weightDecay * dot(th, th);
  }

  /**
   * Equipartition (Kunin App. G.3 with the errata's weight-decay term). Under the stationary
   * law, `E L_λ = L_λ(θ̄) + ½ tr(K Cov θ)` and the kinetic energy is `E 𝒦 = (m/2) E‖velocity‖²`,
   * mass `m = η(1+β)/2`. For the continuous model, derived here for any Σ (traces of the
   * block Lyapunov equations): `½ tr(K B_θθ) = (m/2) tr B_vv = η tr Σ / (4S(1−β))`
   * (`temperatureTerm`), so `E L_λ = E 𝒦 + (λ/2) μᵀH(H+λI)⁻¹μ` (`weightDecayTerm = L_λ(θ̄)`).
   * `discrete` gives the same expectations for the exact recursion (velocity = v/η). There the
   * balance `E L_λ = E 𝒦 + weightDecayTerm` holds **exactly** too (derived here, any Σ): from
   * stationarity of Cov θ with θ' = θ + v', `E[θv'ᵀ] + E[v'θᵀ] = −C_vv`; with
   * `v' = βv − ηKθ − ηξ` and `C_θv = E[θ'v'ᵀ] = E[θv'ᵀ] + C_vv` this gives
   * `(1+β) C_vv = η (C_θθ K + K C_θθ)`, whose trace is the balance. Each side differs from
   * `temperatureTerm` at O(ηκ).
   */
  equipartition(): {
    temperatureTerm: number;
    weightDecayTerm: number;
    continuous: { expectedLoss: number; kineticEnergy: number };
    discrete: { expectedLoss: number; kineticEnergy: number };
  } {
    const d = this.dim, eta = this.learningRate, beta = this.momentum;
    let trSigma = 0;
    for (let i = 0; i < d; i++) trSigma += this.noiseCovariance[i * d + i] as number;
    const wd = this.regularisedLoss(this.fixedPoint);
    const k = this.#stiffnessMatrix();
    const mass = (eta * (1 + beta)) / 2;
    const part = (c: Float64Array, velocityScale: number) => {
      const cth = new Float64Array(d * d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cth[i * d + j] = c[i * 2 * d + j] as number;
      let tKC = 0;
      const kc = matmul(k, cth, d, d, d);
      for (let i = 0; i < d; i++) tKC += kc[i * d + i] as number;
      return { expectedLoss: wd + 0.5 * tKC, kineticEnergy: 0.5 * mass * velocityScale * blockTrace(c, 2 * d, d, d) };
    };
    return {
      temperatureTerm: (eta * trSigma) / (4 * this.batchSize * (1 - beta)),
      weightDecayTerm: wd,
      continuous: part(this.stationaryCovariance(), 1),
      discrete: part(this.discreteStationaryCovariance(), 1 / (eta * eta)),
    };
  }
}
