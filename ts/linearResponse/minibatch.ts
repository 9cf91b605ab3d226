/**
 * Exact first and second moments of **minibatch** SGD with momentum on linear regression —
 * the real algorithm on a finite data set, not a Gaussian-noise model. Derived here.
 *
 * Loss (`sgd.linearRegression`, 'half-mean'): `L(θ) = (1/2N) Σᵢ (xᵢ·θ − yᵢ)²`, per-example
 * gradient `gᵢ(θ) = Aᵢθ − xᵢyᵢ` with `Aᵢ = xᵢxᵢᵀ`, Hessian `H = (1/N) Σ Aᵢ`. The recursion
 * (conventions.md) with the minibatch mean `g_B` and weight decay λ:
 * `vₖ₊₁ = βvₖ − η(g_B(θₖ) + λθₖ)`, `θₖ₊₁ = θₖ + vₖ₊₁`; fixed point `θ̄ = (H + λI)⁻¹ (1/N)Σ xᵢyᵢ`.
 *
 * With `e = θ − θ̄`, `uᵢ = gᵢ(θ̄)` and `ũᵢ = uᵢ − ū` (ū = −λθ̄): `g_B(θ) + λθ = K e + n_B`,
 * `K = H + λI`, where the batch noise `n_B` is the batch mean of `wᵢ(e) = (Aᵢ − H)e + ũᵢ`,
 * a vector that is centred over the data for every e. Hence, with `z = (e, v)`,
 *
 *     zₖ₊₁ = M zₖ − η (n_B, n_B),   E[n_B | zₖ] = 0,   Cov[n_B | zₖ] = f · S(e),
 *     S(e) = (1/N) Σᵢ wᵢ(e) wᵢ(e)ᵀ,
 *
 * M the matrix of `SgdMomentum.transitionMatrix`, and f the variance factor of a batch mean:
 * `1/B` for independent uniform draws ('with-replacement'), `(N − B)/(B(N − 1))` for a
 * uniform B-subset ('without-replacement'; each step an independent subset). So the
 * moments close **exactly**: means follow `mₖ₊₁ = M mₖ`, and
 *
 *     Cₖ₊₁ = M Cₖ Mᵀ + η² f J ⊗ E S(e),   E S(e) = Σ₀ + T(C_ee + m_e m_eᵀ) + G(m_e) + G(m_e)ᵀ,
 *
 * with `J ⊗ X = [[X, X], [X, X]]`, `Σ₀ = (1/N) Σ ũᵢũᵢᵀ` (the per-example gradient covariance
 * at θ̄), `T(X) = (1/N) Σ Aᵢ X Aᵢ − H X H` (the state-dependent, multiplicative part) and
 * `G(m) = (1/N) Σ Aᵢ m ũᵢᵀ`. The stationary C (m = 0) is the unique solution of
 * `C = M C Mᵀ + η² f J ⊗ (Σ₀ + T(C_ee))` when the linear map behind it has spectral radius
 * < 1 (mean-square stability); because `E[n_B | z] = 0`, the stationary cross-covariance is
 * `E[zₖ₊ₗ zₖᵀ] = Mˡ C` exactly, as for additive noise.
 *
 * Kunin et al.'s Assumption 3 (`Σ = σ²H`, seed 003) keeps only Σ₀ and replaces it by its
 * large-N value σ²·E[xxᵀ]; T is what it drops (errata: ~12 % on the speed in a test).
 * Not covered: 'reshuffle' (epochs without replacement) makes consecutive batches dependent,
 * so the state alone is not Markov and these formulas do not apply.
 */
import { core } from '../runtime.js';
import * as raw from '../../bindings/linalg.js';
import { finiteArray, integer, invalid, nonNegative, oneOf, positive } from '../validate.js';
import { SgdMomentum, type DiscreteStart } from './sgdMomentum.js';
import { add, block, blockTrace, blocks2, frobenius, matvec, mul, power, sandwich, symmetrise } from './dense.js';

/** Minibatch samplers with independent batches from step to step. */
export type IndependentSampler = 'with-replacement' | 'without-replacement';

/** Options of `MinibatchLinearRegression.create`. */
export interface MinibatchLinearRegressionOptions {
  /** Inputs: N × d row-major (flat, with `inputs` = d) or N rows. */
  x: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
  /** Targets yᵢ (N). */
  y: ArrayLike<number>;
  /** d, needed when `x` is flat (default: the row length, or 1). */
  inputs?: number;
  learningRate: number;
  /** β ∈ [0, 1); default 0. */
  momentum?: number;
  /** λ ≥ 0; default 0. */
  weightDecay?: number;
  /** B, an integer in [1, N] (< N without replacement). */
  batchSize: number;
  /** Default 'with-replacement' (the default of `sgd.run`). */
  sampler?: IndependentSampler;
}

/** Exact mean and covariance of (θₖ, vₖ) at one step count. */
export interface DiscreteMoments {
  k: number;
  theta: Float64Array;
  v: Float64Array;
  /** 2d×2d covariance of (θ, v). */
  covariance: Float64Array;
}

/**
 * Exact moments of minibatch SGD with momentum on least squares (module comment). Holds no
 * WASM memory. `model` is the same recursion with the noise frozen at θ̄ (Gaussian noise
 * of covariance Σ₀ and batch size 1/f): its continuous-time methods (phase space, modes,
 * propagators) describe this run too, and its discrete moments are the exact ones minus
 * the multiplicative term T.
 */
export class MinibatchLinearRegression {
  readonly dim: number;
  /** N. */
  readonly examples: number;
  readonly batchSize: number;
  readonly sampler: IndependentSampler;
  /** f: `Cov[n_B | z] = f S(e)`. */
  readonly noiseFactor: number;
  /** The additive-noise model (Σ₀ at θ̄, batch size 1/f). */
  readonly model: SgdMomentum;
  /** Σ₀ = Cov over examples of gᵢ(θ̄) (1/N normalisation). */
  readonly noiseCovariance: Float64Array;
  /** θ̄. */
  readonly fixedPoint: Float64Array;
  readonly #x: Float64Array;
  readonly #u: Float64Array;
  readonly #stationary = new Map<'direct' | 'iterative', Float64Array>();
  #tensors: { f: Float64Array; k: Float64Array } | undefined;
  #applications = 0;

  private constructor(o: { x: Float64Array; u: Float64Array; d: number; n: number; b: number; sampler: IndependentSampler; f: number; model: SgdMomentum; sigma: Float64Array }) {
    this.dim = o.d;
    this.examples = o.n;
    this.batchSize = o.b;
    this.sampler = o.sampler;
    this.noiseFactor = o.f;
    this.model = o.model;
    this.noiseCovariance = o.sigma;
    this.fixedPoint = o.model.fixedPoint;
    this.#x = o.x;
    this.#u = o.u;
  }

  /** Validates the data and settings; needs H = XᵀX/N positive definite (N ≥ d, full rank). */
  static create(options: MinibatchLinearRegressionOptions): MinibatchLinearRegression {
    const where = 'MinibatchLinearRegression.create';
    if (options === null || typeof options !== 'object') throw invalid(where, 'options', options, 'it must be an object { x, y, learningRate, batchSize, … }');
    const y = finiteArray(where, 'y', options.y, [options.y?.length ?? -1], 'an array of N targets');
    const n = y.length;
    if (n < 2) throw invalid(where, 'y.length', n, 'it must be >= 2');
    const rows = options.x;
    const nested = Array.isArray(rows) && rows.length > 0 && typeof rows[0] === 'object';
    const d = options.inputs !== undefined ? integer(where, 'inputs', options.inputs, 1) : nested ? (rows[0] as ArrayLike<number>).length : 1;
    let x: Float64Array;
    if (nested) {
      if ((rows as ReadonlyArray<ArrayLike<number>>).length !== n) throw invalid(where, 'x.length', (rows as unknown[]).length, `it must be N = ${n} rows (one per target)`);
      x = new Float64Array(n * d);
      (rows as ReadonlyArray<ArrayLike<number>>).forEach((r, i) => x.set(finiteArray(where, `x[${i}]`, r, [d], `d = ${d} entries`), i * d));
    } else {
      x = finiteArray(where, 'x', rows, [n * d], `N·d = ${n}·${d} = ${n * d} entries (row-major; set inputs = d)`);
    }
    const sampler = oneOf(where, 'sampler', options.sampler ?? 'with-replacement', ['with-replacement', 'without-replacement'] as const);
    const b = integer(where, 'batchSize', options.batchSize, 1);
    if (sampler === 'without-replacement' && b >= n) throw invalid(where, 'batchSize', b, `it must be < N = ${n} without replacement (B = N is full-batch descent: no noise)`);
    const f = sampler === 'with-replacement' ? 1 / b : (n - b) / (b * (n - 1));
    const lambda = nonNegative(where, 'weightDecay', options.weightDecay ?? 0);
    positive(where, 'learningRate', options.learningRate);
    // H = XᵀX/N and c = Xᵀy/N.
    const h = new Float64Array(d * d), c = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const yi = y[i] as number;
      for (let a = 0; a < d; a++) {
        const xa = x[i * d + a] as number;
        c[a] = (c[a] as number) + (xa * yi) / n;
        for (let e = 0; e < d; e++) h[a * d + e] = (h[a * d + e] as number) + (xa * (x[i * d + e] as number)) / n;
      }
    }
    const cc = core();
    const { values } = raw.symmetricEigen(cc, d, h, where);
    if (!((values[0] as number) > 1e-12 * Math.max(values[d - 1] as number, 0))) {
      throw invalid(where, 'x', `(data with smallest Hessian eigenvalue ${values[0]})`, 'H = XᵀX/N must be positive definite: N >= d inputs in general position');
    }
    const thetaHat = raw.solve(cc, d, 1, h, c, where);
    const k = Float64Array.from(h);
    for (let a = 0; a < d; a++) k[a * d + a] = (k[a * d + a] as number) + lambda;
    const fixed = raw.solve(cc, d, 1, k, c, where);
    // ũᵢ = xᵢ(xᵢ·θ̄ − yᵢ) + λθ̄ and Σ₀ = (1/N) Σ ũᵢũᵢᵀ.
    const u = new Float64Array(n * d), sigma = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      let r = -(y[i] as number);
      for (let a = 0; a < d; a++) r += (x[i * d + a] as number) * (fixed[a] as number);
      for (let a = 0; a < d; a++) u[i * d + a] = (x[i * d + a] as number) * r + lambda * (fixed[a] as number);
      for (let a = 0; a < d; a++) for (let e = 0; e < d; e++) sigma[a * d + e] = (sigma[a * d + e] as number) + ((u[i * d + a] as number) * (u[i * d + e] as number)) / n;
    }
    const model = SgdMomentum.create({
      hessian: h, centre: thetaHat, learningRate: options.learningRate, momentum: options.momentum ?? 0, weightDecay: lambda,
      batchSize: 1 / f, noise: { covariance: symmetrise(sigma, d) },
    });
    return new MinibatchLinearRegression({ x, u, d, n, b, sampler, f, model, sigma: model.noiseCovariance });
  }

  /**
   * The data moments `F_abce = (1/N) Σᵢ xᵢa xᵢb xᵢc xᵢe` (d⁴) and `K_acb = (1/N) Σᵢ xᵢa xᵢc ũᵢb`
   * (d³). With them T and G cost O(d⁴) instead of O(N d²), but building them costs O(N d⁴):
   * they are built once d² ≤ N and d² applications have been made by looping over the
   * examples (so they never cost more than twice the cheaper choice); until then, null.
   */
  #moments(): { f: Float64Array; k: Float64Array } | null {
    const d = this.dim, n = this.examples, x = this.#x, u = this.#u;
    if (d * d > n || (!this.#tensors && ++this.#applications <= d * d)) return null;
    if (!this.#tensors) {
      const f = new Float64Array(d ** 4), k = new Float64Array(d ** 3);
      for (let i = 0; i < n; i++) {
        const xi = x.subarray(i * d, (i + 1) * d), ui = u.subarray(i * d, (i + 1) * d);
        for (let a = 0; a < d; a++) {
          for (let b = 0; b < d; b++) {
            const xab = ((xi[a] as number) * (xi[b] as number)) / n;
            const o = (a * d + b) * d;
            for (let c = 0; c < d; c++) {
              k[o + c] = (k[o + c] as number) + xab * (ui[c] as number);
              const w = xab * (xi[c] as number), o2 = (o + c) * d;
              for (let e = 0; e < d; e++) f[o2 + e] = (f[o2 + e] as number) + w * (xi[e] as number);
            }
          }
        }
      }
      this.#tensors = { f, k };
    }
    return this.#tensors;
  }

  /** `T(X) = (1/N) Σᵢ (xᵢᵀXxᵢ) xᵢxᵢᵀ − HXH` (the state-dependent part of E S). */
  multiplicativeNoise(X: Float64Array): Float64Array {
    const d = this.dim, n = this.examples, x = this.#x;
    const out = new Float64Array(d * d);
    const t = this.#moments();
    if (t) {
      const d2 = d * d;
      for (let ab = 0; ab < d2; ab++) {
        let s = 0;
        for (let ce = 0; ce < d2; ce++) s += (t.f[ab * d2 + ce] as number) * (X[ce] as number);
        out[ab] = s;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let q = 0;
        for (let a = 0; a < d; a++) {
          let s = 0;
          for (let e = 0; e < d; e++) s += (X[a * d + e] as number) * (x[i * d + e] as number);
          q += (x[i * d + a] as number) * s;
        }
        for (let a = 0; a < d; a++) {
          const w = (q * (x[i * d + a] as number)) / n;
          for (let e = 0; e < d; e++) out[a * d + e] = (out[a * d + e] as number) + w * (x[i * d + e] as number);
        }
      }
    }
    return symmetrise(add(out, sandwich(this.model.hessian, X, d), -1), d);
  }

  /** `G(m) + G(m)ᵀ`, `G(m) = (1/N) Σᵢ xᵢ (xᵢ·m) ũᵢᵀ`. */
  #crossNoise(m: ArrayLike<number>): Float64Array {
    const d = this.dim, n = this.examples, x = this.#x, u = this.#u;
    const g = new Float64Array(d * d);
    const t = this.#moments();
    if (t) {
      // G_ab = Σ_c K_acb m_c.
      for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) {
        const mc = m[c] as number, o = (a * d + c) * d;
        for (let b = 0; b < d; b++) g[a * d + b] = (g[a * d + b] as number) + mc * (t.k[o + b] as number);
      }
    } else {
      for (let i = 0; i < n; i++) {
        let xm = 0;
        for (let a = 0; a < d; a++) xm += (x[i * d + a] as number) * (m[a] as number);
        for (let a = 0; a < d; a++) {
          const w = (xm * (x[i * d + a] as number)) / n;
          for (let e = 0; e < d; e++) g[a * d + e] = (g[a * d + e] as number) + w * (u[i * d + e] as number);
        }
      }
    }
    return symmetrise(g.map((v, idx) => v + (g[(idx % d) * d + Math.floor(idx / d)] as number)), d);
  }

  /** `η² f J ⊗ S` (2d×2d). */
  #stepNoise(s: Float64Array): Float64Array {
    const w = s.map((v) => v * this.model.learningRate ** 2 * this.noiseFactor);
    return blocks2(w, w, w, w, this.dim);
  }

  /**
   * Exact stationary covariance C of (θ, v): `C = C⁰ + Stein(M, η² f J ⊗ T(C_θθ))` with
   * `C⁰ = model.discreteStationaryCovariance()`, i.e. `X = C⁰_θθ + L(X)` for `X = C_θθ`,
   * `L(X) = Stein(M, η² f J ⊗ T(X))_θθ`, a positive linear map; a solution exists iff its
   * spectral radius is < 1 (mean-square stability; otherwise an error naming the radius).
   * - `'direct'`: L as a dense d(d+1)/2 matrix (one Stein solve per basis matrix), its radius
   *   from the real Schur form, then an LU solve — O(d⁶), exact to rounding;
   * - `'iterative'`: `Xₙ₊₁ = C⁰_θθ + L(Xₙ)` from `X₀ = C⁰_θθ` (one Stein solve per step; the
   *   error contracts like ρ(L)ⁿ, estimated from successive increments), stopped when the
   *   geometric tail estimate is below 1e-14 ‖X‖;
   * - `'auto'` (default): direct for d ≤ 12, iterative above.
   */
  discreteStationaryCovariance(options: { method?: 'auto' | 'direct' | 'iterative' } = {}): Float64Array {
    const where = 'MinibatchLinearRegression.discreteStationaryCovariance';
    const method = oneOf(where, 'method', options.method ?? 'auto', ['auto', 'direct', 'iterative'] as const);
    const use = method === 'auto' ? (this.dim <= 12 ? 'direct' : 'iterative') : method;
    let c = this.#stationary.get(use);
    if (!c) {
      c = use === 'direct' ? this.#stationaryDirect(where) : this.#stationaryIterative(where);
      this.#stationary.set(use, c);
    }
    return Float64Array.from(c);
  }

  #unstable(where: string, radius: string): never {
    throw invalid(where, 'learningRate', this.model.learningRate, `the second moments of this run grow without bound (the multiplicative-noise operator has spectral radius ${radius} >= 1): lower the learning rate or raise the batch size`);
  }

  #stationaryDirect(where: string): Float64Array {
    const d = this.dim, n2 = 2 * d, cc = core();
    const M = this.model.transitionMatrix();
    const c0 = this.model.discreteStationaryCovariance();
    const pairs: [number, number][] = [];
    for (let a = 0; a < d; a++) for (let e = a; e < d; e++) pairs.push([a, e]);
    const m = pairs.length;
    // G[(c,e), (a,b)] = L(E_ab)_ce.
    const op = new Float64Array(m * m);
    pairs.forEach(([a, b], col) => {
      const E = new Float64Array(d * d);
      E[a * d + b] = 1;
      E[b * d + a] = 1;
      const y = raw.stein(cc, n2, M, this.#stepNoise(this.multiplicativeNoise(E)), where);
      pairs.forEach(([r, s], row) => { op[row * m + col] = y[r * n2 + s] as number; });
    });
    const eig = raw.schur(cc, m, op, where).eig;
    let radius = 0;
    for (let i = 0; i < m; i++) radius = Math.max(radius, Math.hypot(eig[2 * i] as number, eig[2 * i + 1] as number));
    if (!(radius < 1)) this.#unstable(where, String(radius));
    const sys = op.map((v, idx) => (Math.floor(idx / m) === idx % m ? 1 : 0) - v);
    const rhs = Float64Array.from(pairs, ([a, b]) => c0[a * n2 + b] as number);
    const sol = raw.solve(cc, m, 1, sys, rhs, where);
    const X = new Float64Array(d * d);
    pairs.forEach(([a, b], i) => { X[a * d + b] = X[b * d + a] = sol[i] as number; });
    return symmetrise(add(c0, raw.stein(cc, n2, M, this.#stepNoise(this.multiplicativeNoise(X)), where)), n2);
  }

  #stationaryIterative(where: string): Float64Array {
    const d = this.dim, n2 = 2 * d, cc = core();
    const M = this.model.transitionMatrix();
    const c0 = this.model.discreteStationaryCovariance();
    const theta = (c: Float64Array) => block(c, n2, 0, 0, d, d);
    let x = theta(c0), prev = Infinity, c = c0, growing = 0;
    for (let it = 1; it <= 100_000; it++) {
      c = symmetrise(add(c0, raw.stein(cc, n2, M, this.#stepNoise(this.multiplicativeNoise(x)), where)), n2);
      const next = theta(c);
      const step = frobenius(add(next, x, -1)), size = frobenius(next);
      const ratio = step / prev; // ≈ ρ(L) once the transient has passed (first step: 0, not used)
      x = next;
      if (step === 0 || (it >= 3 && ratio < 1 && (step * ratio) / (1 - ratio) <= 1e-14 * size)) return c;
      // The increments Lⁿ(L X₀) of a positive map with radius ≥ 1 never shrink for good.
      growing = it >= 2 && ratio >= 1 ? growing + 1 : 0;
      if (growing >= 20) this.#unstable(where, `≈ ${ratio.toPrecision(3)}`);
      prev = step;
    }
    throw invalid(where, 'learningRate', this.model.learningRate, 'the fixed-point iteration for the stationary covariance did not converge in 100000 steps (spectral radius of the multiplicative-noise operator too close to 1); use { method: \'direct\' }');
  }

  /**
   * Exact mean and covariance of (θₖ, vₖ) from a deterministic start at each requested step
   * count (integers ≥ 0, any order), by iterating the moment recursion (module comment).
   */
  discreteMomentsAt(ks: ArrayLike<number>, start: DiscreteStart): DiscreteMoments[] {
    const where = 'MinibatchLinearRegression.discreteMomentsAt';
    const want = Array.from(finiteArray(where, 'ks', ks, [ks?.length ?? -1], 'an array of step counts'), (k, i) => integer(where, `ks[${i}]`, k, 0));
    if (start === null || typeof start !== 'object') throw invalid(where, 'start', start, 'it must be { theta0, v0? }');
    const d = this.dim, n2 = 2 * d;
    const th = finiteArray(where, 'start.theta0', start.theta0, [d], `${d} entries`);
    const v0 = start.v0 === undefined ? new Float64Array(d) : finiteArray(where, 'start.v0', start.v0, [d], `${d} entries`);
    const M = this.model.transitionMatrix();
    let mean: Float64Array = new Float64Array(n2);
    for (let a = 0; a < d; a++) { mean[a] = (th[a] as number) - (this.fixedPoint[a] as number); mean[d + a] = v0[a] as number; }
    let cov: Float64Array = new Float64Array(n2 * n2);
    const out = new Map<number, DiscreteMoments>();
    const record = (k: number) => out.set(k, {
      k, theta: add(this.fixedPoint, mean.subarray(0, d)), v: mean.slice(d), covariance: Float64Array.from(cov),
    });
    const last = Math.max(0, ...want);
    for (let k = 0; ; k++) {
      if (want.includes(k)) record(k);
      if (k === last) break;
      const me = mean.subarray(0, d);
      const second = new Float64Array(d * d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) second[a * d + b] = (cov[a * n2 + b] as number) + (me[a] as number) * (me[b] as number);
      const s = add(add(this.noiseCovariance, this.multiplicativeNoise(second)), this.#crossNoise(me));
      cov = symmetrise(add(sandwich(M, cov, n2), this.#stepNoise(s)), n2);
      mean = matvec(M, mean, n2);
    }
    return want.map((k) => out.get(k) as DiscreteMoments);
  }

  /** Stationary `E[zₖ₊ₗ zₖᵀ] = Mˡ C` (lag l ≥ 0 steps). */
  discreteCrossCovariance(lag: number): Float64Array {
    integer('MinibatchLinearRegression.discreteCrossCovariance', 'lag', lag, 0);
    const n2 = 2 * this.dim;
    return mul(power(this.model.transitionMatrix(), n2, lag), this.discreteStationaryCovariance(), n2);
  }

  /**
   * Exact MSD `E‖θₖ − θ₀‖²`. Stationary start (default): `2 tr C_θθ − 2 tr(Mᵏ C)_θθ`
   * (→ `2 tr C_θθ`); deterministic start: `‖E θₖ − θ₀‖² + tr Cov θₖ`.
   */
  msd(lags: ArrayLike<number>, options: { start?: 'stationary' | DiscreteStart } = {}): Float64Array {
    const where = 'MinibatchLinearRegression.msd';
    const ks = Array.from(finiteArray(where, 'lags', lags, [lags?.length ?? -1], 'an array of step counts'), (k, i) => integer(where, `lags[${i}]`, k, 0));
    const d = this.dim, n2 = 2 * d;
    const start = options.start ?? 'stationary';
    if (start === 'stationary') {
      const sat = 2 * blockTrace(this.discreteStationaryCovariance(), n2, 0, d);
      return Float64Array.from(ks, (k) => sat - 2 * blockTrace(this.discreteCrossCovariance(k), n2, 0, d));
    }
    const th = finiteArray(where, 'start.theta0', start.theta0, [d], `${d} entries`);
    return Float64Array.from(this.discreteMomentsAt(ks, start), (mo) => {
      let s = blockTrace(mo.covariance, n2, 0, d);
      for (let a = 0; a < d; a++) s += ((mo.theta[a] as number) - (th[a] as number)) ** 2;
      return s;
    });
  }

  /** Stationary velocity autocovariance `E[vₖ·vₖ₊ₗ] = tr(Mˡ C)_vv` at each lag (steps). */
  velocityAutocovariance(lags: ArrayLike<number>): Float64Array {
    const where = 'MinibatchLinearRegression.velocityAutocovariance';
    const ks = Array.from(finiteArray(where, 'lags', lags, [lags?.length ?? -1], 'an array of step counts'), (k, i) => integer(where, `lags[${i}]`, k, 0));
    const d = this.dim;
    return Float64Array.from(ks, (k) => blockTrace(this.discreteCrossCovariance(k), 2 * d, d, d));
  }

  /**
   * Stationary squared speed `E‖θₖ₊₁ − θₖ‖² = tr C_vv`: `exact`, and `additive` (the
   * recursion with the noise frozen at θ̄, i.e. without T).
   */
  speed(): { exact: number; additive: number } {
    const d = this.dim;
    return { exact: blockTrace(this.discreteStationaryCovariance(), 2 * d, d, d), additive: this.model.speed().discrete };
  }
}
