/**
 * The SDE surrogate of SGD (public `sgd.surrogate`, `sgd.surrogateNoise`), conventions.md
 * "SGD → SDE":
 *
 * `dθ = −∇L(θ) dt + √(ηf) Σ(θ)^{1/2} dW`,  f = 1/B (with replacement) or (N−B)/((N−1)B)
 * (without replacement / reshuffling; seed 001 (4.8), seed 004 L196),
 *
 * integrated with the ensemble integrators at Δt = η by default, so step k is SGD step k and
 * time t = kη. Forms of the diffusion (`noise`):
 * - `'exact'` (default): Σ(θ) recomputed at every step from the per-example gradients (the
 *   covariance of one per-example gradient, `Objective.noiseCovariance`), symmetric square root
 *   (crate/src/noise/minibatch.rs). Itô; integrators `'euler-maruyama'` (default), `'tamed-euler'`.
 * - `'frozen'`: Σ fixed at `at` (Σ(θ) of the objective there) or given as `covariance`; additive
 *   noise, so every integrator applies (`'exact-ou'` on a quadratic landscape).
 * - `'thesis'`: the thesis's approximation Σ ≈ 2L(θ)H(θ*) (seed 001, (4.5)/(4.21); the minibatch
 *   form 2L H/B), H the Hessian at `minimum`, L clamped at 0 (`noise.kind = 'sgd'`).
 *
 * **Random streams.** Surrogate trajectory i draws from stream `(seed, trajectoryOffset + i)`,
 * the stream of SGD replica i of `sgd.run({ seed, replicaOffset: trajectoryOffset })`. What is
 * shared is the stream, not the draws: SGD takes B example indices per step from it (Lemire
 * integers; Fisher–Yates without replacement), the surrogate takes d normals per step
 * (ziggurat). On data the two consume the stream differently, so sharing a seed couples
 * nothing beyond reproducibility. With SGD's Gaussian oracle (`sgd.gaussianQuadratic`, which
 * draws d normals z per step) and the surrogate on the same quadratic with the same Σ frozen,
 * Euler–Maruyama and Δt = η, the surrogate draws the same z and its step
 * `θ − η∇L − η(Σ/B)^{1/2}z` is the oracle's step: the two runs follow one path (equal up to
 * rounding; tested). That is the sense in which the surrogate *is* SGD with Gaussian noise.
 */
import { simulate, type Ensemble, type Integrator, type NoiseSpec } from '../ensemble.js';
import { Landscape } from '../landscape.js';
import { finiteArray, integer, invalid, oneOf, positive } from '../validate.js';
import { Objective, minibatchFactor } from './objective.js';

/** Which diffusion the surrogate uses (see the module comment). */
export type SurrogateNoise = 'exact' | 'frozen' | 'thesis';

/** The minibatch samplers a surrogate can describe ('full-batch' has no noise). */
export type NoisySampler = 'with-replacement' | 'without-replacement' | 'reshuffle';

/** What defines the surrogate's drift and diffusion. */
export interface SurrogateNoiseOptions {
  /** The loss L: an `Objective` (required for `'exact'`, for `'frozen'` with `at`, and for `'thesis'`), or any landscape with `covariance`. */
  objective: Landscape;
  /** η > 0. */
  learningRate: number;
  /** B ≥ 1. */
  batchSize: number;
  /** The SGD sampler described (default 'with-replacement'); sets f. */
  sampler?: NoisySampler;
  /** Default `'exact'`. */
  noise?: SurrogateNoise;
  /** `'frozen'`: freeze Σ at this θ. */
  at?: ArrayLike<number>;
  /** `'frozen'`: this Σ (p × p, rows or flat). */
  covariance?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** `'thesis'`: θ*, where H is taken. */
  minimum?: ArrayLike<number>;
}

/** Options of `sgd.surrogate`. */
export interface SurrogateOptions extends SurrogateNoiseOptions {
  /** Trajectories n (≥ 1). */
  nTrajectories: number;
  /** Start: p numbers (all) or n·p (row-major). */
  x0: ArrayLike<number>;
  /** Seed of the streams (shared with an SGD run of the same seed; see the module comment). */
  seed: number | bigint;
  /** Global index of the first trajectory (default 0); pairs with SGD's `replicaOffset`. */
  trajectoryOffset?: number;
  /** Default 'euler-maruyama'. */
  integrator?: Integrator;
  /** Δt (default η). Δt = η/r with integer r makes step k·r match SGD step k. */
  dt?: number;
  /** Steps to run at once (default 0). */
  steps?: number;
}

/** The `NoiseSpec` of a surrogate, for `simulate`, `simulateStream` and `simulatePooled` with `landscape: objective`. */
export function surrogateNoise(o: SurrogateNoiseOptions, where = 'sgd.surrogateNoise'): NoiseSpec {
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object');
  if (!(o.objective instanceof Landscape)) throw invalid(where, 'objective', o.objective, 'it must be an Objective (sgd.linearRegression, sgd.thesisModel, …) or a Landscape with covariance');
  const learningRate = positive(where, 'learningRate', o.learningRate);
  const batchSize = integer(where, 'batchSize', o.batchSize, 1);
  const sampler = oneOf(where, 'sampler', o.sampler ?? 'with-replacement', ['with-replacement', 'without-replacement', 'reshuffle'] as const);
  const noise = oneOf(where, 'noise', o.noise ?? 'exact', ['exact', 'frozen', 'thesis'] as const);
  const unused = (name: 'at' | 'covariance' | 'minimum', allowed: string) => {
    if (o[name] !== undefined) throw invalid(where, name, o[name], `leave it out with noise = '${noise}' (${allowed})`);
  };
  const objective = o.objective instanceof Objective ? o.objective : undefined;
  if (noise === 'exact') {
    unused('at', "it freezes Σ: use noise = 'frozen'");
    unused('covariance', "it freezes Σ: use noise = 'frozen'");
    unused('minimum', "it belongs to noise = 'thesis'");
    if (!objective) throw invalid(where, 'objective', o.objective, "noise = 'exact' recomputes Σ(θ) from per-example gradients: it must be an Objective");
    return { kind: 'minibatch', learningRate, batchSize, sampler };
  }
  if (noise === 'frozen') {
    unused('minimum', "it belongs to noise = 'thesis'");
    if ((o.at === undefined) === (o.covariance === undefined)) throw invalid(where, 'at', o.at, "noise = 'frozen' needs exactly one of at (θ where Σ is taken) or covariance (Σ)");
    const spec: NoiseSpec = { kind: 'minibatch', learningRate, batchSize, sampler };
    if (o.at !== undefined) spec.at = o.at;
    if (o.covariance !== undefined) spec.covariance = o.covariance;
    if (sampler !== 'with-replacement' && !objective) throw invalid(where, 'sampler', sampler, 'sampling without replacement needs N: use an Objective');
    return spec;
  }
  unused('at', "the thesis form uses L(θ) and H(θ*)");
  unused('covariance', "the thesis form uses L(θ) and H(θ*)");
  if (!objective) throw invalid(where, 'objective', o.objective, "noise = 'thesis' needs L(θ) of a data loss: it must be an Objective");
  const minimum = finiteArray(where, 'minimum', o.minimum, [objective.dim], `θ* (p = ${objective.dim} numbers)`);
  // Σ_B = 2L H f (f = 1/B, or the without-replacement factor: an effective batch size 1/f).
  const f = minibatchFactor(where, sampler, objective.examples, batchSize);
  if (!(f > 0)) throw invalid(where, 'batchSize', batchSize, `with sampler '${sampler}' and N = ${objective.examples} the minibatch noise vanishes`);
  return { kind: 'sgd', learningRate, batchSize: sampler === 'with-replacement' ? batchSize : 1 / f, minimum };
}

/**
 * Creates the SDE surrogate of SGD as an ensemble of n trajectories (see the module comment)
 * and runs `steps` steps. `ensemble.time` is t; with the default Δt = η, step k ↔ SGD step k.
 */
export function surrogate(o: SurrogateOptions): Ensemble {
  const where = 'sgd.surrogate';
  const noise = surrogateNoise(o, where);
  const dt = o.dt === undefined ? o.learningRate : positive(where, 'dt', o.dt);
  const integrator = o.integrator ?? 'euler-maruyama';
  if (noise.kind === 'minibatch' && noise.covariance === undefined && noise.at === undefined && !['euler-maruyama', 'tamed-euler'].includes(integrator)) {
    throw invalid(where, 'integrator', integrator, "with noise = 'exact' (Σ(θ) recomputed: multiplicative, non-commutative, no closed-form Itô–Stratonovich correction) use 'euler-maruyama' or 'tamed-euler'");
  }
  return simulate({
    landscape: o.objective, noise, interpretation: 'ito', dt, steps: o.steps ?? 0,
    nTrajectories: o.nTrajectories, x0: o.x0, seed: o.seed, trajectoryOffset: o.trajectoryOffset ?? 0,
    integrator,
  });
}
