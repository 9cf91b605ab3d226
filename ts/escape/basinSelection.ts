/**
 * Basin selection experiments (issue 6): start an ensemble, run a dynamics on the worker pool,
 * and report how many trajectories sit in each basin over time, next to the Laplace
 * prediction of the stationary occupation (errata.md on seed 000 Thm 6):
 *
 *   P(A)/P(B) ≈ √(det H_B / det H_A) · e^{(L_B − L_A)/T},  i.e. P(k) ∝ e^{−L_k/T} / √det H_k,
 *
 * valid for Gibbs stationary laws `∝ e^{−L/T}` as T → 0 (relative error O(T)).
 *
 * The dynamics is a pluggable `BasinRunner`: `langevinRunner` (overdamped Langevin with any
 * integrator / noise of `simulate`), `sgdSurrogateRunner` (SGD's SDE surrogate with
 * loss-proportional noise) and `sgdRunner` (minibatch SGD on data), the last two swept over
 * learning rate and batch size, are built in; another runner implements the same interface, declaring
 * the parameters it sweeps and, where one exists, the effective temperature for the Laplace column. Every run goes through `simulateStream` on one `Pool`
 * (the caller's, or one started for the sweep), so sweeps are parallel over trajectories and
 * bit-identical for any pool size.
 */
import { SgdynError } from '../../bindings/index.js';
import type { Landscape } from '../landscape.js';
import type { Integrator, NoiseSpec } from '../ensemble.js';
import { simulateStream } from '../pool/stream.js';
import { Pool } from '../pool/pool.js';
import type { RunControl } from '../pool/stream.js';
import { finiteArray, integer, invalid, positive } from '../validate.js';
import { basinOf, laplaceBasinRatio } from './landscapeTools.js';
import { Objective, type Sampler } from '../sgd/objective.js';
import { sgd } from '../sgd/index.js';

/** One point of a sweep: parameter name → value (e.g. `{ temperature: 0.2 }`). */
export type SweepPoint = Readonly<Record<string, number>>;

/** What a runner is asked to do for one sweep point. */
export interface RunnerRequest {
  point: SweepPoint;
  /** Start: d numbers (all trajectories) or n·d. */
  x0: Float64Array;
  nTrajectories: number;
  seed: number | bigint;
  steps: number;
  /** A frame every `every` steps. */
  every: number;
  control: Pick<RunControl, 'pool' | 'signal'>;
}

/** A dynamics that basin-selection experiments can run (Langevin here; SGD plugs in the same way). */
export interface BasinRunner {
  readonly name: string;
  /** The landscape (loss) whose basins are counted. */
  readonly landscape: Landscape;
  /** Parameters a sweep point may set (all required). */
  readonly parameters: readonly string[];
  /** Frames of positions (row-major n × d) every `every` steps, with their time. */
  frames(request: RunnerRequest): AsyncIterable<{ step: number; time: number; positions: Float64Array }>;
  /** The temperature whose Gibbs law is stationary at this point, or null if there is none (no Laplace column). */
  effectiveTemperature(point: SweepPoint): number | null;
}

/** Options of `langevinRunner`: the `simulate` options that stay fixed over a sweep. */
export interface LangevinRunnerOptions {
  landscape: Landscape;
  dt: number;
  integrator?: Integrator;
  friction?: number;
  /** A non-temperature noise model turns this into an SDE surrogate (then no Laplace column and no temperature parameter). */
  noise?: NoiseSpec;
}

/**
 * Overdamped (or, with `'baoab'`, underdamped) Langevin `dθ = −∇L dt + √(2T) dW` with the
 * temperature T as the swept parameter; with `noise` set, the SDE surrogate
 * `dθ = −∇L dt + σ(θ) dW` with no parameter.
 */
export function langevinRunner(o: LangevinRunnerOptions): BasinRunner {
  const where = 'langevinRunner';
  if (!o?.landscape) throw invalid(where, 'landscape', o?.landscape, 'it must be a Landscape');
  positive(where, 'dt', o.dt);
  const temperatureNoise = !o.noise || o.noise.kind === 'temperature';
  return {
    name: temperatureNoise ? 'langevin' : `sde-${o.noise!.kind}`,
    landscape: o.landscape,
    parameters: temperatureNoise ? ['temperature'] : [],
    async *frames(r: RunnerRequest) {
      const stream = simulateStream({
        landscape: o.landscape, dt: o.dt, x0: r.x0, nTrajectories: r.nTrajectories, seed: r.seed, steps: r.steps,
        every: r.every, observe: 'positions', ...(o.integrator ? { integrator: o.integrator } : {}),
        ...(o.friction !== undefined ? { friction: o.friction } : {}),
        ...(temperatureNoise ? { temperature: r.point.temperature as number } : { noise: o.noise as NoiseSpec }),
        ...r.control,
      });
      for await (const f of stream) yield { step: f.step, time: f.time, positions: f.positions as Float64Array };
    },
    effectiveTemperature: (point) => (temperatureNoise ? (point.temperature as number) : null),
  };
}

/** Options of `sgdSurrogateRunner`. */
export interface SgdSurrogateRunnerOptions {
  /** The loss L (its value sets the noise; clamped at 0 by the kernel). */
  landscape: Landscape;
  /** H of the noise `Σ(θ) = 2L(θ)H/B` (p × p), or the point whose Hessian is used. */
  hessian?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  minimum?: ArrayLike<number>;
  /** Time step Δt of the surrogate (default: the learning rate, SGD's own step in time t = kη). */
  dt?: number;
  integrator?: 'euler-maruyama' | 'tamed-euler' | 'heun';
}

/**
 * The SDE surrogate of SGD with loss-proportional, Hessian-aligned noise (conventions.md; seed
 * 001 (4.21)): `dθ = −∇L dt + √(η Σ(θ)) dW`, `Σ(θ) = 2L(θ)H/B`, i.e. the kernel noise model
 * `{ kind: 'sgd', learningRate, batchSize }`. Sweeps `learningRate` and `batchSize`; a step is Δt
 * (default η) of time t = kη, so `steps` SGD iterations cover time `steps·η`. No Gibbs law, hence
 * no Laplace column (in 1-D the stationary density is ∝ L^{−(1 + B/(ηh))}, see `powerLawEscapeRate`).
 */
export function sgdSurrogateRunner(o: SgdSurrogateRunnerOptions): BasinRunner {
  const where = 'sgdSurrogateRunner';
  if (!o?.landscape) throw invalid(where, 'landscape', o?.landscape, 'it must be a Landscape');
  if ((o.hessian === undefined) === (o.minimum === undefined)) throw invalid(where, 'hessian', o.hessian, 'give exactly one of hessian and minimum');
  if (o.dt !== undefined) positive(where, 'dt', o.dt);
  return {
    name: 'sgd-surrogate',
    landscape: o.landscape,
    parameters: ['learningRate', 'batchSize'],
    async *frames(r: RunnerRequest) {
      const eta = r.point.learningRate as number, B = r.point.batchSize as number;
      const noise = { kind: 'sgd', learningRate: eta, batchSize: B, ...(o.hessian !== undefined ? { hessian: o.hessian } : { minimum: o.minimum as ArrayLike<number> }) } as NoiseSpec;
      const stream = simulateStream({
        landscape: o.landscape, dt: o.dt ?? eta, noise, x0: r.x0, nTrajectories: r.nTrajectories, seed: r.seed, steps: r.steps,
        every: r.every, observe: 'positions', ...(o.integrator ? { integrator: o.integrator } : {}), ...r.control,
      });
      for await (const f of stream) yield { step: f.step, time: f.time, positions: f.positions as Float64Array };
    },
    effectiveTemperature: () => null,
  };
}

/** Options of `sgdRunner`: the `sgd.run` options that stay fixed over a sweep. */
export interface SgdRunnerOptions {
  /** The objective (a loss over data; also the landscape whose basins are counted). */
  objective: Objective;
  /** Minibatch sampler (default `'with-replacement'`). */
  sampler?: Sampler;
}

/**
 * Plain minibatch SGD on data, `θₖ₊₁ = θₖ − η g_B(θₖ)` (conventions.md), on the worker pool
 * (`sgd.runPooled`); sweeps `learningRate` and `batchSize`; time t = kη. Frames are consecutive
 * pooled runs of `every` steps, each continuing from the previous parameters; segment j draws
 * its minibatches from streams `(seed, j·n + replica)`, so segments never reuse randomness and
 * the result is the same for any pool size. No momentum (a segment boundary would reset it) and
 * no Laplace column (SGD's stationary law is not Gibbs).
 */
export function sgdRunner(o: SgdRunnerOptions): BasinRunner {
  const where = 'sgdRunner';
  if (!(o?.objective instanceof Objective)) throw invalid(where, 'objective', o?.objective, 'it must be an Objective from sgd.*');
  const objective = o.objective;
  return {
    name: 'sgd',
    landscape: objective,
    parameters: ['learningRate', 'batchSize'],
    async *frames(r: RunnerRequest) {
      const eta = r.point.learningRate as number, B = r.point.batchSize as number;
      let x = r.x0.length === objective.dim ? Float64Array.from({ length: r.nTrajectories * objective.dim }, (_, i) => r.x0[i % objective.dim] as number) : r.x0;
      for (let done = 0, segment = 0; done < r.steps; segment++) {
        const k = Math.min(r.every, r.steps - done);
        const out = await sgd.runPooled({
          objective, learningRate: eta, batchSize: B, ...(o.sampler ? { sampler: o.sampler } : {}), nReplicas: r.nTrajectories,
          replicaOffset: segment * r.nTrajectories, seed: r.seed, x0: x, steps: k, ...r.control,
        });
        x = out.parameters;
        done += k;
        yield { step: done, time: done * eta, positions: x };
      }
    },
    effectiveTemperature: () => null,
  };
}

/** Options of `basinSelection`. */
export interface BasinSelectionOptions extends Pick<RunControl, 'pool' | 'workers' | 'signal'> {
  runner: BasinRunner;
  /** The minima whose basins are counted (points or `findMinima` results). */
  minima: ReadonlyArray<ArrayLike<number> | { point: ArrayLike<number> }>;
  /** Sweep points (e.g. `[0.3, 0.2, 0.1].map((temperature) => ({ temperature }))`). */
  sweep: readonly SweepPoint[];
  x0: number | ArrayLike<number>;
  nTrajectories: number;
  seed: number | bigint;
  steps: number;
  /** Count basins every `every` steps (default: only at the end). */
  every?: number;
  /**
   * Basin of each position: per point, an index into `minima` or −1. Default: gradient flow
   * (`basinOf`, exact basins, costs a flow per point and frame); pass a cheap rule where the
   * separatrix is known (e.g. `x < 0` for a symmetric 1-D double well).
   */
  classify?: (positions: Float64Array) => Int32Array;
  /** Called after each sweep point. */
  onPoint?: (result: BasinSweepResult) => void;
}

/** Basin counts at one time. */
export interface BasinFrame {
  step: number;
  time: number;
  /** Trajectories per basin (index into `minima`); `unassigned` = classified −1. */
  counts: Int32Array;
  unassigned: number;
  /** counts / nTrajectories and the binomial standard error √(f(1−f)/n) (trajectories are independent). */
  fractions: Float64Array;
  standardErrors: Float64Array;
}

/** One sweep point's result. */
export interface BasinSweepResult {
  point: SweepPoint;
  frames: BasinFrame[];
  /** Laplace occupation fractions `∝ e^{−L_k/T}/√det H_k` at the effective temperature; null without one. */
  laplace: Float64Array | null;
}

/**
 * Runs `runner` at every sweep point on one worker pool and counts basin occupation over time
 * (see module doc). Returns one result per sweep point, in order.
 */
export async function basinSelection(o: BasinSelectionOptions): Promise<BasinSweepResult[]> {
  const where = 'basinSelection';
  const runner = o?.runner;
  if (!runner || typeof runner.frames !== 'function') throw invalid(where, 'runner', runner, 'it must be a BasinRunner (e.g. langevinRunner({ landscape, dt }))');
  const U = runner.landscape;
  const d = U.dim;
  if (!Array.isArray(o.minima) || o.minima.length === 0) throw invalid(where, 'minima', o.minima, 'it must be a non-empty array of points (or findMinima results)');
  const minima = o.minima.map((m, i) => finiteArray(where, `minima[${i}]`, (m as { point?: ArrayLike<number> }).point ?? m, [d], `d = ${d}`));
  if (!Array.isArray(o.sweep) || o.sweep.length === 0) throw invalid(where, 'sweep', o.sweep, 'it must be a non-empty array of parameter points');
  o.sweep.forEach((p, i) => {
    for (const name of runner.parameters) {
      if (typeof p?.[name] !== 'number' || !Number.isFinite(p[name])) throw invalid(where, `sweep[${i}].${name}`, p?.[name], `runner '${runner.name}' needs ${runner.parameters.join(', ')} at every point`);
    }
  });
  const n = integer(where, 'nTrajectories', o.nTrajectories, 1);
  const steps = integer(where, 'steps', o.steps, 1);
  const every = integer(where, 'every', o.every ?? steps, 1);
  const x0 = typeof o.x0 === 'number' ? new Float64Array(d).fill(o.x0) : finiteArray(where, 'x0', o.x0, [d, n * d], `d = ${d} or nTrajectories·d = ${n * d}`);
  const classify = o.classify ?? ((p: Float64Array) => basinOf(U, p, minima));
  if (o.pool && o.workers !== undefined) throw invalid(where, 'workers', o.workers, 'give either pool or workers, not both');
  const pool = o.pool ?? (await Pool.create(o.workers === undefined ? {} : { workers: o.workers }));
  try {
    const results: BasinSweepResult[] = [];
    for (const point of o.sweep) {
      const frames: BasinFrame[] = [];
      for await (const f of runner.frames({ point, x0, nTrajectories: n, seed: o.seed, steps, every, control: { pool, ...(o.signal ? { signal: o.signal } : {}) } })) {
        const basin = classify(f.positions);
        if (basin.length !== n) throw new SgdynError('INVALID_ARGUMENT', `${where}: classify returned ${basin.length} labels for ${n} positions`);
        const counts = new Int32Array(minima.length);
        let unassigned = 0;
        for (const b of basin) {
          if (b >= 0 && b < minima.length) counts[b]!++;
          else unassigned++;
        }
        const fractions = Float64Array.from(counts, (c) => c / n);
        frames.push({ step: f.step, time: f.time, counts, unassigned, fractions, standardErrors: fractions.map((p) => Math.sqrt((p * (1 - p)) / n)) });
      }
      const T = runner.effectiveTemperature(point);
      const result = { point, frames, laplace: T === null ? null : laplaceFractions(U, minima, T) };
      o.onPoint?.(result);
      results.push(result);
    }
    return results;
  } finally {
    if (!o.pool) await pool.dispose();
  }
}

/** Laplace occupation fractions `P(k) ∝ e^{−L_k/T}/√det H_k`, from `laplaceBasinRatio` against minimum 0. */
export function laplaceFractions(landscape: Landscape, minima: ReadonlyArray<ArrayLike<number>>, temperature: number): Float64Array {
  const logs = minima.map((m) => laplaceBasinRatio({ landscape, minimumA: m, minimumB: minima[0] as ArrayLike<number>, temperature }).logRatio);
  const top = Math.max(...logs);
  const w = logs.map((l) => Math.exp(l - top));
  const s = w.reduce((a, b) => a + b, 0);
  return Float64Array.from(w, (v) => v / s);
}
