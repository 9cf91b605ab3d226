/**
 * SGD against its SDE surrogate (public `sgd.compare`): an ensemble of SGD replicas
 * (`sgd.run`, plain SGD `θₖ₊₁ = θₖ − η g_B(θₖ)`) and an ensemble of the surrogate
 * (`sgd.surrogate`) from the same starts, compared at matched times t = kη:
 *
 * - moments: mean and covariance of θ per frame, for each side;
 * - loss curves: the mean of L(θ) over each ensemble with its standard error;
 * - marginal distances per frame: total variation between the histograms of each coordinate on
 *   one common grid (`totalVariation`; the joint grid as well for p ≤ 2), and the sliced
 *   2-Wasserstein distance between the ensembles (`slicedWasserstein`), with the sampling level
 *   of the TV, `√(bins/(πn))`: about the expected TV of two independent samples of one law;
 * - the final positions of both ensembles (histograms, scatter plots: `comparisonPlots`).
 *
 * The surrogate runs at Δt = η/r (`surrogate.refinement` r, default 1), so step k of SGD is step
 * k·r of the surrogate. By default it uses the SGD run's seed: the streams are shared in the
 * sense documented in `surrogate.ts` (no pathwise coupling on data).
 */
import { simulate } from '../ensemble.js';
import { sampleMoments, slicedWasserstein, totalVariation } from '../analysis/distances.js';
import { finiteArray, integer, invalid, oneOf } from '../validate.js';
import type { Integrator } from '../ensemble.js';
import { Objective } from './objective.js';
import { run } from './run.js';
import { surrogateNoise, type NoisySampler, type SurrogateNoise } from './surrogate.js';

/** Options of `sgd.compare`. */
export interface CompareOptions {
  objective: Objective;
  /** η > 0 (constant). */
  learningRate: number;
  /** B ≥ 1. */
  batchSize: number;
  /** SGD's sampler (default 'with-replacement'); the surrogate uses the matching factor f. */
  sampler?: NoisySampler;
  /** Replicas per side n (≥ 2). */
  nReplicas: number;
  /** Start: p numbers (all) or n·p. */
  x0: ArrayLike<number>;
  seed: number | bigint;
  /** SGD steps k in total (multiple of `every`). */
  steps: number;
  /** A frame every `every` SGD steps. */
  every: number;
  /** The surrogate's diffusion and integration (defaults: 'exact', 'euler-maruyama', refinement 1, the SGD seed). */
  surrogate?: {
    noise?: SurrogateNoise;
    at?: ArrayLike<number>;
    covariance?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
    minimum?: ArrayLike<number>;
    integrator?: Integrator;
    /** r ≥ 1: Δt = η/r. */
    refinement?: number;
    /** Default: the SGD seed (shared streams). */
    seed?: number | bigint;
  };
  /** Histogram bins per coordinate for the TV (default 30). */
  bins?: number;
  /** Directions of the sliced Wasserstein distance (default 64). */
  projections?: number;
  /** Called at every frame (also frame 0) with both ensembles' positions (n × p copies), e.g. for first-passage checks. */
  onFrame?: (frame: { index: number; step: number; sgd: Float64Array; surrogate: Float64Array }) => void;
}

/** Per-frame summary of one ensemble. */
export interface EnsembleSummary {
  /** frames × p. */
  mean: Float64Array;
  /** frames × p × p. */
  covariance: Float64Array;
  /** Mean loss per frame and its standard error. */
  loss: Float64Array;
  lossStandardError: Float64Array;
}

/** Result of `sgd.compare` (plain data; `comparisonPlots` draws it). */
export interface Comparison {
  p: number;
  nReplicas: number;
  learningRate: number;
  batchSize: number;
  /** SGD step counts k and times t = kη of the frames (frame 0 is the start). */
  steps: Float64Array;
  times: Float64Array;
  sgd: EnsembleSummary;
  surrogate: EnsembleSummary;
  /** frames × p: TV between the marginal histograms of each coordinate. */
  totalVariation: Float64Array;
  /** Per frame: TV on the joint grid (p ≤ 2; otherwise empty). */
  jointTotalVariation: Float64Array;
  /** Per frame: sliced W₂. */
  slicedWasserstein: Float64Array;
  /** √(bins/(πn)): about the *expected* TV between two samples of n from one law (an upper estimate for well-filled bins; single values fluctuate around it). */
  totalVariationSamplingLevel: number;
  bins: number;
  /** Final positions (n × p) of each side. */
  final: { sgd: Float64Array; surrogate: Float64Array };
  /** Seconds spent in each engine. */
  seconds: { sgd: number; surrogate: number };
}

function summarise(objective: Objective, xs: Float64Array, p: number, out: EnsembleSummary, frame: number): void {
  const m = sampleMoments(xs, p);
  out.mean.set(m.mean, frame * p);
  out.covariance.set(m.covariance, frame * p * p);
  const l = objective.values(xs);
  const n = l.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (l[i] as number) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((l[i] as number) - mean) ** 2;
  out.loss[frame] = mean;
  out.lossStandardError[frame] = Math.sqrt(ss / (n - 1) / n);
}

/** Runs SGD and its surrogate side by side (see the module comment). */
export function compare(o: CompareOptions): Comparison {
  const where = 'sgd.compare';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object');
  if (!(o.objective instanceof Objective)) throw invalid(where, 'objective', o.objective, 'it must be an Objective (sgd.linearRegression, sgd.thesisModel, …)');
  const objective = o.objective;
  const p = objective.dim;
  const n = integer(where, 'nReplicas', o.nReplicas, 2);
  const every = integer(where, 'every', o.every, 1);
  const steps = integer(where, 'steps', o.steps, 0);
  if (steps % every !== 0) throw invalid(where, 'every', every, `it must divide steps = ${steps}`);
  const sampler = oneOf(where, 'sampler', o.sampler ?? 'with-replacement', ['with-replacement', 'without-replacement', 'reshuffle'] as const);
  const s = o.surrogate ?? {};
  const r = integer(where, 'surrogate.refinement', s.refinement ?? 1, 1);
  const bins = integer(where, 'bins', o.bins ?? 30, 1);
  const projections = integer(where, 'projections', o.projections ?? 64, 1);
  const x0 = finiteArray(where, 'x0', o.x0, [p, n * p], `p = ${p} (one start) or nReplicas·p = ${n * p}`);
  const noiseOptions = { objective, learningRate: o.learningRate, batchSize: o.batchSize, sampler, noise: s.noise ?? 'exact' } as Parameters<typeof surrogateNoise>[0];
  if (s.at !== undefined) noiseOptions.at = s.at;
  if (s.covariance !== undefined) noiseOptions.covariance = s.covariance;
  if (s.minimum !== undefined) noiseOptions.minimum = s.minimum;
  const noise = surrogateNoise(noiseOptions, where);
  const integrator = s.integrator ?? 'euler-maruyama';

  const frames = steps / every + 1;
  const blank = (): EnsembleSummary => ({ mean: new Float64Array(frames * p), covariance: new Float64Array(frames * p * p), loss: new Float64Array(frames), lossStandardError: new Float64Array(frames) });
  const result: Comparison = {
    p, nReplicas: n, learningRate: o.learningRate, batchSize: o.batchSize,
    steps: Float64Array.from({ length: frames }, (_, f) => f * every),
    times: Float64Array.from({ length: frames }, (_, f) => f * every * o.learningRate),
    sgd: blank(), surrogate: blank(),
    totalVariation: new Float64Array(frames * p),
    jointTotalVariation: new Float64Array(p <= 2 ? frames : 0),
    slicedWasserstein: new Float64Array(frames),
    totalVariationSamplingLevel: Math.sqrt(bins / (Math.PI * n)),
    bins,
    final: { sgd: new Float64Array(), surrogate: new Float64Array() },
    seconds: { sgd: 0, surrogate: 0 },
  };
  const sgdRun = run({ objective, learningRate: o.learningRate, batchSize: o.batchSize, sampler, nReplicas: n, seed: o.seed, x0 });
  try {
    const ens = simulate({
      landscape: objective, noise, interpretation: 'ito', dt: o.learningRate / r, nTrajectories: n, x0,
      seed: s.seed ?? o.seed, integrator,
    });
    try {
      for (let f = 0; f < frames; f++) {
        if (f > 0) {
          let t0 = performance.now();
          sgdRun.advance(every);
          result.seconds.sgd += (performance.now() - t0) / 1e3;
          t0 = performance.now();
          ens.step(every * r);
          result.seconds.surrogate += (performance.now() - t0) / 1e3;
        }
        const a = sgdRun.parameters(), b = ens.positions();
        o.onFrame?.({ index: f, step: f * every, sgd: a, surrogate: b });
        summarise(objective, a, p, result.sgd, f);
        summarise(objective, b, p, result.surrogate, f);
        if (f > 0) {
          result.totalVariation.set(totalVariation(a, b, p, { bins }), f * p);
          if (p <= 2) result.jointTotalVariation[f] = totalVariation(a, b, p, { bins, mode: 'joint' })[0] as number;
          result.slicedWasserstein[f] = slicedWasserstein(a, b, p, { projections });
        }
        if (f === frames - 1) result.final = { sgd: a, surrogate: b };
      }
    } finally {
      ens.dispose();
    }
  } finally {
    sgdRun.dispose();
  }
  return result;
}
