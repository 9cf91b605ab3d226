/**
 * Seeded data generators (public `sgd.data`). Every array comes from sgdyn's random
 * streams (`rng`, the RNG contract), so the same options give the same data on every
 * platform. Stream use per generator is documented so other tools can reproduce it.
 * Layout: inputs N × d row-major, labels N × k (regression) or N (classes).
 */
import { rng } from '../rng.js';
import { finiteArray, integer, invalid, nonNegative, oneOf, seed as seedOf } from '../validate.js';
import { ACTIVATIONS, mlp, type Activation, type Parameterisation } from './objective.js';

/** A generated data set. */
export interface Dataset {
  x: Float64Array;
  y: Float64Array;
  /** N. */
  examples: number;
  /** Input dimension d. */
  inputs: number;
}

function spectrumOf(where: string, spectrum: ArrayLike<number> | undefined, d: number): Float64Array {
  if (spectrum === undefined) return new Float64Array(d).fill(1);
  const s = finiteArray(where, 'spectrum', spectrum, [d], `d = ${d} variances (the diagonal of the input covariance)`);
  s.forEach((v, i) => {
    if (v < 0) throw invalid(where, `spectrum[${i}]`, v, 'variances must be >= 0');
  });
  return s;
}

/** Gaussian inputs `xᵢ = √s ⊙ zᵢ` (z from stream 0): covariance diag(s). */
function gaussianInputs(seed: bigint, n: number, s: Float64Array): Float64Array {
  const d = s.length;
  const x = rng.normals({ seed, stream: 0, count: n * d });
  const root = s.map(Math.sqrt);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j]! *= root[j] as number;
  return x;
}

function teacherWeights(where: string, seed: bigint, d: number, weights: ArrayLike<number> | undefined): Float64Array {
  if (weights !== undefined) return finiteArray(where, 'weights', weights, [d], `d = ${d} weights`);
  return rng.normals({ seed, stream: 2, count: d }).map((v) => v / Math.sqrt(d));
}

/** Options of `sgd.data.linearRegression`. */
export interface LinearRegressionDataOptions {
  seed: number | bigint;
  /** N (default 1000). */
  examples?: number;
  /** d (default 10). */
  dim?: number;
  /** Input covariance eigenvalues (diagonal; default all 1). */
  spectrum?: ArrayLike<number>;
  /** Label noise standard deviation σ (default 0.1). */
  noise?: number;
  /** Teacher weights w* (default N(0, 1/d) each, stream 2). */
  weights?: ArrayLike<number>;
}

/**
 * Linear regression `yᵢ = w*·xᵢ + σ εᵢ`, xᵢ ~ N(0, diag(spectrum)) (stream 0), ε ~ N(0, 1)
 * (stream 1). Returns the teacher `weights` too.
 */
export function linearRegressionData(o: LinearRegressionDataOptions): Dataset & { weights: Float64Array } {
  const where = 'sgd.data.linearRegression';
  const seed = seedOf(where, o?.seed);
  const n = integer(where, 'examples', o.examples ?? 1000, 1);
  const d = integer(where, 'dim', o.dim ?? 10, 1);
  const s = spectrumOf(where, o.spectrum, d);
  const sigma = nonNegative(where, 'noise', o.noise ?? 0.1);
  const w = teacherWeights(where, seed, d, o.weights);
  const x = gaussianInputs(seed, n, s);
  const eps = rng.normals({ seed, stream: 1, count: n });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < d; j++) f += (w[j] as number) * (x[i * d + j] as number);
    y[i] = f + sigma * (eps[i] as number);
  }
  return { x, y, weights: w, examples: n, inputs: d };
}

/** Options of `sgd.data.logisticRegression`. */
export type LogisticRegressionDataOptions = Omit<LinearRegressionDataOptions, 'noise'>;

/**
 * Logistic regression: xᵢ ~ N(0, diag(spectrum)) (stream 0), `yᵢ = 1[uᵢ < σ(w*·xᵢ)]` with
 * uᵢ uniform (stream 1): Bernoulli labels with `P(y = 1 | x) = σ(w*·x)`.
 */
export function logisticRegressionData(o: LogisticRegressionDataOptions): Dataset & { weights: Float64Array } {
  const where = 'sgd.data.logisticRegression';
  const seed = seedOf(where, o?.seed);
  const n = integer(where, 'examples', o.examples ?? 1000, 1);
  const d = integer(where, 'dim', o.dim ?? 10, 1);
  const s = spectrumOf(where, o.spectrum, d);
  const w = teacherWeights(where, seed, d, o.weights);
  const x = gaussianInputs(seed, n, s);
  const u = rng.uniforms({ seed, stream: 1, count: n });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let j = 0; j < d; j++) f += (w[j] as number) * (x[i * d + j] as number);
    y[i] = (u[i] as number) < 1 / (1 + Math.exp(-f)) ? 1 : 0;
  }
  return { x, y, weights: w, examples: n, inputs: d };
}

/**
 * MATLAB's `peaks` surface, `3(1−x)²e^{−x²−(y+1)²} − 10(x/5 − x³ − y⁵)e^{−x²−y²} − e^{−(x+1)²−y²}/3`.
 */
export function peaksFunction(x: number, y: number): number {
  return 3 * (1 - x) ** 2 * Math.exp(-x * x - (y + 1) ** 2) - 10 * (x / 5 - x ** 3 - y ** 5) * Math.exp(-x * x - y * y) - Math.exp(-((x + 1) ** 2) - y * y) / 3;
}

/** Options of `sgd.data.peaks`. */
export interface PeaksDataOptions {
  seed: number | bigint;
  /** N (default 600). */
  examples?: number;
  /** Number of classes k ≥ 2 (default 5). */
  classes?: number;
}

/**
 * A 2-D multiclass "peaks" set (the lecture notes' example, seed 002): inputs uniform on
 * [−3, 3]² (stream 0), class = which of k equal-count bins (the sample's quantiles) the
 * value of `peaksFunction` falls in, so the classes are balanced and their regions are the
 * level sets of the surface. Labels are class indices 0…k−1 (for `sgd.mlp` with
 * `loss: 'cross-entropy', outputs: k`).
 */
export function peaksData(o: PeaksDataOptions): Dataset & { classes: number } {
  const where = 'sgd.data.peaks';
  const seed = seedOf(where, o?.seed);
  const n = integer(where, 'examples', o.examples ?? 600, 1);
  const k = integer(where, 'classes', o.classes ?? 5, 2);
  const u = rng.uniforms({ seed, stream: 0, count: 2 * n });
  const x = u.map((v) => 6 * v - 3);
  const z = Array.from({ length: n }, (_, i) => peaksFunction(x[2 * i] as number, x[2 * i + 1] as number));
  const order = z.map((_, i) => i).sort((a, b) => (z[a] as number) - (z[b] as number) || a - b);
  const y = new Float64Array(n);
  order.forEach((i, rank) => {
    y[i] = Math.min(k - 1, Math.floor((rank * k) / n));
  });
  return { x, y, examples: n, inputs: 2, classes: k };
}

/** Options of `sgd.data.teacherStudent`. */
export interface TeacherStudentDataOptions {
  seed: number | bigint;
  /** N (default 1000). */
  examples?: number;
  /** Input dimension d (default 10). */
  inputs?: number;
  /** Teacher hidden units (default 4). */
  hidden?: number;
  /** Outputs (default 1). */
  outputs?: number;
  activation?: Activation;
  parameterisation?: Parameterisation;
  /** Label noise standard deviation (default 0). */
  noise?: number;
}

/**
 * Teacher–student regression: xᵢ ~ N(0, I) (stream 0), a two-layer teacher (`sgd.mlp`
 * layout) with `initialParameters({ seed })` weights (stream 0 of seed + 1), labels
 * `y = teacher(x) + σε` (ε from stream 1). Returns the teacher's parameters.
 */
export function teacherStudentData(o: TeacherStudentDataOptions): Dataset & { teacher: Float64Array; outputs: number } {
  const where = 'sgd.data.teacherStudent';
  const seed = seedOf(where, o?.seed);
  const n = integer(where, 'examples', o.examples ?? 1000, 1);
  const d = integer(where, 'inputs', o.inputs ?? 10, 1);
  const h = integer(where, 'hidden', o.hidden ?? 4, 1);
  const k = integer(where, 'outputs', o.outputs ?? 1, 1);
  const activation = oneOf(where, 'activation', o.activation ?? 'tanh', ACTIVATIONS);
  const parameterisation = oneOf(where, 'parameterisation', o.parameterisation ?? 'standard', ['standard', 'ntk', 'mean-field'] as Parameterisation[]);
  const sigma = nonNegative(where, 'noise', o.noise ?? 0);
  const x = rng.normals({ seed, stream: 0, count: n * d });
  using teacher = mlp({ x, y: new Float64Array(n * k), inputs: d, hidden: h, outputs: k, activation, parameterisation });
  const theta = teacher.initialParameters({ seed: (seed + 1n) % (1n << 64n) });
  const y = teacher.predict(theta, x);
  const eps = rng.normals({ seed, stream: 1, count: n * k });
  for (let i = 0; i < n * k; i++) y[i]! += sigma * (eps[i] as number);
  return { x, y, examples: n, inputs: d, outputs: k, teacher: theta };
}

