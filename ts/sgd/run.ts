/**
 * The SGD engine (public `sgd.run`, `sgd.gaussianQuadratic`): n independent replicas of
 * (momentum) SGD advanced in WASM (crate/src/sgd/run.rs), each with its own random stream
 * `(seed, replicaOffset + r)` — so results are bit-identical however the steps are chunked
 * and however replicas are split across runs (`replicaOffset`).
 *
 * Update (conventions.md), g the minibatch gradient, ηₖ the schedule, β momentum, λ weight decay:
 * - `'canonical'` (default): `vₖ₊₁ = βvₖ − ηₖ(g + λθₖ)`, `θₖ₊₁ = θₖ + vₖ₊₁`;
 * - `'buffer'` (PyTorch `SGD(momentum=β, weight_decay=λ)`): `bₖ₊₁ = βbₖ + g + λθₖ`,
 *   `θₖ₊₁ = θₖ − ηₖbₖ₊₁`;
 * - `'paper'`: `vₖ₊₁ = βvₖ − g − λθₖ`, `θₖ₊₁ = θₖ + ηₖvₖ₊₁` (the issue's form). It *is* the
 *   buffer form with v = −b: the same kernel runs, the θ path is bit-identical and
 *   `velocities()` returns −b.
 * With a constant learning rate all three give the same θ path (canonical v = −ηb, equal up
 * to rounding); under a schedule the canonical form differs from the other two at O(Δη).
 */
import * as raw from '../../bindings/sgd.js';
import { Owned } from '../disposable.js';
import { squareMatrix, symmetricMatrix } from '../linalg.js';
import { core } from '../runtime.js';
import { finite, finiteArray, integer, invalid, nonNegative, oneOf, positive, seed as seedOf } from '../validate.js';
import type { Objective, Sampler } from './objective.js';

/** Learning-rate schedule `ηₖ = learningRate · warm-up(k) · decay(k)`, k = 0, 1, … */
export type Schedule =
  | 'constant'
  | { kind: 'constant'; warmup?: number }
  /** `γ^⌊k/every⌋`. */
  | { kind: 'step'; every: number; factor: number; warmup?: number }
  /** `γᵏ`. */
  | { kind: 'exponential'; factor: number; warmup?: number }
  /** `η_min + (η − η_min)(1 + cos(π min(k, T)/T))/2` over T = `total` steps, η_min = `floor` (default 0). */
  | { kind: 'cosine'; total: number; floor?: number; warmup?: number }
  /** `1/√(1 + k/scale)`. */
  | { kind: 'inverse-sqrt'; scale: number; warmup?: number };

/** What a run records per replica (columns in this order). */
export interface ObservableOptions {
  /** Record L(θ) (a pass over the data per replica and frame; default false). */
  loss?: boolean;
  /** θ_ref for `‖θ − θ_ref‖²` and the projections (default: the quadratic's centre, or 0). */
  reference?: ArrayLike<number>;
  /** Directions uⱼ (each p entries, or flat m × p) for `⟨θ − θ_ref, uⱼ⟩`. */
  directions?: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
}

/** How the momentum state is written (see the module comment). */
export type MomentumConvention = 'canonical' | 'buffer' | 'paper';

/** Optimiser settings shared by `sgd.run` and `sgd.gaussianQuadratic`. */
export interface OptimiserOptions {
  /** η₀ > 0. */
  learningRate: number;
  /** β ∈ [0, 1) (default 0). */
  momentum?: number;
  /** Default 'canonical' (see the module comment). */
  momentumConvention?: MomentumConvention;
  /** λ ≥ 0 (default 0). */
  weightDecay?: number;
  /** Default 'constant'. */
  schedule?: Schedule;
  /** Replicas n (default 1). */
  nReplicas?: number;
  /** Global index of the first replica (its stream index; default 0). */
  replicaOffset?: number;
  seed: number | bigint;
  /** Start: p entries (all replicas) or n·p (one per replica). */
  x0?: ArrayLike<number>;
  observe?: ObservableOptions;
}

/** Options of `sgd.run`. */
export interface SgdRunOptions extends OptimiserOptions {
  objective: Objective;
  /** B (ignored for 'full-batch'). */
  batchSize?: number;
  /** Default 'with-replacement'. */
  sampler?: Sampler;
  x0: ArrayLike<number>;
}

/** Options of `sgd.gaussianQuadratic`. */
export interface GaussianQuadraticOptions extends OptimiserOptions {
  /** H (p × p symmetric; rows or flat). */
  hessian: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
  /** θ* (default 0). */
  centre?: ArrayLike<number>;
  /** Σ: covariance of one per-example gradient (p × p symmetric PSD). */
  noiseCovariance: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
  /** B > 0: the gradient noise is N(0, Σ/B). */
  batchSize: number;
}

/** Frames recorded by `SgdRun.advance`. */
export interface SgdFrames {
  /** frames × nReplicas × columns, frame-major. */
  data: Float64Array;
  frames: number;
  /** Column names, e.g. ['loss', 'distanceSquared', 'travelSquared', 'projection0']. */
  columns: readonly string[];
  /** Step count (since the run's start) at each frame. */
  steps: Float64Array;
}

const SCHEDULES = ['constant', 'step', 'exponential', 'cosine', 'inverse-sqrt'] as const;

function optimiserConfig(where: string, o: OptimiserOptions): number[] {
  const lr = positive(where, 'learningRate', o.learningRate);
  const momentum = finite(where, 'momentum', o.momentum ?? 0);
  if (momentum < 0 || momentum >= 1) throw invalid(where, 'momentum', momentum, 'it must be in [0, 1)');
  const convention = oneOf(where, 'momentumConvention', o.momentumConvention ?? 'canonical', ['canonical', 'buffer', 'paper'] as const);
  const wd = nonNegative(where, 'weightDecay', o.weightDecay ?? 0);
  const s = o.schedule ?? 'constant';
  const spec = typeof s === 'string' ? { kind: s } : s;
  if (typeof spec !== 'object' || spec === null) throw invalid(where, 'schedule', s, `it must be 'constant' or { kind: ${SCHEDULES.map((k) => `'${k}'`).join(' | ')}, … }`);
  const kind = oneOf(where, 'schedule.kind', spec.kind, SCHEDULES);
  const warmup = integer(where, 'schedule.warmup', (spec as { warmup?: number }).warmup ?? 0, 0);
  let p1 = 0, p2 = 0;
  if (spec.kind === 'step') {
    p1 = integer(where, 'schedule.every', spec.every, 1);
    p2 = positive(where, 'schedule.factor', spec.factor);
  } else if (spec.kind === 'exponential') {
    p1 = positive(where, 'schedule.factor', spec.factor);
  } else if (spec.kind === 'cosine') {
    p1 = positive(where, 'schedule.total', spec.total);
    p2 = nonNegative(where, 'schedule.floor', spec.floor ?? 0);
  } else if (spec.kind === 'inverse-sqrt') {
    p1 = positive(where, 'schedule.scale', spec.scale);
  }
  if ((spec.kind === 'step' || spec.kind === 'exponential') && (spec.factor as number) > 1) {
    throw invalid(where, 'schedule.factor', spec.factor, 'it must be in (0, 1]');
  }
  return [lr, momentum, raw.CONVENTION_CODES[convention === 'paper' ? 'buffer' : convention], wd, raw.SCHEDULE_CODES[kind], p1, p2, warmup];
}

function directionsOf(where: string, d: ObservableOptions['directions'], p: number): Float64Array {
  if (d === undefined) return new Float64Array(0);
  if (Array.isArray(d) && d.length > 0 && typeof d[0] === 'object') {
    const out = new Float64Array(d.length * p);
    (d as ReadonlyArray<ArrayLike<number>>).forEach((u, j) => out.set(finiteArray(where, `observe.directions[${j}]`, u, [p], `p = ${p} entries`), j * p));
    return out;
  }
  const len = (d as ArrayLike<number>).length;
  return finiteArray(where, 'observe.directions', d, typeof len === 'number' && len % p === 0 ? [len] : [], `m·p entries (p = ${p})`);
}

/** A set of SGD replicas living in WASM memory; `dispose()` when done. */
export class SgdRun extends Owned {
  /** p. */
  readonly dim: number;
  readonly nReplicas: number;
  readonly replicaOffset: number;
  readonly momentumConvention: MomentumConvention;
  #columns: string[] = [];
  /** Work per step and replica (for chunking calls; see `advance`). */
  readonly #costPerStep: number;

  /** @internal use `sgd.run` / `sgd.gaussianQuadratic`. */
  constructor(handle: number, dim: number, nReplicas: number, replicaOffset: number, costPerStep: number, momentumConvention: MomentumConvention) {
    super(handle, 'sgdRun');
    this.momentumConvention = momentumConvention;
    this.dim = dim;
    this.nReplicas = nReplicas;
    this.replicaOffset = replicaOffset;
    this.#costPerStep = costPerStep;
  }

  /** The recorded columns, in order. */
  get columns(): readonly string[] {
    return this.#columns;
  }

  /** Sets what `advance` and `observe` record (replaces the previous choice). */
  setObservables(o: ObservableOptions = {}): void {
    const where = 'sgdRun.setObservables';
    const p = this.dim;
    const hasRef = o.reference !== undefined;
    const reference = hasRef ? finiteArray(where, 'observe.reference', o.reference, [p], `p = ${p} entries`) : undefined;
    const dirs = directionsOf(where, o.directions, p);
    const loss = o.loss ?? false;
    if (typeof loss !== 'boolean') throw invalid(where, 'observe.loss', loss, 'it must be true or false');
    const h = this.handle('setObservables');
    // The crate keeps its default reference (the quadratic's centre, or 0) when none is given.
    const ref = reference ?? this.#defaultReference;
    raw.runSetObservables(core(), h, loss, ref, dirs, where);
    this.#columns = [...(loss ? ['loss'] : []), 'distanceSquared', 'travelSquared', ...Array.from({ length: dirs.length / p }, (_, j) => `projection${j}`)];
  }

  #defaultReference: Float64Array = new Float64Array(0);
  /** @internal */
  setDefaultReference(r: Float64Array): void {
    this.#defaultReference = r;
  }

  /** Steps taken so far. */
  get stepsDone(): number {
    return raw.runStepsDone(core(), this.handle('stepsDone'), 'sgdRun.stepsDone');
  }

  /**
   * Advances `steps` steps; with `every` (dividing `steps`) records the observables after
   * every `every`-th step. Work is split into calls of ≈ 2²² example-gradient·p operations
   * (see design.md, "Calls from JS and V8 tiering"); the split never changes results.
   * A replica whose parameters become non-finite raises `DIVERGED` with its index and step.
   */
  advance(steps: number, o: { every?: number } = {}): SgdFrames {
    const where = 'sgdRun.advance';
    const k = integer(where, 'steps', steps, 0);
    const every = integer(where, 'every', o.every ?? 0, 0);
    if (every > 0 && k % every !== 0) throw invalid(where, 'every', every, `it must divide steps = ${k}`);
    const h = this.handle('advance');
    const cols = this.#columns.length;
    const frames = every > 0 ? k / every : 0;
    const data = new Float64Array(frames * this.nReplicas * cols);
    const stepsAt = new Float64Array(frames);
    const start = this.stepsDone;
    const unit = every > 0 ? every : 1;
    const perCall = Math.max(unit, Math.floor((1 << 22) / Math.max(1, this.nReplicas * this.#costPerStep) / unit) * unit);
    let done = 0, frame = 0;
    while (done < k) {
      const chunk = Math.min(perCall, k - done);
      const f = every > 0 ? chunk / every : 0;
      const out = raw.runAdvance(core(), h, chunk, every, f * this.nReplicas * cols, where);
      data.set(out, frame * this.nReplicas * cols);
      for (let j = 0; j < f; j++) stepsAt[frame + j] = start + done + (j + 1) * every;
      frame += f;
      done += chunk;
    }
    return { data, frames, columns: this.#columns, steps: stepsAt };
  }

  /** The observables now (nReplicas × columns). */
  observe(): Float64Array {
    return raw.runObserve(core(), this.handle('observe'), this.nReplicas * this.#columns.length, 'sgdRun.observe');
  }

  /** Parameters θ of every replica (nReplicas × p). */
  parameters(): Float64Array {
    return raw.runState(core(), this.handle('parameters'), 0, this.nReplicas * this.dim, 'sgdRun.parameters');
  }

  /** Velocities in the run's convention: v (canonical, paper) or the buffer b (PyTorch), nReplicas × p. */
  velocities(): Float64Array {
    const v = raw.runState(core(), this.handle('velocities'), 1, this.nReplicas * this.dim, 'sgdRun.velocities');
    return this.momentumConvention === 'paper' ? v.map((x) => -x) : v;
  }
}

function commonRun(where: string, o: OptimiserOptions) {
  const nReplicas = integer(where, 'nReplicas', o.nReplicas ?? 1, 1);
  const offset = integer(where, 'replicaOffset', o.replicaOffset ?? 0, 0);
  const seed = seedOf(where, o.seed);
  return { nReplicas, offset, seed, config: optimiserConfig(where, o) };
}

function startOf(where: string, x0: ArrayLike<number> | undefined, p: number, n: number): Float64Array {
  return finiteArray(where, 'x0', x0, n === 1 ? [p] : [p, n * p], `p = ${p} (one start) or nReplicas·p = ${n * p} entries`);
}

/** SGD on a data objective (see the module comment and `Objective`). */
export function run(o: SgdRunOptions): SgdRun {
  const where = 'sgd.run';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object');
  const objective = o.objective;
  if (!objective || typeof (objective as Objective).perExampleGradients !== 'function') throw invalid(where, 'objective', objective, 'it must be an Objective (sgd.linearRegression, sgd.mlp, …)');
  const sampler = oneOf(where, 'sampler', o.sampler ?? 'with-replacement', Object.keys(raw.SAMPLER_CODES) as Sampler[]);
  const n = objective.examples;
  const batch = sampler === 'full-batch' ? n : integer(where, 'batchSize', o.batchSize, 1);
  if (sampler !== 'with-replacement' && batch > n) throw invalid(where, 'batchSize', batch, `it must be <= N = ${n} with sampler '${sampler}'`);
  const { nReplicas, offset, seed, config } = commonRun(where, o);
  const p = objective.dim;
  const x0 = startOf(where, o.x0, p, nReplicas);
  const h = raw.runCreate(core(), objective.rawHandle('run'), raw.SAMPLER_CODES[sampler], batch, nReplicas, offset, seed, x0, config, where);
  const r = new SgdRun(h, p, nReplicas, offset, batch * p, o.momentumConvention ?? 'canonical');
  r.setDefaultReference(new Float64Array(p));
  try {
    r.setObservables(o.observe);
  } catch (e) {
    r.dispose();
    throw e;
  }
  return r;
}

/**
 * SGD with Gaussian gradient noise on a quadratic, the model of the discrete theory:
 * `g = H(θ − θ*) + ξ`, `ξ ~ N(0, Σ/B)`. Without momentum its stationary covariance C solves
 * `HC + CH − ηHCH = (η/B)Σ` (errata.md); for β > 0 see `SgdMomentum` (linear response).
 */
export function gaussianQuadratic(o: GaussianQuadraticOptions): SgdRun {
  const where = 'sgd.gaussianQuadratic';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object');
  const H = squareMatrix(where, 'hessian', o.hessian);
  const p = H.n;
  const hessian = symmetricMatrix(where, 'hessian', H);
  const sigma = symmetricMatrix(where, 'noiseCovariance', squareMatrix(where, 'noiseCovariance', o.noiseCovariance, p));
  const centre = o.centre === undefined ? new Float64Array(p) : finiteArray(where, 'centre', o.centre, [p], `p = ${p} entries`);
  const batch = positive(where, 'batchSize', o.batchSize);
  const { nReplicas, offset, seed, config } = commonRun(where, o);
  const x0 = o.x0 === undefined ? centre : startOf(where, o.x0, p, nReplicas);
  const h = raw.runCreateQuadratic(core(), p, hessian, centre, sigma, batch, nReplicas, offset, seed, x0, config, where);
  const r = new SgdRun(h, p, nReplicas, offset, 2 * p, o.momentumConvention ?? 'canonical');
  r.setDefaultReference(centre);
  try {
    r.setObservables(o.observe);
  } catch (e) {
    r.dispose();
    throw e;
  }
  return r;
}
