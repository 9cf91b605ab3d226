/**
 * Data objectives (public `sgd.linearRegression`, `sgd.logisticRegression`,
 * `sgd.softmaxRegression`, `sgd.thesisModel`, `sgd.mlp`): a model, an output loss, a data
 * set, the loss normalisation and an optional L2 term, computed in WASM (crate/src/sgd):
 *
 * `L(θ) = c Σᵢ ℓ(f(θ; xᵢ), yᵢ) + (λ/2)‖θ‖²`, c = 1/(2N) (`'half-mean'`), 1/N (`'mean'`), 1 (`'sum'`),
 *
 * ℓ = ‖f − y‖² (squared), `log(1 + eᶠ) − yf` (logistic, y ∈ {0, 1}), `log Σ e^{fⱼ} − f_y`
 * (cross-entropy, y a class index). As a mean of per-example terms `L = (1/N) Σ Lᵢ`,
 * `Lᵢ = Nc ℓᵢ + (λ/2)‖θ‖²`, the per-example gradients are `gᵢ = Nc∇ℓᵢ + λθ` and the noise
 * covariance (conventions.md) is `Σ(θ) = (1/N) Σ (gᵢ − ∇L)(gᵢ − ∇L)ᵀ`.
 *
 * An `Objective` is a `Landscape` (value, gradient, Hessian, HVP of L), so `simulate`,
 * `linalg.hessianEigen`, the escape tools etc. accept it.
 */
import * as raw from '../../bindings/sgd.js';
import { NORMALISATION_CODES } from '../../bindings/landscapes.js';
import { Landscape, type LandscapeRecipe, type LossNormalisation } from '../landscape.js';
import { core } from '../runtime.js';
import { rng } from '../rng.js';
import { finiteArray, integer, invalid, nonNegative, oneOf, seed as seedOf } from '../validate.js';

/** Output loss of a model. */
export type OutputLoss = keyof typeof raw.LOSS_CODES;
/** Hidden-layer non-linearity of `sgd.mlp` (`'identity'`: a two-layer linear network). */
export type Activation = 'tanh' | 'relu' | 'identity';
/** @internal The activations in their crate order (codes 0, 1, 2). */
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'identity'];
/** Scaling of `sgd.mlp` (see there). */
export type Parameterisation = 'standard' | 'ntk' | 'mean-field';
/** Minibatch sampler (see `sgd.run`). */
export type Sampler = keyof typeof raw.SAMPLER_CODES;

/** What every objective factory accepts. */
export interface ObjectiveData {
  /** Inputs, N × inputs row-major. */
  x: ArrayLike<number>;
  /** Labels: N × outputs (squared loss) or N class labels (logistic: 0/1; cross-entropy: 0…k−1). */
  y: ArrayLike<number>;
  /** Loss normalisation c (default `'half-mean'` for the squared loss, `'mean'` for the others). */
  normalisation?: LossNormalisation;
  /** L2 coefficient λ ≥ 0 in `(λ/2)‖θ‖²` (default 0). */
  l2?: number;
}

/** Description of an objective's model. */
export interface ModelDescription {
  kind: 'linear' | 'thesis' | 'mlp';
  inputs: number;
  outputs: number;
  bias?: boolean;
  hidden?: number;
  activation?: Activation;
  parameterisation?: Parameterisation;
}

const NORMALISATIONS: readonly LossNormalisation[] = ['half-mean', 'mean', 'sum'];
const SAMPLERS = Object.keys(raw.SAMPLER_CODES) as Sampler[];

/** A data loss living in WASM memory; `dispose()` when done. */
export class Objective extends Landscape {
  /** N. */
  readonly examples: number;
  readonly model: Readonly<ModelDescription>;
  readonly loss: OutputLoss;
  readonly normalisation: LossNormalisation;
  readonly l2: number;

  /** @internal use the `sgd.*` factories. */
  constructor(handle: number, dim: number, model: ModelDescription, loss: OutputLoss, normalisation: LossNormalisation, l2: number, examples: number, recipe?: LandscapeRecipe) {
    const c = normalisation === 'half-mean' ? 0.5 / examples : normalisation === 'mean' ? 1 / examples : 1;
    super(handle, dim, `objective:${model.kind}`, { dim, examples, l2, normalisationFactor: c }, recipe);
    this.examples = examples;
    this.model = Object.freeze({ ...model });
    this.loss = loss;
    this.normalisation = normalisation;
    this.l2 = l2;
  }

  /** @internal */
  theta(where: string, theta: ArrayLike<number>): Float64Array {
    return finiteArray(where, 'theta', theta, [this.dim], `p = ${this.dim} parameters`);
  }

  /** Per-example gradients `gᵢ` (N × p, row-major) and per-example terms `Lᵢ` (N), with `L = mean Lᵢ`. */
  perExampleGradients(theta: ArrayLike<number>): { gradients: Float64Array; losses: Float64Array } {
    const where = 'objective.perExampleGradients';
    return raw.perExample(core(), this.rawHandle('perExampleGradients'), this.theta(where, theta), this.examples, where);
  }

  /** Hessian of the per-example term `Lᵢ = Nc ℓᵢ + (λ/2)‖θ‖²` (p × p), by HVPs with the unit vectors. */
  exampleHessian(theta: ArrayLike<number>, index: number): Float64Array {
    const where = 'objective.exampleHessian';
    const i = integer(where, 'index', index, 0);
    if (i >= this.examples) throw invalid(where, 'index', index, `it must be in [0, ${this.examples - 1}]`);
    return raw.exampleHessian(core(), this.rawHandle('exampleHessian'), this.theta(where, theta), i, where);
  }

  /** The exact noise covariance `Σ(θ)` (p × p) and the full gradient ∇L(θ). */
  noiseCovariance(theta: ArrayLike<number>): { sigma: Float64Array; gradient: Float64Array } {
    const where = 'objective.noiseCovariance';
    return raw.noiseCovariance(core(), this.rawHandle('noiseCovariance'), this.theta(where, theta), where);
  }

  /**
   * Covariance of one minibatch gradient of size B: `Σ/B` with replacement,
   * `((N−B)/(N−1)) Σ/B` without (also per step of `'reshuffle'`), 0 for the full batch.
   */
  minibatchCovariance(theta: ArrayLike<number>, o: { batchSize: number; sampler?: Sampler }): Float64Array {
    const where = 'objective.minibatchCovariance';
    const sampler = oneOf(where, 'sampler', o?.sampler ?? 'with-replacement', SAMPLERS);
    const b = integer(where, 'batchSize', o?.batchSize, 1);
    const { sigma } = this.noiseCovariance(theta);
    return scaleBy(sigma, minibatchFactor(where, sampler, this.examples, b));
  }

  /**
   * The m-minibatch estimator: the sample covariance (1/(m−1) normalisation) of m minibatch
   * gradients drawn like SGD replica `stream` of `seed` would; unbiased for
   * `minibatchCovariance` with independent batches ('with-replacement' / 'without-replacement').
   */
  minibatchEstimate(theta: ArrayLike<number>, o: { batchSize: number; batches: number; sampler?: Sampler; seed: number | bigint; stream?: number }): Float64Array {
    const where = 'objective.minibatchEstimate';
    const sampler = oneOf(where, 'sampler', o?.sampler ?? 'with-replacement', ['with-replacement', 'without-replacement'] as Sampler[]);
    const b = integer(where, 'batchSize', o?.batchSize, 1);
    const m = integer(where, 'batches', o?.batches, 2);
    const s = seedOf(where, o?.seed);
    const stream = integer(where, 'stream', o?.stream ?? 0, 0);
    return raw.minibatchEstimate(core(), this.rawHandle('minibatchEstimate'), this.theta(where, theta), raw.SAMPLER_CODES[sampler], b, m, s, stream, where);
  }

  /**
   * `(1/√N) Σᵢ zᵢ (gᵢ − ∇L)` for z ∈ ℝᴺ: the p × N factor F of the noise covariance
   * (`F Fᵀ = Σ(θ)`) applied to z. With z ~ N(0, I_N) the result is distributed as N(0, Σ(θ)),
   * in O(Np), without forming or factorising Σ (e.g. for SDE surrogates with Σ(θ) along the path).
   */
  noiseFactorApply(theta: ArrayLike<number>, z: ArrayLike<number>): Float64Array {
    const where = 'objective.noiseFactorApply';
    const zz = finiteArray(where, 'z', z, [this.examples], `N = ${this.examples} entries`);
    return raw.noiseFactorApply(core(), this.rawHandle('noiseFactorApply'), this.theta(where, theta), zz, where);
  }

  /** The Gauss–Newton matrix `c Σᵢ Jᵢᵀ Mᵢ Jᵢ + λI` (p × p; M = ∂²ℓ/∂f²). */
  gaussNewton(theta: ArrayLike<number>): Float64Array {
    const where = 'objective.gaussNewton';
    return raw.gaussNewton(core(), this.rawHandle('gaussNewton'), this.theta(where, theta), where);
  }

  /** The minibatch gradient `(1/B) Σ_{i∈batch} gᵢ` for the given example indices (repeats allowed). */
  batchGradient(theta: ArrayLike<number>, indices: ArrayLike<number>): Float64Array {
    const where = 'objective.batchGradient';
    const n = indices?.length;
    const idx = finiteArray(where, 'indices', indices, typeof n === 'number' && n >= 1 ? [n] : [], 'a non-empty array of example indices');
    return raw.batchGradient(core(), this.rawHandle('batchGradient'), this.theta(where, theta), idx, where);
  }

  /** Model outputs at m inputs (`x`: m × inputs) → m × outputs. */
  predict(theta: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
    const where = 'objective.predict';
    const d = this.model.inputs;
    const len = x?.length;
    const xs = finiteArray(where, 'x', x, typeof len === 'number' && len > 0 && len % d === 0 ? [len] : [], `a non-empty multiple of inputs = ${d}`);
    return raw.predict(core(), this.rawHandle('predict'), this.theta(where, theta), xs.length / d, xs, this.model.outputs, where);
  }

  /**
   * The thesis's approximation of the minibatch noise covariance (seed 001), `2 L(θ) H(θ*)/B`.
   * It follows from `Σ ≈ (1/N)Σ rᵢ² ∇fᵢ∇fᵢᵀ ≈ 2L · H_GN` when residuals are independent of
   * the gradients; the same formula holds for every normalisation (c cancels).
   */
  thesisApproximation(theta: ArrayLike<number>, thetaStar: ArrayLike<number>, batchSize: number): Float64Array {
    const where = 'objective.thesisApproximation';
    const b = integer(where, 'batchSize', batchSize, 1);
    const loss = this.value(this.theta(where, theta));
    return scaleBy(this.hessian(this.theta(where, thetaStar)), (2 * loss) / b);
  }

  /**
   * Random initial parameters for `n` replicas (n × p; replica r from stream r of `seed`):
   * MLP `'standard'`: W₁ ~ N(0, 1/inputs), W₂ ~ N(0, 1/hidden); `'ntk'` and `'mean-field'`:
   * all weights N(0, 1) (their scalings are in the forward map); biases 0. Other models:
   * N(0, scale²) per parameter (default scale 0, i.e. zeros).
   */
  initialParameters(o: { seed: number | bigint; n?: number; scale?: number }): Float64Array {
    const where = 'objective.initialParameters';
    const s = seedOf(where, o?.seed);
    const n = integer(where, 'n', o?.n ?? 1, 1);
    const scale = nonNegative(where, 'scale', o?.scale ?? 0);
    const p = this.dim;
    const out = new Float64Array(n * p);
    const m = this.model;
    for (let r = 0; r < n; r++) {
      const z = rng.normals({ seed: s, stream: r, count: p });
      const row = out.subarray(r * p, (r + 1) * p);
      if (m.kind === 'mlp') {
        const d = m.inputs, h = m.hidden as number, k = m.outputs;
        const std = m.parameterisation === 'standard';
        const s1 = std ? 1 / Math.sqrt(d) : 1, s2 = std ? 1 / Math.sqrt(h) : 1;
        for (let i = 0; i < h * d; i++) row[i] = s1 * (z[i] as number);
        const w2 = h * d + h;
        for (let i = 0; i < k * h; i++) row[w2 + i] = s2 * (z[w2 + i] as number);
      } else {
        for (let i = 0; i < p; i++) row[i] = scale * (z[i] as number);
      }
    }
    return out;
  }
}

/** @internal `Σ/B` factor of a sampler: 1/B, (N−B)/((N−1)B), or 0. */
export function minibatchFactor(where: string, sampler: Sampler, n: number, b: number): number {
  if (sampler === 'full-batch') return 0;
  if (sampler === 'with-replacement') return 1 / b;
  if (b > n) throw invalid(where, 'batchSize', b, `it must be <= N = ${n} without replacement`);
  return n === 1 ? 0 : (n - b) / ((n - 1) * b);
}

function scaleBy(a: Float64Array, s: number): Float64Array {
  return a.map((v) => v * s);
}

// ---- factories --------------------------------------------------------------------------

function labelsAndInputs(where: string, o: ObjectiveData, inputs: number | undefined, labelWidth: (n: number) => number) {
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object with x and y');
  const len = o.x?.length;
  const d = inputs ?? 1;
  const x = finiteArray(where, 'x', o.x, typeof len === 'number' && len > 0 && len % d === 0 ? [len] : [], `N·inputs entries (inputs = ${d}, N >= 1)`);
  const n = x.length / d;
  const w = labelWidth(n);
  const y = finiteArray(where, 'y', o.y, [n * w], `N·${w} = ${n * w} labels (N = ${n} examples)`);
  const l2 = nonNegative(where, 'l2', o.l2 ?? 0);
  return { x, y, n, l2 };
}

/**
 * Builds an objective; its `recipe` (`sgd.<factory>` + validated options) lets pool workers
 * rebuild it (`OBJECTIVE_FACTORIES`).
 */
function create(where: string, factory: keyof typeof OBJECTIVE_FACTORIES, model: ModelDescription, config: number[], loss: OutputLoss, o: ObjectiveData, modelOptions: object): Objective {
  const w = loss === 'squared' ? model.outputs : 1;
  const { x, y, n, l2 } = labelsAndInputs(where, o, model.inputs, () => w);
  const normalisation = oneOf(where, 'normalisation', o.normalisation ?? (loss === 'squared' ? 'half-mean' : 'mean'), NORMALISATIONS);
  const handle = raw.objectiveCreate(core(), raw.MODEL_CODES[model.kind], config, raw.LOSS_CODES[loss], NORMALISATION_CODES[normalisation], l2, x, y, where);
  const p = core().landscapeDim(handle);
  const recipe = { factory: `sgd.${factory}`, options: { ...modelOptions, x, y, normalisation, l2 } };
  return new Objective(handle, p, model, loss, normalisation, l2, n, recipe);
}

/** Options of `sgd.linearRegression` / `sgd.logisticRegression` / `sgd.softmaxRegression`. */
export interface LinearOptions extends ObjectiveData {
  /** Input dimension d (default 1). */
  inputs?: number;
  /** Outputs k (linear regression: default 1; softmax: the number of classes, ≥ 2). */
  outputs?: number;
  /** Add a bias per output (default false). Layout θ = [W (k×d row-major), b (k)]. */
  bias?: boolean;
}

function linearObjective(where: string, loss: OutputLoss, o: LinearOptions, defaultOutputs: number): Objective {
  const inputs = integer(where, 'inputs', o?.inputs ?? 1, 1);
  const outputs = integer(where, 'outputs', o?.outputs ?? defaultOutputs, loss === 'cross-entropy' ? 2 : 1);
  if (loss === 'logistic' && outputs !== 1) throw invalid(where, 'outputs', outputs, 'logistic regression has 1 output');
  const bias = o?.bias ?? false;
  if (typeof bias !== 'boolean') throw invalid(where, 'bias', bias, 'it must be true or false');
  const factory = loss === 'squared' ? 'linearRegression' : loss === 'logistic' ? 'logisticRegression' : 'softmaxRegression';
  return create(where, factory, { kind: 'linear', inputs, outputs, bias }, [inputs, outputs, bias ? 1 : 0], loss, o, { inputs, outputs, bias });
}

/** Least squares `f = Wx (+ b)` with the squared loss (multi-output when `outputs > 1`). */
export function linearRegression(o: LinearOptions): Objective {
  return linearObjective('sgd.linearRegression', 'squared', o, 1);
}

/** Logistic regression: logit `f = w·x (+ b)`, labels 0/1, binary cross-entropy. */
export function logisticRegression(o: LinearOptions): Objective {
  return linearObjective('sgd.logisticRegression', 'logistic', o, 1);
}

/** Multinomial logistic regression: logits `f = Wx (+ b)` (k = `outputs` ≥ 2), softmax cross-entropy. */
export function softmaxRegression(o: LinearOptions): Objective {
  return linearObjective('sgd.softmaxRegression', 'cross-entropy', o, 2);
}

/**
 * The thesis model (seed 001, ch. 5, eq. (5.1); errata: truth (a, b) = (1, 5)),
 * `f(a, b; x) = a² + x(1 + bσ(ax))`, θ = (a, b), squared loss; the same WASM objective as
 * `landscapes.thesisModel`, with the SGD tools. Data: `thesisData`.
 */
export function thesisModel(o: ObjectiveData): Objective {
  const where = 'sgd.thesisModel';
  return create(where, 'thesisModel', { kind: 'thesis', inputs: 1, outputs: 1 }, [], 'squared', o, {});
}

/** Options of `sgd.mlp`. */
export interface MlpOptions extends ObjectiveData {
  /** Input dimension d (default 1). */
  inputs?: number;
  /** Hidden units h. */
  hidden: number;
  /** Outputs k (default 1; the number of classes for cross-entropy). */
  outputs?: number;
  /** Default 'tanh'. */
  activation?: Activation;
  /** Default 'standard'. */
  parameterisation?: Parameterisation;
  /** Default 'squared'; 'cross-entropy' for classification (y = class indices), 'logistic' for 0/1 labels. */
  loss?: OutputLoss;
}

/**
 * Two-layer perceptron `f = α₂ W₂ φ(α₁ W₁ x + b₁) + b₂` with (α₁, α₂) = (1, 1) `'standard'`,
 * (1/√d, 1/√h) `'ntk'` (Jacot et al. 2018), (1/√d, 1/h) `'mean-field'` (Mei et al. 2018);
 * φ = tanh, ReLU or the identity (`'identity'`: the two-layer linear network
 * `f = α₂W₂(α₁W₁x + b₁) + b₂`, whose minima form manifolds — W₁ → GW₁, W₂ → W₂G⁻¹ — e.g. Saxe
 * et al. 2014). Layout θ = [W₁ (h×d), b₁ (h), W₂ (k×h), b₂ (k)], p = hd + h + kh + k.
 * `initialParameters` draws the matching initialisation.
 */
export function mlp(o: MlpOptions): Objective {
  const where = 'sgd.mlp';
  const inputs = integer(where, 'inputs', o?.inputs ?? 1, 1);
  const hidden = integer(where, 'hidden', o?.hidden, 1);
  const loss = oneOf(where, 'loss', o?.loss ?? 'squared', Object.keys(raw.LOSS_CODES) as OutputLoss[]);
  const outputs = integer(where, 'outputs', o?.outputs ?? 1, loss === 'cross-entropy' ? 2 : 1);
  const activation = oneOf(where, 'activation', o?.activation ?? 'tanh', ACTIVATIONS);
  const parameterisation = oneOf(where, 'parameterisation', o?.parameterisation ?? 'standard', ['standard', 'ntk', 'mean-field'] as Parameterisation[]);
  const config = [inputs, hidden, outputs, ACTIVATIONS.indexOf(activation), ['standard', 'ntk', 'mean-field'].indexOf(parameterisation)];
  return create(where, 'mlp', { kind: 'mlp', inputs, outputs, hidden, activation, parameterisation }, config, loss, o, { inputs, hidden, outputs, activation, parameterisation, loss });
}

/** @internal The objective factories by recipe name (`sgd.<name>`), for pool workers. */
export const OBJECTIVE_FACTORIES = { linearRegression, logisticRegression, softmaxRegression, thesisModel, mlp };
