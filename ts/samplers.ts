/**
 * Options of the samplers run by `simulate` (crate/src/sampler): the integrators `'sgld'`,
 * `'sghmc'`, `'heavy-ball'` (and `'ula'`, an alias of Euler–Maruyama), parallel tempering
 * (`replicaExchange`) and projected Langevin (`constraint`). Validated here, naming the
 * parameter; the crate re-checks everything.
 */
import { core } from './runtime.js';
import * as raw from '../bindings/samplers.js';
import { Landscape } from './landscape.js';
import { squareMatrix } from './linalg.js';
import { finiteArray, integer, invalid, nonNegative, oneOf, positive } from './validate.js';

/**
 * The Gaussian error of a stochastic gradient, `∇̃U = ∇U + ζ`, `ζ ~ N(0, Σ_g)` afresh each step:
 * `{ variance: s }` for Σ_g = s·I, or `{ covariance }` (d×d, symmetric positive semidefinite).
 * For SGD, Σ_g is the minibatch covariance Σ/B (conventions.md).
 */
export type GradientNoiseSpec = { variance: number } | { covariance: ArrayLike<number> | ArrayLike<ArrayLike<number>> };

/** SGLD step sizes `Δtₖ = dt·(1 + k/t0)^(−decay)` at step k (Welling & Teh: decay ∈ (½, 1]). */
export interface StepScheduleSpec {
  /** t0 > 0 (steps). */
  t0: number;
  /** decay γ ∈ [0, 1]. */
  decay: number;
}

/** Parallel tempering: trajectory i runs at `temperatures[i mod R]`; neighbours swap every `swapEvery` steps. */
export interface ReplicaExchangeSpec {
  /** The ladder T₀ < T₁ < … (2 ≤ R ≤ 64, strictly increasing, T₀ > 0). Slot 0 samples exp(−U/T₀). */
  temperatures: ArrayLike<number>;
  /** Steps between swap rounds M (integer ≥ 1; default 10). */
  swapEvery?: number;
}

/**
 * Projected Langevin: after each Euler–Maruyama step the state is retracted onto a manifold;
 * the stationary law is ∝ exp(−U/T) with respect to its surface measure.
 * - `{ kind: 'sphere', radius?, centre? }`: ‖x − centre‖ = radius (default 1, the origin);
 * - `{ kind: 'level-set', g, tolerance?, maxIterations? }`: g(x) = 0 for a landscape g (e.g.
 *   `landscapes.fromExpression('x^2/4 + y^2 - 1', …)`), retracted by Newton along ∇g at the
 *   previous point to |g| ≤ tolerance (default 1e-10) within maxIterations (default 50).
 * Starts are projected onto the manifold.
 */
export type ConstraintSpec =
  | { kind: 'sphere'; radius?: number; centre?: ArrayLike<number> }
  | { kind: 'level-set'; g: Landscape; tolerance?: number; maxIterations?: number };

/** The sampler options of `SimulateOptions`. */
export interface SamplerOptions {
  /** `'sgld'`, `'sghmc'`, `'heavy-ball'`: the stochastic gradient's Gaussian error (default: exact gradients). */
  gradientNoise?: GradientNoiseSpec;
  /** `'sgld'`: decreasing step sizes (default: constant dt). */
  stepSchedule?: StepScheduleSpec;
  /** `'sghmc'`: per-coordinate estimate V̂ of the gradient-noise variance (default: the diagonal of Σ_g). */
  noiseEstimate?: number | ArrayLike<number>;
  /** `'heavy-ball'`: momentum β ∈ [0, 1) (default 0.9). */
  momentum?: number;
  /** `'heavy-ball'`: weight decay λ ≥ 0 (default 0). */
  weightDecay?: number;
  /** Parallel tempering on top of `'euler-maruyama'` / `'ula'` / `'mala'`; leave `temperature` out. */
  replicaExchange?: ReplicaExchangeSpec;
  /** Projected Langevin (`'euler-maruyama'` / `'ula'` only). */
  constraint?: ConstraintSpec;
}

/** The samplers that replace the scheme set by `ensembleSetScheme`. */
export const SAMPLER_INTEGRATORS = ['ula', 'sgld', 'sghmc', 'heavy-ball'] as const;

/** A validated sampler configuration. */
export interface ResolvedSampler {
  kind: 'none' | 'sgld' | 'sghmc' | 'heavy-ball';
  covariance: Float64Array;
  friction: number;
  t0: number;
  decay: number;
  estimate: Float64Array;
  momentum: number;
  weightDecay: number;
  ladder: Float64Array;
  swapEvery: number;
  constraint: { kind: 'sphere'; radius: number; centre: Float64Array } | { kind: 'level-set'; g: Landscape; tolerance: number; maxIterations: number } | null;
  /** Temperatures the ensemble must be created with, when the sampler fixes them. */
  temperature?: Float64Array;
}

function gradientNoise(where: string, spec: GradientNoiseSpec | undefined, d: number): Float64Array {
  if (spec === undefined) return new Float64Array();
  if (typeof spec !== 'object' || spec === null) throw invalid(where, 'gradientNoise', spec, 'it must be { variance } or { covariance }');
  if ('variance' in spec) {
    const s = nonNegative(where, 'gradientNoise.variance', spec.variance);
    const m = new Float64Array(d * d);
    for (let j = 0; j < d; j++) m[j * d + j] = s;
    return m;
  }
  if ('covariance' in spec) return squareMatrix(where, 'gradientNoise.covariance', spec.covariance, d).data;
  throw invalid(where, 'gradientNoise', spec, 'it must be { variance } or { covariance }');
}

const ONLY: Record<keyof SamplerOptions, readonly string[]> = {
  gradientNoise: ['sgld', 'sghmc', 'heavy-ball'],
  stepSchedule: ['sgld'],
  noiseEstimate: ['sghmc'],
  momentum: ['heavy-ball'],
  weightDecay: ['heavy-ball'],
  replicaExchange: ['euler-maruyama', 'ula', 'mala'],
  constraint: ['euler-maruyama', 'ula'],
};

/** Validates the sampler options of `simulate` for `integrator` in dimension d. */
export function resolveSampler(where: string, o: SamplerOptions & { temperature?: unknown; noise?: unknown; friction?: number }, integrator: string, d: number): ResolvedSampler {
  for (const key of Object.keys(ONLY) as (keyof SamplerOptions)[]) {
    if (o[key] !== undefined && !ONLY[key].includes(integrator)) {
      throw invalid(where, key, o[key], `it applies to integrator ${ONLY[key].map((s) => `'${s}'`).join(' / ')}, not '${integrator}'`);
    }
  }
  const kind = integrator === 'sgld' || integrator === 'sghmc' || integrator === 'heavy-ball' ? integrator : 'none';
  const covariance = gradientNoise(where, o.gradientNoise, d);
  const out: ResolvedSampler = {
    kind, covariance, friction: 0, t0: Infinity, decay: 0, estimate: new Float64Array(), momentum: 0, weightDecay: 0,
    ladder: new Float64Array(), swapEvery: 0, constraint: null,
  };
  if (o.stepSchedule !== undefined) {
    out.t0 = positive(where, 'stepSchedule.t0', o.stepSchedule?.t0);
    out.decay = nonNegative(where, 'stepSchedule.decay', o.stepSchedule?.decay);
    if (out.decay > 1) throw invalid(where, 'stepSchedule.decay', out.decay, 'it must be in [0, 1]');
  }
  if (integrator === 'ula' && o.noise !== undefined && (o.noise as { kind?: string }).kind !== 'temperature') {
    throw invalid(where, 'noise.kind', (o.noise as { kind?: string }).kind, "integrator 'ula' (unadjusted Langevin) uses temperature noise only");
  }
  if (kind === 'sghmc') {
    out.friction = nonNegative(where, 'friction', o.friction ?? 1);
    const e = o.noiseEstimate;
    out.estimate = e === undefined ? Float64Array.from({ length: d }, (_, j) => covariance.length ? covariance[j * d + j]! : 0)
      : typeof e === 'number' ? new Float64Array(d).fill(nonNegative(where, 'noiseEstimate', e))
        : finiteArray(where, 'noiseEstimate', e, [d], `one number or d = ${d} numbers`);
    out.estimate.forEach((v, j) => nonNegative(where, `noiseEstimate[${j}]`, v));
  }
  if (kind === 'heavy-ball') {
    out.momentum = nonNegative(where, 'momentum', o.momentum ?? 0.9);
    if (out.momentum >= 1) throw invalid(where, 'momentum', out.momentum, 'it must be a number in [0, 1)');
    out.weightDecay = nonNegative(where, 'weightDecay', o.weightDecay ?? 0);
    if (o.temperature !== undefined) throw invalid(where, 'temperature', o.temperature, "leave it out: integrator 'heavy-ball' has only the gradient noise (gradientNoise)");
    out.temperature = new Float64Array(d);
  }
  if (o.replicaExchange !== undefined) {
    const x = o.replicaExchange;
    const ladder = finiteArray(where, 'replicaExchange.temperatures', x?.temperatures, Array.from({ length: 63 }, (_, i) => i + 2), 'between 2 and 64 temperatures');
    if (!(ladder[0]! > 0)) throw invalid(where, 'replicaExchange.temperatures[0]', ladder[0], 'every temperature must be > 0');
    for (let i = 1; i < ladder.length; i++) {
      if (!(ladder[i]! > ladder[i - 1]!)) throw invalid(where, `replicaExchange.temperatures[${i}]`, ladder[i], `the ladder must be strictly increasing (temperatures[${i - 1}] = ${ladder[i - 1]})`);
    }
    out.ladder = ladder;
    out.swapEvery = integer(where, 'replicaExchange.swapEvery', x.swapEvery ?? 10, 1);
    if (o.temperature !== undefined) throw invalid(where, 'temperature', o.temperature, 'leave it out: replicaExchange.temperatures sets the temperatures');
    out.temperature = new Float64Array(d).fill(ladder[0]!);
  }
  if (o.constraint !== undefined) {
    const c = o.constraint;
    const ck = oneOf(where, 'constraint.kind', c?.kind, ['sphere', 'level-set'] as const);
    if (ck === 'sphere') {
      const s = c as { radius?: number; centre?: ArrayLike<number> };
      out.constraint = {
        kind: 'sphere', radius: positive(where, 'constraint.radius', s.radius ?? 1),
        centre: s.centre === undefined ? new Float64Array(d) : finiteArray(where, 'constraint.centre', s.centre, [d], `d = ${d} numbers`),
      };
    } else {
      const s = c as { g?: unknown; tolerance?: number; maxIterations?: number };
      if (!(s.g instanceof Landscape)) throw invalid(where, 'constraint.g', s.g, 'it must be a Landscape (its value is g(x))');
      if (s.g.dim !== d) throw invalid(where, 'constraint.g.dim', s.g.dim, `it must equal the landscape's dim ${d}`);
      out.constraint = {
        kind: 'level-set', g: s.g, tolerance: positive(where, 'constraint.tolerance', s.tolerance ?? 1e-10),
        maxIterations: integer(where, 'constraint.maxIterations', s.maxIterations ?? 50, 1),
      };
    }
  }
  return out;
}

/** Applies a resolved sampler to a freshly created ensemble handle (after its scheme is set). */
export function applySampler(handle: number, s: ResolvedSampler): void {
  const c = core();
  if (s.kind === 'sgld') raw.useSgld(c, handle, s.covariance, s.t0, s.decay);
  if (s.kind === 'sghmc') raw.useSghmc(c, handle, s.friction, s.covariance, s.estimate);
  if (s.kind === 'heavy-ball') raw.useHeavyBall(c, handle, s.momentum, s.weightDecay, s.covariance);
  if (s.ladder.length > 0) raw.setReplicaExchange(c, handle, s.ladder, s.swapEvery);
  if (s.constraint?.kind === 'sphere') raw.setSphere(c, handle, s.constraint.centre, s.constraint.radius);
  if (s.constraint?.kind === 'level-set') raw.setLevelSet(c, handle, s.constraint.g.rawHandle('simulate'), s.constraint.tolerance, s.constraint.maxIterations);
}

/** Swap statistics of replica exchange, per neighbour pair (r, r+1). */
export interface SwapAcceptance {
  proposed: Float64Array;
  accepted: Float64Array;
  /** accepted / proposed per pair (NaN before the first swap round). */
  rate: Float64Array;
}

/** @internal Reads an ensemble's swap counts. */
export function swapAcceptance(handle: number): SwapAcceptance {
  const counts = raw.swapCounts(core(), handle);
  if (counts.length === 0) throw invalid('ensemble.swapAcceptance', 'replicaExchange', undefined, 'this ensemble was created without replicaExchange');
  const k = counts.length / 2;
  const proposed = counts.slice(0, k), accepted = counts.slice(k);
  return { proposed, accepted, rate: accepted.map((a, i) => a / proposed[i]!) };
}
