/**
 * Convergence studies on a shared Brownian path. Every level runs the same trajectories with
 * `brownianRefinement`, so its increments are sums of the same fine normals (the runs at
 * Δt = T/2^ℓ all follow the path of the finest level). The strong error at time T is
 * `E|X_ℓ(T) − X_ref(T)|`, the reference being the exact solution on that path (when given,
 * as a function of the Brownian endpoint W_T) or the same scheme at the finest level.
 * The order is the least-squares slope of log error against log Δt.
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

/** Strong errors and the fitted order (see module doc). */
export function strongConvergence(o: ConvergenceOptions): ConvergenceResult {
  const where = 'strongConvergence';
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
  const dt = o.levels.map((l) => T / 2 ** l);
  const errors = o.levels.map((l) => {
    const x = run(l);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += Math.abs((x[i] as number) - (reference[i] as number));
    return s / o.nTrajectories;
  });
  return { dt, errors, order: logLogSlope(dt, errors) };
}
