/**
 * Convergence studies on a shared Brownian path. Every level runs the same trajectories with
 * `brownianRefinement`, so its increments are sums of the same fine normals (the runs at
 * Δt = T/2^ℓ all follow the path of the finest level). The strong error at time T is
 * `E|X_ℓ(T) − X_ref(T)|`, the reference being the exact solution on that path (when given,
 * as a function of the Brownian endpoint W_T) or the same scheme at the finest level.
 * The weak error `|E f(X_ℓ(T)) − E f(X_ref(T))|` is estimated from the paired differences on
 * the same paths. The order is the least-squares slope of log error against log Δt.
 */
import { simulate, type Integrator, type NoiseSpec } from '../ensemble.js';
import { Landscape } from '../landscape.js';
import { rng } from '../rng.js';
import { integer, invalid, positive, seed as seedOf } from '../validate.js';

export interface ConvergenceOptions {
  landscape: Landscape;
  integrator: Integrator;
  noise?: NoiseSpec;
  temperature?: number | ArrayLike<number>;
  x0: number | ArrayLike<number>;
  nTrajectories: number;
  seed: number | bigint;
  /** Final time T. */
  time: number;
  /** Levels ℓ (Δt = T/2^ℓ) whose errors are measured, each < `fineLevel`. */
  levels: number[];
  /** The shared path has 2^fineLevel steps. */
  fineLevel: number;
  /** Exact X(T) per trajectory from its Brownian endpoint W_T (1-D ensembles); default: the finest level. */
  exact?: (endpoints: Float64Array) => Float64Array;
}

export interface ConvergenceResult {
  dt: number[];
  errors: number[];
  /** Least-squares slope of log error vs log Δt. */
  order: number;
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(x: number[], y: number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0, sxx = 0;
  lx.forEach((v, i) => { sxy += (v - mx) * ((ly[i] as number) - my); sxx += (v - mx) ** 2; });
  return sxy / sxx;
}

/**
 * W_T of each trajectory of a 1-D run with `steps` fine steps of length h and no area
 * increments: `√h Σ ξ` over the first `steps` normals of its stream (the draws of every scheme
 * that uses one normal per coordinate and fine step).
 */
export function brownianEndpoints(o: { seed: number | bigint; nTrajectories: number; steps: number; dt: number; trajectoryOffset?: number }): Float64Array {
  const where = 'brownianEndpoints';
  const n = integer(where, 'nTrajectories', o.nTrajectories, 1);
  const steps = integer(where, 'steps', o.steps, 1);
  const sqrtH = Math.sqrt(positive(where, 'dt', o.dt));
  const offset = integer(where, 'trajectoryOffset', o.trajectoryOffset ?? 0, 0);
  const seed = seedOf(where, o.seed);
  return Float64Array.from({ length: n }, (_, i) => sqrtH * rng.normals({ seed, stream: offset + i, count: steps }).reduce((a, v) => a + v, 0));
}

/** The final positions of every level and of the reference, all on one shared Brownian path per trajectory. */
function sharedPathRuns(where: string, o: ConvergenceOptions): { dt: number[]; levels: Float64Array[]; reference: Float64Array } {
  const T = positive(where, 'time', o.time);
  const fine = integer(where, 'fineLevel', o.fineLevel, 1);
  if (!Array.isArray(o.levels) || o.levels.length < 2) throw invalid(where, 'levels', o.levels, 'it must list at least two levels');
  o.levels.forEach((l, i) => {
    if (integer(where, `levels[${i}]`, l, 0) >= fine) throw invalid(where, `levels[${i}]`, l, `each level must be < fineLevel = ${fine}`);
  });
  if (o.exact && o.landscape.dim !== 1) throw invalid(where, 'exact', 'function', 'an exact solution from W_T needs a 1-D landscape');
  const run = (level: number): Float64Array => {
    const steps = 2 ** level;
    using e = simulate({
      landscape: o.landscape, integrator: o.integrator, ...(o.noise ? { noise: o.noise } : {}),
      ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
      dt: T / steps, steps, brownianRefinement: 2 ** (fine - level), nTrajectories: o.nTrajectories, x0: o.x0, seed: o.seed,
    });
    return e.positions();
  };
  const reference = o.exact
    ? o.exact(brownianEndpoints({ seed: o.seed, nTrajectories: o.nTrajectories, steps: 2 ** fine, dt: T / 2 ** fine }))
    : run(fine);
  return { dt: o.levels.map((l) => T / 2 ** l), levels: o.levels.map(run), reference };
}

/** Strong errors and the fitted order (see module doc). */
export function strongConvergence(o: ConvergenceOptions): ConvergenceResult {
  const { dt, levels, reference } = sharedPathRuns('strongConvergence', o);
  const errors = levels.map((x) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.abs((x[i] as number) - (reference[i] as number));
    return s / o.nTrajectories;
  });
  return { dt, errors, order: logLogSlope(dt, errors) };
}

/** Options of `weakConvergence`: those of `strongConvergence` and the observable. */
export interface WeakConvergenceOptions extends ConvergenceOptions {
  /** The observable f of the weak error `|E f(X_Δt(T)) − E f(X(T))|` (1-D value per coordinate vector; default x₁). */
  observable?: (x: Float64Array) => number;
}

/** Weak errors, their standard errors and the fitted order. */
export interface WeakConvergenceResult extends ConvergenceResult {
  /** Standard error of each error estimate: the sample sd of f(X_Δt) − f(X_ref) over √n. */
  standardErrors: number[];
}

/**
 * Weak errors `|E f(X_Δt(T)) − E f(X_ref(T))|` on the shared path (see module doc), estimated by
 * the mean of the paired differences `f(X_Δt) − f(X_ref)` of each trajectory: with the exact
 * solution as reference this is unbiased for the weak error, and pairing makes its standard
 * error of the order of the *strong* error over √n instead of sd f/√n (common random numbers;
 * Kloeden & Platen, Numerical Solution of SDEs, §9.4). With the finest level as reference it
 * measures the weak error less that of the finest level. The order is fitted over all levels;
 * levels whose error is not several standard errors above zero make it meaningless.
 */
export function weakConvergence(o: WeakConvergenceOptions): WeakConvergenceResult {
  const where = 'weakConvergence';
  if (o.observable !== undefined && typeof o.observable !== 'function') throw invalid(where, 'observable', o.observable, 'it must be a function (x: Float64Array) => number');
  const { dt, levels, reference } = sharedPathRuns(where, o);
  const d = o.landscape.dim, n = o.nTrajectories;
  const f = o.observable ?? ((x: Float64Array) => x[0] as number);
  const fRef = Float64Array.from({ length: n }, (_, i) => f(reference.subarray(i * d, (i + 1) * d)));
  const errors: number[] = [], standardErrors: number[] = [];
  for (const x of levels) {
    let s = 0, ss = 0;
    for (let i = 0; i < n; i++) {
      const v = f(x.subarray(i * d, (i + 1) * d)) - (fRef[i] as number);
      s += v;
      ss += v * v;
    }
    const mean = s / n;
    errors.push(Math.abs(mean));
    standardErrors.push(Math.sqrt(Math.max(0, ss / n - mean * mean) / Math.max(1, n - 1)));
  }
  return { dt, errors, standardErrors, order: logLogSlope(dt, errors) };
}
