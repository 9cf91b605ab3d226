/**
 * Ensembles of trajectories of overdamped Langevin dynamics
 * `dθ = −∇U(θ) dt + √(2T) dW` (conventions.md), advanced in WASM.
 */
import { core } from './runtime.js';
import { ensembleSetInterpretation } from '../bindings/noise.js';
import { Owned } from './disposable.js';
import { Landscape } from './landscape.js';
import { Objective, minibatchFactor } from './sgd/objective.js';
import { finite, finiteArray, integer, invalid, nonNegative, oneOf, positive, seed as seedOf } from './validate.js';
import { SAMPLER_INTEGRATORS, applySampler, resolveSampler, swapAcceptance, type ResolvedSampler, type SamplerOptions, type SwapAcceptance } from './samplers.js';

/**
 * Integrators available for `simulate`:
 * - `'euler-maruyama'`: overdamped Langevin, `θ ← θ − Δt∇U + √(2TΔt)ξ` (strong/weak order 1 for this additive noise);
 * - `'baoab'`: underdamped Langevin `dx = v dt, dv = −∇U dt − γv dt + √(2γT) dW` (Leimkuhler–Matthews;
 *   weak order 2 in configuration, exact configurational marginal for quadratic U); option `friction` γ;
 * - `'mala'`: Metropolis-adjusted Langevin, exact target ∝ exp(−U/T) at any Δt (scalar T > 0);
 * - `'milstein'`: strong order 1 for diagonal state-dependent noise (≡ EM for additive noise);
 * - `'heun'`: stochastic Heun, converges to the *Stratonovich* solution (strong order 1, commutative noise);
 * - `'sra1'`: Rößler's SRA1, strong order 1.5 for additive noise;
 * - `'tamed-euler'`: EM with the drift increment tamed to bΔt/(1 + Δt‖b‖) (Hutzenthaler–Jentzen–Kloeden):
 *   cannot blow up on superlinear drifts; EM's orders.
 * - `'rk-milstein'`: Platen's derivative-free Milstein (Kloeden–Platen §11.1): strong order 1 for diagonal
 *   noise without σ'; `Υ = X + bΔt + σ√Δt`, `X ← X + bΔt + σΔW + (σ(Υ) − σ(X))(ΔW² − Δt)/(2√Δt)`;
 * - `'exact-ou'`: the exact OU transition `x ← x̄ + e^{−HΔt}(x − x̄) + N(0, C(Δt))` for a quadratic landscape
 *   with temperature or correlated noise: exact in law at any Δt.
 * - `'ula'`: the unadjusted Langevin algorithm — the name samplers use for `'euler-maruyama'` on −∇U with temperature noise (same kernel);
 * - `'sgld'`: stochastic-gradient Langevin `θ ← θ − Δtₖ(∇U + ζ) + √(2TΔtₖ)ξ` (Welling & Teh 2011), options `gradientNoise`, `stepSchedule`;
 * - `'sghmc'`: stochastic-gradient HMC (Chen, Fox & Guestrin 2014), options `friction`, `gradientNoise`, `noiseEstimate`;
 * - `'heavy-ball'`: SGD momentum `v ← βv − η(∇U + ζ + λθ)`, `θ ← θ + v` with η = `dt`, options `momentum`, `weightDecay`, `gradientNoise`.
 * Parallel tempering (`replicaExchange`) and projected Langevin (`constraint`) are options (see ts/samplers.ts).
 * See the README's scheme table for orders per noise type.
 */
export const INTEGRATORS = ['euler-maruyama', 'baoab', 'mala', 'milstein', 'heun', 'sra1', 'tamed-euler', 'rk-milstein', 'exact-ou', ...SAMPLER_INTEGRATORS] as const;
export type Integrator = (typeof INTEGRATORS)[number];

/**
 * The noise σ(x) of `dX = −∇U dt + σ(X) dW` (Itô; diffusion matrix D = ½σσᵀ):
 * - `{ kind: 'temperature' }` (default): σ = √(2T) per coordinate, from `temperature`;
 * - `{ kind: 'correlated', diffusion }`: constant D (d×d, symmetric positive definite, checked by Cholesky), σ = √2·chol(D);
 * - `{ kind: 'linear', scale }`: σⱼ(x) = scale·xⱼ (geometric Brownian motion);
 * - `{ kind: 'sqrt-quadratic', d0 }`: σⱼ(x) = √(2D₀(1 + xⱼ²)) (seed 000's multiplicative-noise example);
 * - `{ kind: 'alpha-stable', alpha, scale }`: additive symmetric α-stable (Lévy) noise `scale·dLⱼ`, Lⱼ independent
 *   with `E e^{iuL_t} = e^{−t|u|^α}`, α ∈ (0, 2]; increments `scale·Δt^{1/α}·S` (Chambers–Mallows–Stuck).
 *   α = 2 is Brownian with temperature `scale²`. Integrators: `'euler-maruyama'`, `'tamed-euler'`;
 * - `{ kind: 'sgd', learningRate, batchSize, hessian | minimum }`: SGD's noise, `σσᵀ = η Σ(θ)` with
 *   `Σ(θ) = 2L(θ)H/B` (L = the landscape's value, clamped at 0), H given or the landscape's Hessian at
 *   the point `minimum` (symmetric positive semi-definite). Integrators: `'euler-maruyama'`, `'tamed-euler'`, `'heun'`.
 * - `{ kind: 'minibatch', learningRate, batchSize, sampler?, covariance? | at?, examples? }`: SGD's exact
 *   minibatch noise, the diffusion of its SDE surrogate (`sgd.surrogate`): `σσᵀ = κΣ(θ)`, σ = −√κ Σ^{1/2}
 *   (symmetric root), κ = η/B (`sampler` 'with-replacement', default) or η(N−B)/((N−1)B) ('without-replacement',
 *   'reshuffle'). Σ(θ) is recomputed at every step from the per-example gradients of the landscape (which must
 *   be an `Objective`; Itô only: 'euler-maruyama', 'tamed-euler'), or frozen: `covariance` Σ (d×d PSD; any
 *   landscape — N from `examples` when sampling without replacement) or `at` θ (Σ(θ) of the objective there).
 *   Frozen noise is additive: every integrator applies, including `'exact-ou'` on a quadratic.
 * With any kind but `'temperature'`, leave `temperature` out.
 */
export type NoiseSpec =
  | { kind: 'temperature' }
  | { kind: 'correlated'; diffusion: ArrayLike<number> | ArrayLike<ArrayLike<number>> }
  | { kind: 'linear'; scale: number }
  | { kind: 'sqrt-quadratic'; d0: number }
  | { kind: 'alpha-stable'; alpha: number; scale: number }
  | { kind: 'sgd'; learningRate: number; batchSize: number; hessian?: ArrayLike<number> | ArrayLike<ArrayLike<number>>; minimum?: ArrayLike<number> }
  | MinibatchNoiseSpec;

/** SGD's exact minibatch noise (see `NoiseSpec`). */
export interface MinibatchNoiseSpec {
  kind: 'minibatch';
  /** η > 0. */
  learningRate: number;
  /** B ≥ 1. */
  batchSize: number;
  /** Which SGD sampler the noise describes (default 'with-replacement'; 'full-batch' has no noise). */
  sampler?: 'with-replacement' | 'without-replacement' | 'reshuffle';
  /** A frozen Σ (d×d symmetric PSD, rows or flat). */
  covariance?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Freeze Σ at this θ (the landscape must be an `Objective`). */
  at?: ArrayLike<number>;
  /** N, for sampling without replacement on a landscape that is not an `Objective`. */
  examples?: number;
}

/**
 * How `∫σ(X) dW` is read: `'ito'` or `'stratonovich'`. Default: the scheme's own (Stratonovich for
 * `'heun'`, Itô for the others). The other reading is reached by the drift correction
 * `b ± ½c`, `cⱼ = Σₖₗ σₗₖ ∂ₗσⱼₖ` (closed forms for the built-in noise models); for additive noise
 * the two coincide.
 */
export type Interpretation = 'ito' | 'stratonovich';

/** A validated noise model in structured-cloneable form. */
export interface ResolvedNoise {
  kind: NoiseSpec['kind'] | 'sde';
  param: number;
  matrix: Float64Array;
}

/** A d×d matrix given as rows or flat, validated. */
function squareMatrix(where: string, name: string, m: ArrayLike<number> | ArrayLike<ArrayLike<number>> | undefined, d: number): Float64Array {
  const flat = m && typeof m[0] === 'object' ? Array.from(m as ArrayLike<ArrayLike<number>>, (r) => Array.from(r)).flat() : m;
  return finiteArray(where, name, flat, [d * d], `d×d = ${d * d} numbers (rows or flat)`);
}

function resolveNoise(where: string, spec: NoiseSpec | undefined, landscape: Landscape): ResolvedNoise {
  const d = landscape.dim;
  if (landscape.kind === 'sde') {
    if (spec !== undefined) throw invalid(where, 'noise', spec.kind, 'leave it out: an sde() landscape brings its own diffusion');
    return { kind: 'sde', param: 0, matrix: new Float64Array() };
  }
  const kind = oneOf(where, 'noise.kind', spec?.kind ?? 'temperature', ['temperature', 'correlated', 'linear', 'sqrt-quadratic', 'alpha-stable', 'sgd', 'minibatch'] as const);
  const none = new Float64Array();
  switch (kind) {
    case 'temperature':
      return { kind, param: 0, matrix: none };
    case 'correlated':
      return { kind, param: 0, matrix: squareMatrix(where, 'noise.diffusion', (spec as { diffusion?: ArrayLike<number> }).diffusion, d) };
    case 'alpha-stable': {
      const o = spec as { alpha?: number; scale?: number };
      const alpha = positive(where, 'noise.alpha', o.alpha);
      if (alpha > 2) throw invalid(where, 'noise.alpha', alpha, 'the stability index must be in (0, 2]');
      return { kind, param: alpha, matrix: Float64Array.of(nonNegative(where, 'noise.scale', o.scale)) };
    }
    case 'sgd': {
      const o = spec as { learningRate?: number; batchSize?: number; hessian?: ArrayLike<number>; minimum?: ArrayLike<number> };
      const eta = positive(where, 'noise.learningRate', o.learningRate);
      const batch = positive(where, 'noise.batchSize', o.batchSize);
      if ((o.hessian === undefined) === (o.minimum === undefined)) {
        throw invalid(where, 'noise', 'hessian and minimum', 'give exactly one of noise.hessian (H) or noise.minimum (H = ∇²U there)');
      }
      const h = o.hessian !== undefined ? squareMatrix(where, 'noise.hessian', o.hessian, d)
        : landscape.hessian(finiteArray(where, 'noise.minimum', o.minimum, [d], `d = ${d}`));
      return { kind, param: eta / batch, matrix: h };
    }
    case 'minibatch':
      return resolveMinibatchNoise(where, spec as MinibatchNoiseSpec, landscape);
    case 'linear':
      return { kind, param: finite(where, 'noise.scale', (spec as { scale?: number }).scale), matrix: none };
    case 'sqrt-quadratic':
      return { kind, param: positive(where, 'noise.d0', (spec as { d0?: number }).d0), matrix: none };
  }
}

/** `{ kind: 'minibatch' }` → κ = η·f (f from the sampler) and the frozen Σ (empty: recompute Σ(θ)). */
function resolveMinibatchNoise(where: string, o: MinibatchNoiseSpec, landscape: Landscape): ResolvedNoise {
  const d = landscape.dim;
  const eta = positive(where, 'noise.learningRate', o.learningRate);
  const batch = integer(where, 'noise.batchSize', o.batchSize, 1);
  const sampler = oneOf(where, 'noise.sampler', o.sampler ?? 'with-replacement', ['with-replacement', 'without-replacement', 'reshuffle'] as const);
  const objective = landscape instanceof Objective ? landscape : undefined;
  const examples = objective?.examples ?? (o.examples === undefined ? undefined : integer(where, 'noise.examples', o.examples, 1));
  if (sampler !== 'with-replacement' && examples === undefined) {
    throw invalid(where, 'noise.examples', o.examples, `give N (the data set size) for sampler '${sampler}' on a landscape that is not an Objective`);
  }
  const factor = minibatchFactor(where, sampler, examples ?? batch, batch);
  if (!(factor > 0)) throw invalid(where, 'noise.batchSize', batch, `with sampler '${sampler}' and N = ${examples} the minibatch noise vanishes (B = N): use full-batch gradient descent (temperature 0)`);
  if (o.covariance !== undefined && o.at !== undefined) throw invalid(where, 'noise', 'covariance and at', 'give at most one of noise.covariance (a frozen Σ) or noise.at (Σ frozen at θ)');
  let matrix: Float64Array = new Float64Array();
  if (o.covariance !== undefined) matrix = squareMatrix(where, 'noise.covariance', o.covariance, d);
  else if (o.at !== undefined) {
    if (!objective) throw invalid(where, 'noise.at', o.at, 'Σ(θ) comes from per-example gradients: the landscape must be an Objective (or give noise.covariance)');
    matrix = objective.noiseCovariance(finiteArray(where, 'noise.at', o.at, [d], `d = ${d}`)).sigma;
  } else if (!objective) {
    throw invalid(where, 'noise.covariance', undefined, 'recomputing Σ(θ) along the path needs per-example gradients: use an Objective as the landscape, or freeze Σ with noise.covariance');
  }
  return { kind: 'minibatch', param: eta * factor, matrix };
}

/** Options of `simulate` (the sampler options are described in ts/samplers.ts). */
export interface SimulateOptions extends SamplerOptions {
  /** The landscape U (its `dim` is the ensemble's d). */
  landscape: Landscape;
  /** Temperature T ≥ 0: one number, or one per coordinate (anisotropic, length d). Omit it when `noise` is not temperature noise. */
  temperature?: number | ArrayLike<number>;
  /** The noise model (default: temperature noise). */
  noise?: NoiseSpec;
  /** Itô or Stratonovich reading of the noise (default: the integrator's own; see `Interpretation`). */
  interpretation?: Interpretation;
  /**
   * Build each step's Brownian increment from this many fine substeps (default 1): a run at Δt
   * with `brownianRefinement: r` follows exactly the Brownian path of a run at Δt/r — for
   * convergence studies on a shared path. Not for `'baoab'` / `'mala'`.
   */
  brownianRefinement?: number;
  /** Time step Δt > 0. */
  dt: number;
  /** Steps to run before returning (integer ≥ 0; default 0). */
  steps?: number;
  /** Number of trajectories n (integer ≥ 1). */
  nTrajectories: number;
  /** Start: a number (every coordinate), d numbers (every trajectory), or n·d numbers (row-major). */
  x0: number | ArrayLike<number>;
  /** Seed of the random streams (integer ≥ 0 or bigint < 2⁶⁴). */
  seed: number | bigint;
  /** Integration scheme (default `'euler-maruyama'`; see `INTEGRATORS`). */
  integrator?: Integrator;
  /** Friction γ ≥ 0 of `'baoab'` (default 1); velocities start Maxwell–Boltzmann N(0, Tⱼ). */
  friction?: number;
  /**
   * Global index of this ensemble's first trajectory (default 0). Trajectory i uses random
   * stream `offset + i`, so ensembles covering `[0, a)` and `[a, n)` reproduce one of size n.
   */
  trajectoryOffset?: number;
}

/** The resolved, validated form of `SimulateOptions`. */
interface EnsembleSpec {
  landscape: Landscape;
  n: number;
  d: number;
  dt: number;
  temperature: Float64Array;
  x0: Float64Array;
  seed: bigint;
  offset: number;
  integrator: Integrator;
  friction: number;
  noise: ResolvedNoise;
  refine: number;
  interpretation: Interpretation | 'native';
  /** Absent: the scheme alone (pool workers without sampler options). */
  sampler?: ResolvedSampler;
}

function isSampler(i: Integrator): i is (typeof SAMPLER_INTEGRATORS)[number] {
  return (SAMPLER_INTEGRATORS as readonly string[]).includes(i);
}

/** Validates and resolves simulate-style options (shared by `simulate` and `firstPassage`). */
export function resolveEnsembleSpec(where: string, o: SimulateOptions): EnsembleSpec {
  if (!(o?.landscape instanceof Landscape)) throw invalid(where, 'landscape', o?.landscape, 'it must be a Landscape from `landscapes.*`');
  const landscape = o.landscape;
  const d = landscape.dim;
  const n = integer(where, 'nTrajectories', o.nTrajectories, 1);
  const dt = positive(where, 'dt', o.dt);
  const noise = resolveNoise(where, o.noise, landscape);
  if (noise.kind !== 'temperature' && o.temperature !== undefined) {
    throw invalid(where, 'temperature', o.temperature, `leave it out: noise.kind = '${noise.kind}' sets the noise`);
  }
  const integrator = oneOf(where, 'integrator', o.integrator ?? 'euler-maruyama', INTEGRATORS);
  const sampler = resolveSampler(where, o, integrator, d);
  const temperature = sampler.temperature ?? (noise.kind !== 'temperature' ? new Float64Array(d)
    : typeof o.temperature === 'number'
      ? new Float64Array(d).fill(nonNegative(where, 'temperature', o.temperature))
      : finiteArray(where, 'temperature', o.temperature, [d], `one number or d = ${d} numbers`));
  temperature.forEach((t, j) => nonNegative(where, `temperature[${j}]`, t));
  const x0 = typeof o.x0 === 'number'
    ? new Float64Array(d).fill(finite(where, 'x0', o.x0))
    : finiteArray(where, 'x0', o.x0, [d, n * d], `d = ${d} (one start for all) or nTrajectories·d = ${n * d}`);
  return {
    landscape, n, d, dt, temperature, x0,
    seed: seedOf(where, o.seed),
    offset: integer(where, 'trajectoryOffset', o.trajectoryOffset ?? 0, 0),
    integrator,
    friction: nonNegative(where, 'friction', o.friction ?? 1),
    noise,
    refine: integer(where, 'brownianRefinement', o.brownianRefinement ?? 1, 1),
    interpretation: o.interpretation === undefined ? 'native' : oneOf(where, 'interpretation', o.interpretation, ['ito', 'stratonovich'] as const),
    sampler,
  };
}

/**
 * Steps per WASM call for an ensemble of `elements = n·d` coordinates: about 2²² element-steps
 * (a few ms). Bounded calls let V8 swap its baseline (Liftoff) code for optimised (TurboFan)
 * code after the first call — a single long call would run unoptimised to the end, about 2×
 * slower — and are the granularity of progress reports and cancellation. Chunking never
 * changes results (tested).
 */
export function stepsPerCall(elements: number): number {
  return Math.max(1, Math.floor(2 ** 22 / elements));
}

/** An ensemble of n trajectories in ℝᵈ living in WASM memory. */
export class Ensemble extends Owned {
  readonly nTrajectories: number;
  readonly dim: number;
  readonly dt: number;
  readonly integrator: Integrator;

  /** @internal use `simulate()`. */
  constructor(spec: EnsembleSpec) {
    const handle = core().ensembleCreate({
      landscape: spec.landscape.rawHandle('simulate'), n: spec.n, offset: spec.offset, seed: spec.seed,
      dt: spec.dt, temperature: spec.temperature, x0: spec.x0,
    });
    super(handle, 'ensemble');
    try {
      if (spec.noise.kind !== 'temperature') core().ensembleSetNoise(handle, spec.noise.kind, spec.noise.param, spec.noise.matrix);
      if (spec.refine !== 1) core().ensembleSetRefinement(handle, spec.refine);
      if (spec.integrator !== 'euler-maruyama' && !isSampler(spec.integrator)) core().ensembleSetScheme(handle, spec.integrator, spec.friction);
      if (spec.interpretation !== 'native') ensembleSetInterpretation(core(), handle, spec.interpretation, 'simulate');
      if (spec.sampler) applySampler(handle, spec.sampler);
    } catch (e) {
      this.dispose();
      throw e;
    }
    this.nTrajectories = spec.n;
    this.dim = spec.d;
    this.dt = spec.dt;
    this.integrator = spec.integrator;
  }

  /** @internal */
  rawHandle(method: string): number {
    return this.handle(method);
  }

  /**
   * Advances every trajectory by `k` steps. Throws `DIVERGED` (with `trajectory` and
   * `step`) if a trajectory becomes non-finite; the ensemble then refuses further steps.
   */
  step(k: number): this {
    const steps = integer('ensemble.step', 'k', k, 0);
    const handle = this.handle('step');
    const chunk = stepsPerCall(this.nTrajectories * this.dim);
    for (let done = 0; done < steps; done += chunk) {
      core().ensembleStep(handle, Math.min(chunk, steps - done), 'ensemble.step');
    }
    return this;
  }

  /** Steps taken so far. */
  get stepsDone(): number {
    return core().ensembleStepsDone(this.handle('stepsDone'));
  }

  /** Time elapsed, `stepsDone · dt`. */
  get time(): number {
    return this.stepsDone * this.dt;
  }

  /** A copy of the positions, row-major n × d. */
  positions(): Float64Array {
    return core().ensemblePositions(this.handle('positions'), this.nTrajectories * this.dim);
  }

  /** Replica exchange: swaps proposed and accepted per neighbour pair (r, r+1), summed over groups. */
  swapAcceptance(): SwapAcceptance {
    return swapAcceptance(this.handle('swapAcceptance'));
  }

  /** A copy of the velocities (n × d) of a `'baoab'`, `'sghmc'` or `'heavy-ball'` ensemble (heavy ball: the buffer v). */
  velocities(): Float64Array {
    return core().ensembleVelocities(this.handle('velocities'), this.nTrajectories * this.dim);
  }

  /** Fraction of accepted MALA proposals, over all trajectories so far (`'mala'` only). */
  acceptanceRate(): number {
    const counts = core().ensembleMalaCounts(this.handle('acceptanceRate'), this.nTrajectories);
    let accepted = 0, proposed = 0;
    for (let i = 0; i < this.nTrajectories; i++) {
      accepted += counts[i] as number;
      proposed += counts[this.nTrajectories + i] as number;
    }
    return proposed > 0 ? accepted / proposed : 0;
  }
}

/**
 * Creates an ensemble and runs `steps` steps of the chosen integrator.
 *
 * Euler–Maruyama: `θₖ₊₁ = θₖ − Δt ∇U(θₖ) + √(2TΔt) ξₖ` (strong and weak order 1 for this
 * additive noise). Same seed ⇒ identical bits, however the trajectories are split.
 */
export function simulate(options: SimulateOptions): Ensemble {
  for (const key of ['workers', 'pool', 'signal'] as const) {
    if (options && key in options) {
      throw invalid('simulate', key, (options as unknown as Record<string, unknown>)[key], 'simulate runs on the calling thread; use simulateStream or simulatePooled for pooled, cancellable runs');
    }
  }
  const spec = resolveEnsembleSpec('simulate', options);
  const steps = integer('simulate', 'steps', options.steps ?? 0, 0);
  const ensemble = new Ensemble(spec);
  try {
    if (steps > 0) ensemble.step(steps);
  } catch (e) {
    ensemble.dispose();
    throw e;
  }
  return ensemble;
}
