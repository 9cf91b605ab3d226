/**
 * Sharpness and the edge of stability (public `sgd.sharpness`, `sgd.edgeOfStability`).
 *
 * - Sharpness `λ_max(∇²L(θ))`, from Hessian–vector products only: Lanczos with full
 *   reorthogonalisation in WASM (`linalg.hessianEigen`, default) or power iteration
 *   `v ← Hv/‖Hv‖` with the Rayleigh quotient `vᵀHv` (converges to the eigenvalue of largest
 *   *magnitude*, which is λ_max when λ_max ≥ |λ_min|; linear rate |λ₂/λ₁|).
 * - Edge of stability (Cohen et al. 2021, ICLR, "Gradient descent on neural networks typically
 *   occurs at the edge of stability"): full-batch GD `θₖ₊₁ = θₖ − η∇L(θₖ)` is linearly stable at
 *   a minimum iff ηλ_max < 2 (on a quadratic the top mode is multiplied by 1 − ηλ_max per step).
 *   The tracker runs GD — an Euler–Maruyama ensemble of one trajectory at temperature 0 and
 *   Δt = η, which is exactly that recursion — and records L and `ηλ_max/2` along the run.
 */
import { SgdynError } from '../../bindings/errors.js';
import { simulate } from '../ensemble.js';
import { Landscape } from '../landscape.js';
import { linalg } from '../linalg.js';
import { rng } from '../rng.js';
import { finiteArray, integer, invalid, oneOf, positive, seed as seedOf } from '../validate.js';

/** Options of `sgd.sharpness`. */
export interface SharpnessOptions {
  /** `'lanczos'` (default) or `'power'`. */
  method?: 'lanczos' | 'power';
  /** Relative tolerance (Lanczos: residual; power: change of the Rayleigh quotient and residual). Default 1e-10. */
  tol?: number;
  /** Power iteration: HVPs at most (default 10 000). */
  maxIterations?: number;
  /** Seed of the start vector (default 0). */
  seed?: number | bigint;
}

/** Result of `sgd.sharpness`. */
export interface Sharpness {
  /** λ_max (power iteration: the eigenvalue of largest magnitude). */
  value: number;
  /** Its unit eigenvector. */
  vector: Float64Array;
  /** `‖Hv − λv‖`. */
  residual: number;
  /** Hessian–vector products used (Lanczos: not reported by the WASM routine, 0). */
  matvecs: number;
}

/** λ_max of ∇²L at θ from Hessian–vector products (see the module comment). */
export function sharpness(landscape: Landscape, theta: ArrayLike<number>, options: SharpnessOptions = {}): Sharpness {
  const where = 'sgd.sharpness';
  if (!(landscape instanceof Landscape)) throw invalid(where, 'landscape', landscape, 'it must be a Landscape or an Objective');
  const d = landscape.dim;
  const x = finiteArray(where, 'theta', theta, [d], `d = ${d} numbers`);
  const method = oneOf(where, 'method', options.method ?? 'lanczos', ['lanczos', 'power'] as const);
  const tol = positive(where, 'tol', options.tol ?? 1e-10);
  const seed = seedOf(where, options.seed ?? 0);
  if (method === 'lanczos') {
    const r = linalg.hessianEigen(landscape, x, 1, { tol, seed });
    return { value: r.values[0] as number, vector: r.vectors, residual: r.residuals[0] as number, matvecs: 0 };
  }
  const maxIterations = integer(where, 'maxIterations', options.maxIterations ?? 10_000, 1);
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, a) => s + a * a, 0));
  let v = rng.normals({ seed, count: d });
  let nv = norm(v);
  v = v.map((a) => a / nv);
  let lambda = NaN;
  for (let it = 1; it <= maxIterations; it++) {
    const hv = landscape.hessianVectors(x, v);
    let rq = 0;
    for (let i = 0; i < d; i++) rq += (v[i] as number) * (hv[i] as number);
    let res = 0;
    for (let i = 0; i < d; i++) res += ((hv[i] as number) - rq * (v[i] as number)) ** 2;
    res = Math.sqrt(res);
    const scale = Math.max(Math.abs(rq), Number.MIN_VALUE);
    if ((Math.abs(rq - lambda) <= tol * scale && res <= Math.sqrt(tol) * scale) || res === 0) {
      return { value: rq, vector: v, residual: res, matvecs: it };
    }
    lambda = rq;
    nv = norm(hv);
    if (!(nv > 0)) return { value: 0, vector: v, residual: 0, matvecs: it }; // H v = 0: v is in the null space and H = 0 on span(v)
    v = hv.map((a) => a / nv);
  }
  throw new SgdynError('INVALID_ARGUMENT', `${where}: power iteration did not converge in maxIterations = ${maxIterations} Hessian–vector products (the top two eigenvalue magnitudes may be too close): use method 'lanczos' or raise maxIterations`);
}

/** Options of `sgd.edgeOfStability`. */
export interface EdgeOfStabilityOptions {
  /** The loss (any landscape; an `Objective` for data). */
  landscape: Landscape;
  /** η > 0. */
  learningRate: number;
  /** Start θ₀. */
  x0: ArrayLike<number>;
  /** GD steps (≥ 1). */
  steps: number;
  /** Record L and the sharpness every `every` steps (default 1; must divide steps). */
  every?: number;
  /** The run counts as diverged when L exceeds this (default 1e12·max(|L(θ₀)|, 1)). */
  lossLimit?: number;
  /** How the sharpness is computed (see `sharpness`). */
  sharpness?: SharpnessOptions;
}

/** Result of `sgd.edgeOfStability`. */
export interface EdgeOfStability {
  /** Step counts of the records (the first is 0). */
  steps: Float64Array;
  /** L(θₖ). */
  loss: Float64Array;
  /** λ_max(∇²L(θₖ)). */
  sharpness: Float64Array;
  /** `ηλ_max/2` (> 1: the top mode is linearly unstable). */
  stability: Float64Array;
  /** θ after the last recorded step. */
  final: Float64Array;
  /**
   * null, or the divergence (code `DIVERGED`) with `step`: the first step whose state became
   * non-finite (exact), or the first recorded step whose loss exceeded `lossLimit`.
   */
  diverged: SgdynError | null;
}

/**
 * Full-batch gradient descent with the sharpness tracked along the run (see the module comment).
 * Stops at divergence and reports it in `diverged` (records before it are kept).
 */
export function edgeOfStability(o: EdgeOfStabilityOptions): EdgeOfStability {
  const where = 'sgd.edgeOfStability';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object');
  if (!(o.landscape instanceof Landscape)) throw invalid(where, 'landscape', o.landscape, 'it must be a Landscape or an Objective');
  const landscape = o.landscape;
  const d = landscape.dim;
  const eta = positive(where, 'learningRate', o.learningRate);
  const x0 = finiteArray(where, 'x0', o.x0, [d], `d = ${d} numbers`);
  const steps = integer(where, 'steps', o.steps, 1);
  const every = integer(where, 'every', o.every ?? 1, 1);
  if (steps % every !== 0) throw invalid(where, 'every', every, `it must divide steps = ${steps}`);
  const l0 = landscape.value(x0);
  const limit = o.lossLimit === undefined ? 1e12 * Math.max(Math.abs(l0), 1) : positive(where, 'lossLimit', o.lossLimit);
  const sharpOptions = o.sharpness ?? {};
  const stepsOut: number[] = [], loss: number[] = [], sharp: number[] = [];
  const record = (k: number, x: Float64Array, l: number) => {
    const s = sharpness(landscape, x, sharpOptions).value;
    stepsOut.push(k);
    loss.push(l);
    sharp.push(s);
  };
  let diverged: SgdynError | null = null;
  let x = x0;
  using gd = simulate({ landscape, temperature: 0, dt: eta, nTrajectories: 1, x0, seed: 0 });
  record(0, x0, l0);
  for (let k = every; k <= steps; k += every) {
    try {
      gd.step(every);
    } catch (e) {
      if (e instanceof SgdynError && e.code === 'DIVERGED') {
        diverged = new SgdynError('DIVERGED', `${where}: gradient descent with η = ${eta} became non-finite at step ${e.step} (ηλ_max/2 = ${((eta * (sharp.at(-1) as number)) / 2).toPrecision(6)} at the last record)`, { step: e.step as number, trajectory: 0 });
        break;
      }
      throw e;
    }
    x = gd.positions();
    const l = landscape.value(x);
    if (!(l <= limit)) {
      diverged = new SgdynError('DIVERGED', `${where}: gradient descent with η = ${eta} diverged: L = ${l.toPrecision(6)} exceeds lossLimit = ${limit.toPrecision(6)} at step ${k} (ηλ_max/2 = ${((eta * (sharp.at(-1) as number)) / 2).toPrecision(6)} at the last record)`, { step: k, trajectory: 0 });
      break;
    }
    record(k, x, l);
  }
  const s = Float64Array.from(sharp);
  return { steps: Float64Array.from(stepsOut), loss: Float64Array.from(loss), sharpness: s, stability: s.map((v) => (eta * v) / 2), final: x, diverged };
}
