// SGD on data, part 1: models, objectives, noise covariance, samplers, data generators.
// Oracles (all derived here):
// - per-example gradients gᵢ against central differences of the per-example terms Lᵢ, and
//   per-example Hessians against central differences of gᵢ (h = 1e-5; error O(h²·f''') +
//   O(ε/h) ≈ 1e-9 relative, asserted at 1e-6), for every model / loss / parameterisation;
// - the full loss, gradient, Hessian and HVP against the means of the per-example ones;
// - Gauss–Newton against c Σ Jᵢᵀ Mᵢ Jᵢ + λI with Jᵢ by central differences of `predict`;
// - Σ(θ) against the covariance of the per-example gradients computed here in TS;
// - enumeration of every batch of a small data set: the minibatch mean is ∇L and the
//   minibatch covariance is Σ/B (ordered draws with replacement) and ((N−B)/(N−1))Σ/B
//   (subsets without replacement), to rounding (1e-12 relative);
// - the m-minibatch estimator's mean over 40 independent streams within 4 standard errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { Objective, SgdynError, landscapes, rng, runtimeInfo, sgd, thesisData } from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
function relClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  const scale = Math.max(maxAbs(a), maxAbs(b), 1e-300);
  expect(maxDiff(a, b) / scale).toBeLessThan(tol);
}

/** Small random data for a model with d inputs, labels per `kind`. */
function smallData(seed: number, n: number, d: number, labels: 'real' | 'binary' | number, k = 1): { x: Float64Array; y: Float64Array } {
  const x = rng.normals({ seed, stream: 0, count: n * d });
  const u = rng.uniforms({ seed, stream: 1, count: n * k });
  const y = labels === 'real' ? rng.normals({ seed, stream: 2, count: n * k })
    : labels === 'binary' ? u.map((v) => (v < 0.5 ? 0 : 1))
    : u.slice(0, n).map((v) => Math.floor(v * (labels as number)));
  return { x, y };
}

type Case = { name: string; make: () => Objective };
const cases: Case[] = [
  { name: 'linear regression, 3 outputs, bias, L2', make: () => sgd.linearRegression({ ...smallData(1, 7, 3, 'real', 3), inputs: 3, outputs: 3, bias: true, l2: 0.3 }) },
  { name: 'linear regression, mean normalisation', make: () => sgd.linearRegression({ ...smallData(2, 6, 4, 'real'), inputs: 4, normalisation: 'mean' }) },
  { name: 'logistic regression', make: () => sgd.logisticRegression({ ...smallData(3, 8, 3, 'binary'), inputs: 3, bias: true }) },
  { name: 'softmax regression, 3 classes, sum', make: () => sgd.softmaxRegression({ ...smallData(4, 8, 2, 3), inputs: 2, outputs: 3, bias: true, normalisation: 'sum' }) },
  { name: 'thesis model', make: () => { const { x, y } = thesisData({ seed: 5, points: 6, copies: 1, range: [-3, 3] }); return sgd.thesisModel({ x, y }); } },
  { name: 'thesis model with L2', make: () => { const { x, y } = thesisData({ seed: 5, points: 5, copies: 2, range: [-2, 2] }); return sgd.thesisModel({ x, y, l2: 0.1, normalisation: 'sum' }); } },
  ...(['standard', 'ntk', 'mean-field'] as const).flatMap((parameterisation) => [
    { name: `MLP tanh ${parameterisation}, 2 outputs`, make: () => sgd.mlp({ ...smallData(6, 6, 3, 'real', 2), inputs: 3, hidden: 4, outputs: 2, parameterisation }) },
    { name: `MLP relu ${parameterisation}`, make: () => sgd.mlp({ ...smallData(7, 6, 2, 'real'), inputs: 2, hidden: 5, activation: 'relu' as const, parameterisation, l2: 0.05 }) },
    { name: `MLP identity (linear network) ${parameterisation}, 2 outputs`, make: () => sgd.mlp({ ...smallData(15, 6, 3, 'real', 2), inputs: 3, hidden: 4, outputs: 2, activation: 'identity' as const, parameterisation, l2: 0.02 }) },
  ]),
  { name: 'MLP tanh, cross-entropy over 3 classes', make: () => sgd.mlp({ ...smallData(8, 7, 2, 3), inputs: 2, hidden: 3, outputs: 3, loss: 'cross-entropy' }) },
  { name: 'MLP tanh, logistic', make: () => sgd.mlp({ ...smallData(9, 7, 2, 'binary'), inputs: 2, hidden: 3, loss: 'logistic' }) },
];

function pointFor(o: Objective, seed: number): Float64Array {
  if (o.model.kind === 'thesis') return Float64Array.from([0.8, 4.2]);
  return rng.normals({ seed, stream: 9, count: o.dim }).map((v) => 0.7 * v);
}

describe('per-example derivatives of every model', () => {
  for (const c of cases) {
    it(`${c.name}: gradients and Hessians match central differences; the full loss is the mean of the per-example terms`, () => {
      using o = c.make();
      const p = o.dim, N = o.examples;
      const theta = pointFor(o, 11);
      const { gradients, losses } = o.perExampleGradients(theta);
      const h = 1e-5;
      // ReLU: keep FD steps away from kinks (every |z| must exceed the perturbation).
      const fdGrad = new Float64Array(N * p);
      const fdHess: Float64Array[] = Array.from({ length: N }, () => new Float64Array(p * p));
      for (let j = 0; j < p; j++) {
        const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
        tp[j]! += h;
        tm[j]! -= h;
        const P = o.perExampleGradients(tp), M = o.perExampleGradients(tm);
        for (let i = 0; i < N; i++) {
          fdGrad[i * p + j] = (P.losses[i]! - M.losses[i]!) / (2 * h);
          for (let a = 0; a < p; a++) fdHess[i]![a * p + j] = (P.gradients[i * p + a]! - M.gradients[i * p + a]!) / (2 * h);
        }
      }
      for (let i = 0; i < N; i++) {
        relClose(gradients.subarray(i * p, (i + 1) * p), fdGrad.subarray(i * p, (i + 1) * p), 1e-6);
        relClose(o.exampleHessian(theta, i), fdHess[i]!, 1e-6);
      }
      // L = mean Lᵢ, ∇L = mean gᵢ, ∇²L = mean ∇²Lᵢ, HVP = ∇²L v
      const meanLoss = losses.reduce((s, v) => s + v, 0) / N;
      expect(Math.abs(o.value(theta) - meanLoss)).toBeLessThan(1e-12 * Math.max(1, Math.abs(meanLoss)));
      const meanGrad = new Float64Array(p), meanHess = new Float64Array(p * p);
      for (let i = 0; i < N; i++) {
        for (let a = 0; a < p; a++) meanGrad[a]! += gradients[i * p + a]! / N;
        o.exampleHessian(theta, i).forEach((v, j) => (meanHess[j]! += v / N));
      }
      relClose(o.gradient(theta), meanGrad, 1e-12);
      const H = o.hessian(theta);
      relClose(H, meanHess, 1e-12);
      const v = rng.normals({ seed: 3, stream: 4, count: p });
      const Hv = new Float64Array(p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Hv[a]! += H[a * p + b]! * v[b]!;
      relClose(o.hessianVectors(theta, v), Hv, 1e-12);
    });
  }

  it('ReLU test points are away from kinks (so the differences above are of a smooth function), every parameterisation', () => {
    for (const parameterisation of ['standard', 'ntk', 'mean-field'] as const) {
      using o = sgd.mlp({ ...smallData(7, 6, 2, 'real'), inputs: 2, hidden: 5, activation: 'relu', parameterisation, l2: 0.05 });
      const theta = pointFor(o, 11);
      const { x } = smallData(7, 6, 2, 'real');
      const a1 = parameterisation === 'standard' ? 1 : 1 / Math.sqrt(2);
      let minZ = Infinity;
      for (let i = 0; i < 6; i++) for (let j = 0; j < 5; j++) minZ = Math.min(minZ, Math.abs(a1 * (theta[j * 2]! * x[i * 2]! + theta[j * 2 + 1]! * x[i * 2 + 1]!) + theta[10 + j]!));
      expect(minZ).toBeGreaterThan(1e-3); // ≫ the 1e-5 perturbation times |x| ≲ 3
    }
  });

  it('Gauss–Newton equals c Σ Jᵀ M J + λI with Jacobians by differences of predict (MLP, squared loss)', () => {
    const data = smallData(12, 5, 2, 'real', 2);
    using o = sgd.mlp({ ...data, inputs: 2, hidden: 3, outputs: 2, l2: 0.2, parameterisation: 'ntk' });
    const theta = pointFor(o, 13);
    const p = o.dim, N = 5, k = 2, c = 0.5 / N, h = 1e-6;
    const G = new Float64Array(p * p);
    for (let i = 0; i < N; i++) {
      const xi = data.x.subarray(i * 2, i * 2 + 2);
      const J = new Float64Array(k * p);
      for (let j = 0; j < p; j++) {
        const tp = Float64Array.from(theta), tm = Float64Array.from(theta);
        tp[j]! += h;
        tm[j]! -= h;
        const fp = o.predict(tp, xi), fm = o.predict(tm, xi);
        for (let r = 0; r < k; r++) J[r * p + j] = (fp[r]! - fm[r]!) / (2 * h);
      }
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let r = 0; r < k; r++) G[a * p + b]! += c * 2 * J[r * p + a]! * J[r * p + b]!;
    }
    for (let a = 0; a < p; a++) G[a * p + a]! += 0.2;
    relClose(o.gaussNewton(theta), G, 1e-7);
  });

  it('linear regression: Gauss–Newton is the Hessian; normalisations scale the loss by 1/(2N), 1/N, 1', () => {
    const data = smallData(14, 9, 3, 'real');
    using half = sgd.linearRegression({ ...data, inputs: 3 });
    using mean = sgd.linearRegression({ ...data, inputs: 3, normalisation: 'mean' });
    using sum = sgd.linearRegression({ ...data, inputs: 3, normalisation: 'sum' });
    const w = [0.3, -1, 2];
    let rss = 0;
    for (let i = 0; i < 9; i++) rss += (w[0]! * data.x[3 * i]! + w[1]! * data.x[3 * i + 1]! + w[2]! * data.x[3 * i + 2]! - data.y[i]!) ** 2;
    expect(half.value(w)).toBeCloseTo(rss / 18, 12);
    expect(mean.value(w)).toBeCloseTo(rss / 9, 12);
    expect(sum.value(w)).toBeCloseTo(rss, 11);
    relClose(half.gaussNewton(w), half.hessian(w), 1e-14);
    expect(half.normalisation).toBe('half-mean');
    using logit = sgd.logisticRegression({ ...smallData(3, 8, 3, 'binary'), inputs: 3 });
    expect(logit.normalisation).toBe('mean');
  });

  it('identity MLP: predict is α₂W₂(α₁W₁x + b₁) + b₂ computed here, every parameterisation', () => {
    const d = 3, h = 4, k = 2, m = 5;
    const data = smallData(16, 6, d, 'real', k);
    const xs = rng.normals({ seed: 17, stream: 0, count: m * d });
    for (const parameterisation of ['standard', 'ntk', 'mean-field'] as const) {
      using o = sgd.mlp({ ...data, inputs: d, hidden: h, outputs: k, activation: 'identity', parameterisation });
      const theta = pointFor(o, 18);
      const a1 = parameterisation === 'standard' ? 1 : 1 / Math.sqrt(d);
      const a2 = parameterisation === 'standard' ? 1 : parameterisation === 'ntk' ? 1 / Math.sqrt(h) : 1 / h;
      const want = new Float64Array(m * k);
      for (let i = 0; i < m; i++) {
        const z = Array.from({ length: h }, (_, j) => a1 * Array.from({ length: d }, (_, c) => theta[j * d + c]! * xs[i * d + c]!).reduce((s, v) => s + v, 0) + theta[h * d + j]!);
        for (let r = 0; r < k; r++) want[i * k + r] = a2 * z.reduce((s, zj, j) => s + theta[h * d + h + r * h + j]! * zj, 0) + theta[h * d + h + k * h + r]!;
      }
      relClose(o.predict(theta, xs), want, 1e-14);
    }
  });

  it('identity MLP under one SGD step: the balancedness D = W̃₁W̃₁ᵀ − W₂ᵀW₂ (W̃₁ = [W₁ b₁]) changes by exactly η²(G̃₁G̃₁ᵀ − G₂ᵀG₂)', () => {
    // Derived: ∇_{W̃₁}L = W₂ᵀR̃ and ∇_{W₂}L = R̃W̃₁ᵀ with R̃ = c Σ 2rᵢ[xᵢ; 1]ᵀ, so the η¹ terms of
    // W̃₁'W̃₁'ᵀ and W₂'ᵀW₂' cancel (gradient flow conserves D) and only the η² terms remain.
    const d = 3, h = 4, k = 2, eta = 0.1;
    const data = smallData(19, 8, d, 'real', k);
    using o = sgd.mlp({ ...data, inputs: d, hidden: h, outputs: k, activation: 'identity' });
    const theta = pointFor(o, 20);
    const w1t = (t: ArrayLike<number>, j: number, c: number) => (c < d ? t[j * d + c]! : t[h * d + j]!);
    const w2 = (t: ArrayLike<number>, r: number, j: number) => t[h * d + h + r * h + j]!;
    const balance = (t: ArrayLike<number>) => {
      const D = new Float64Array(h * h);
      for (let a = 0; a < h; a++) for (let b = 0; b < h; b++) {
        let s = 0;
        for (let c = 0; c <= d; c++) s += w1t(t, a, c) * w1t(t, b, c);
        for (let r = 0; r < k; r++) s -= w2(t, r, a) * w2(t, r, b);
        D[a * h + b] = s;
      }
      return D;
    };
    const g = o.gradient(theta);
    using run = sgd.run({ objective: o, learningRate: eta, sampler: 'full-batch', seed: 1, x0: theta });
    run.advance(1);
    const after = run.parameters();
    const D0 = balance(theta), D1 = balance(after), gD = balance(g);
    const change = D1.map((v, i) => v - D0[i]!);
    relClose(change, gD.map((v) => eta * eta * v), 1e-9);
    expect(maxAbs(change)).toBeGreaterThan(1e-4); // the η² term is far above rounding
  });

  it('the thesis objective is the thesis landscape', () => {
    const { x, y } = thesisData({ seed: 2 });
    using a = sgd.thesisModel({ x, y, normalisation: 'mean' });
    using b = landscapes.thesisModel({ x, y, normalisation: 'mean' });
    const pts = [0.5, 3, 1, 5, -0.3, 2];
    expect(Array.from(a.values(pts))).toEqual(Array.from(b.values(pts)));
    expect(Array.from(a.gradients(pts))).toEqual(Array.from(b.gradients(pts)));
    expect(a.recipe?.factory).toBe('sgd.thesisModel');
  });
});

/** Covariance (1/count normalisation) and mean of rows. */
function rowMoments(rows: Float64Array[], p: number): { mean: Float64Array; cov: Float64Array } {
  const n = rows.length;
  const mean = new Float64Array(p), cov = new Float64Array(p * p);
  for (const r of rows) for (let a = 0; a < p; a++) mean[a]! += r[a]! / n;
  for (const r of rows) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cov[a * p + b]! += ((r[a]! - mean[a]!) * (r[b]! - mean[b]!)) / n;
  return { mean, cov };
}

describe('noise covariance', () => {
  const make = () => sgd.mlp({ ...smallData(21, 6, 2, 'real'), inputs: 2, hidden: 2, l2: 0.1 });

  it('Σ(θ) is the covariance of the per-example gradients', () => {
    using o = make();
    const theta = pointFor(o, 22), p = o.dim;
    const { gradients } = o.perExampleGradients(theta);
    const rows = Array.from({ length: 6 }, (_, i) => gradients.slice(i * p, (i + 1) * p));
    const { mean, cov } = rowMoments(rows, p);
    const { sigma, gradient } = o.noiseCovariance(theta);
    relClose(sigma, cov, 1e-12);
    relClose(gradient, mean, 1e-12);
  });

  it('the noise factor F (z ↦ (1/√N) Σ zᵢ(gᵢ − ∇L)) satisfies F Fᵀ = Σ (columns by unit vectors) and is linear', () => {
    using o = make();
    const theta = pointFor(o, 25), p = o.dim, N = 6;
    const { sigma } = o.noiseCovariance(theta);
    const FFt = new Float64Array(p * p);
    for (let k = 0; k < N; k++) {
      const e = new Float64Array(N);
      e[k] = 1;
      const col = o.noiseFactorApply(theta, e);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) FFt[a * p + b]! += col[a]! * col[b]!;
    }
    relClose(FFt, sigma, 1e-12);
    const z1 = rng.normals({ seed: 1, count: N }), z2 = rng.normals({ seed: 2, count: N });
    const sum = o.noiseFactorApply(theta, z1.map((v, i) => 2 * v - z2[i]!));
    const lin = o.noiseFactorApply(theta, z1).map((v, i) => 2 * v - o.noiseFactorApply(theta, z2)[i]!);
    relClose(sum, lin, 1e-12);
    expectError(() => o.noiseFactorApply(theta, [1, 2]), 'INVALID_ARGUMENT', 'z.length = 2');
  });

  it('enumerating every batch: mean = ∇L, covariance = Σ/B (with replacement) and ((N−B)/(N−1))Σ/B (without), exactly', () => {
    using o = make();
    const theta = pointFor(o, 23), p = o.dim, N = 6;
    const { sigma, gradient } = o.noiseCovariance(theta);
    // with replacement, B = 2: all N² ordered pairs are equally likely
    const withRep: Float64Array[] = [];
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) withRep.push(o.batchGradient(theta, [i, j]));
    const a = rowMoments(withRep, p);
    relClose(a.mean, gradient, 1e-12);
    relClose(a.cov, sigma.map((v) => v / 2), 1e-12);
    relClose(o.minibatchCovariance(theta, { batchSize: 2 }), a.cov, 1e-12);
    // without replacement, B = 3: all C(6, 3) = 20 subsets
    const without: Float64Array[] = [];
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) for (let k = j + 1; k < N; k++) without.push(o.batchGradient(theta, [i, j, k]));
    expect(without.length).toBe(20);
    const b = rowMoments(without, p);
    relClose(b.mean, gradient, 1e-12);
    relClose(b.cov, sigma.map((v) => (v * (N - 3)) / ((N - 1) * 3)), 1e-12);
    relClose(o.minibatchCovariance(theta, { batchSize: 3, sampler: 'without-replacement' }), b.cov, 1e-12);
    relClose(sgd.minibatchCovariance(sigma, { examples: N, batchSize: 3, sampler: 'without-replacement' }), b.cov, 1e-12);
    expect(maxAbs(o.minibatchCovariance(theta, { batchSize: 3, sampler: 'full-batch' }))).toBe(0);
  });

  it('the m-minibatch estimator is unbiased (mean of 40 streams within 4 standard errors, every entry)', () => {
    using o = make();
    const theta = pointFor(o, 24), p = o.dim;
    for (const sampler of ['with-replacement', 'without-replacement'] as const) {
      const target = o.minibatchCovariance(theta, { batchSize: 2, sampler });
      const reps = 40;
      const ests = Array.from({ length: reps }, (_, s) => o.minibatchEstimate(theta, { batchSize: 2, batches: 400, sampler, seed: 5, stream: s }));
      for (let e = 0; e < p * p; e++) {
        const vals = ests.map((m) => m[e]!);
        const mu = vals.reduce((s, v) => s + v, 0) / reps;
        const sd = Math.sqrt(vals.reduce((s, v) => s + (v - mu) ** 2, 0) / (reps - 1));
        expect(Math.abs(mu - target[e]!)).toBeLessThanOrEqual(4 * (sd / Math.sqrt(reps)) + 1e-14 * maxAbs(target));
      }
    }
  });

  it('alignment: cosine and top-k overlap by their definitions', () => {
    const H = [[3, 1, 0], [1, 2, 0], [0, 0, 1]];
    const al = sgd.alignment(H.map((r) => r.map((v) => 2 * v)), H, { k: 2 });
    expect(al.cosine).toBeCloseTo(1, 14);
    expect(al.topKOverlap).toBeCloseTo(1, 12);
    const D = sgd.alignment([[1, 0], [0, 0]], [[0, 0], [0, 1]]);
    expect(D.cosine).toBe(0);
    expect(D.topKOverlap).toBeCloseTo(0, 14);
    // thesis approximation 2 L(θ) H(θ*)/B
    const { x, y } = thesisData({ seed: 3 });
    using t = sgd.thesisModel({ x, y });
    const approx = t.thesisApproximation([1.1, 4.5], [1, 5], 10);
    const L = t.value([1.1, 4.5]);
    relClose(approx, t.hessian([1, 5]).map((v) => (2 * L * v) / 10), 1e-14);
  });
});

describe('samplers', () => {
  it('reshuffling visits every example once per epoch; without replacement never repeats within a batch', () => {
    const r = sgd.batches({ sampler: 'reshuffle', examples: 12, batchSize: 4, seed: 3, count: 30 });
    for (let e = 0; e < 10; e++) expect(Array.from(r.slice(e * 12, e * 12 + 12)).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const w = sgd.batches({ sampler: 'without-replacement', examples: 5, batchSize: 4, seed: 3, count: 200 });
    for (let b = 0; b < 200; b++) expect(new Set(w.slice(b * 4, b * 4 + 4)).size).toBe(4);
    expect(Array.from(sgd.batches({ sampler: 'full-batch', examples: 3, seed: 1, count: 2 }))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('index frequencies are uniform (each count within 4.5 binomial standard deviations)', () => {
    for (const sampler of ['with-replacement', 'without-replacement', 'reshuffle'] as const) {
      const N = 7, B = 3, count = 20000;
      const idx = sgd.batches({ sampler, examples: N, batchSize: B, seed: 9, count });
      const c = new Array(N).fill(0);
      idx.forEach((i) => c[i]++);
      const draws = count * B, pr = 1 / N;
      const sd = Math.sqrt(draws * pr * (1 - pr));
      for (const v of c) expect(Math.abs(v - draws * pr)).toBeLessThan(4.5 * sd);
    }
  });
});

describe('data generators', () => {
  it('are reproducible and have the stated laws (label noise, Bernoulli rate, balanced peaks classes, teacher labels)', () => {
    const a = sgd.data.linearRegression({ seed: 1, examples: 4000, dim: 5, spectrum: [1, 2, 3, 4, 5], noise: 0.5 });
    expect(sgd.data.linearRegression({ seed: 1, examples: 4000, dim: 5, spectrum: [1, 2, 3, 4, 5], noise: 0.5 })).toEqual(a);
    // residual y − w·x has variance σ² = 0.25: sample variance within 4 SE (SE = σ²√(2/N))
    let s2 = 0;
    const colVar = new Float64Array(5);
    for (let i = 0; i < 4000; i++) {
      let f = 0;
      for (let j = 0; j < 5; j++) {
        f += a.weights[j]! * a.x[i * 5 + j]!;
        colVar[j]! += a.x[i * 5 + j]! ** 2 / 4000;
      }
      s2 += (a.y[i]! - f) ** 2 / 4000;
    }
    expect(Math.abs(s2 - 0.25)).toBeLessThan(4 * 0.25 * Math.sqrt(2 / 4000));
    colVar.forEach((v, j) => expect(Math.abs(v - (j + 1))).toBeLessThan(4 * (j + 1) * Math.sqrt(2 / 4000)));

    const l = sgd.data.logisticRegression({ seed: 2, examples: 4000, dim: 3, weights: [2, -1, 0.5] });
    let pm = 0, ym = 0;
    for (let i = 0; i < 4000; i++) {
      const f = 2 * l.x[3 * i]! - l.x[3 * i + 1]! + 0.5 * l.x[3 * i + 2]!;
      pm += 1 / (1 + Math.exp(-f)) / 4000;
      ym += l.y[i]! / 4000;
    }
    expect(Math.abs(ym - pm)).toBeLessThan(4 * Math.sqrt(0.25 / 4000));

    const pk = sgd.data.peaks({ seed: 3, examples: 600, classes: 5 });
    const counts = [0, 0, 0, 0, 0];
    pk.y.forEach((c) => counts[c]!++);
    expect(counts).toEqual([120, 120, 120, 120, 120]);
    expect(maxAbs(pk.x)).toBeLessThanOrEqual(3);

    const ts = sgd.data.teacherStudent({ seed: 4, examples: 50, inputs: 3, hidden: 4 });
    using student = sgd.mlp({ x: ts.x, y: ts.y, inputs: 3, hidden: 4 });
    expect(student.value(ts.teacher)).toBe(0);
  });

  it('MLP initialisations have the parameterisation\'s variances', () => {
    using o = sgd.mlp({ x: new Float64Array(40), y: new Float64Array(10), inputs: 4, hidden: 50 });
    const t = o.initialParameters({ seed: 1, n: 40 });
    let v1 = 0, v2 = 0;
    const p = o.dim;
    for (let r = 0; r < 40; r++) {
      for (let i = 0; i < 200; i++) v1 += t[r * p + i]! ** 2 / 8000;
      for (let i = 0; i < 50; i++) v2 += t[r * p + 250 + i]! ** 2 / 2000;
      for (let i = 200; i < 250; i++) expect(t[r * p + i]).toBe(0);
    }
    expect(Math.abs(v1 - 0.25)).toBeLessThan(4 * 0.25 * Math.sqrt(2 / 8000));
    expect(Math.abs(v2 - 0.02)).toBeLessThan(4 * 0.02 * Math.sqrt(2 / 2000));
  });
});

describe('errors and memory', () => {
  it('bad input is an SgdynError naming the parameter', () => {
    expectError(() => sgd.linearRegression({ x: [1, 2, 3], y: [1], inputs: 2 }), 'INVALID_ARGUMENT', 'sgd.linearRegression', 'x.length = 3');
    expectError(() => sgd.linearRegression({ x: [1, 2], y: [1], inputs: 2, l2: -1 }), 'INVALID_ARGUMENT', 'l2 = -1');
    expectError(() => sgd.logisticRegression({ x: [1, 2], y: [1, 0.5] }), 'INVALID_ARGUMENT', 'y[1] = 0.5');
    expectError(() => sgd.softmaxRegression({ x: [1, 2], y: [0, 3], outputs: 3 }), 'INVALID_ARGUMENT', 'y[1] = 3');
    expectError(() => sgd.mlp({ x: [1], y: [1], hidden: 0 }), 'INVALID_ARGUMENT', 'hidden = 0');
    expectError(() => sgd.mlp({ x: [1], y: [1], hidden: 2, activation: 'sigmoid' as never }), 'INVALID_ARGUMENT', 'activation');
    using o = sgd.linearRegression({ x: [1, 2], y: [1, 2] });
    expectError(() => o.noiseCovariance([1, 2]), 'INVALID_ARGUMENT', 'theta.length = 2');
    expectError(() => o.exampleHessian([1], 2), 'INVALID_ARGUMENT', 'index = 2');
    expectError(() => o.batchGradient([1], [0, 5]), 'INVALID_ARGUMENT', 'indices[1] = 5');
    expectError(() => o.minibatchEstimate([1], { batchSize: 1, batches: 1, seed: 1 }), 'INVALID_ARGUMENT', 'batches = 1');
    expectError(() => o.minibatchCovariance([1], { batchSize: 3, sampler: 'without-replacement' }), 'INVALID_ARGUMENT', 'batchSize = 3');
    expectError(() => sgd.alignment([[1, 2], [0, 1]], [[1, 0], [0, 1]]), 'INVALID_ARGUMENT', 'symmetric');
    expectError(() => sgd.batches({ examples: 3, batchSize: 4, sampler: 'reshuffle', seed: 1, count: 1 }), 'INVALID_ARGUMENT', 'batchSize = 4');
    o.dispose();
    expectError(() => o.gradient([1]), 'DISPOSED');
  });

  it('objectives do not leak across create/evaluate/dispose cycles', () => {
    const data = smallData(1, 20, 3, 'real');
    const cycle = (i: number) => {
      const o = i % 2 ? sgd.mlp({ ...data, inputs: 3, hidden: 4 }) : sgd.linearRegression({ ...data, inputs: 3 });
      const t = new Float64Array(o.dim).fill(0.1);
      o.noiseCovariance(t);
      o.perExampleGradients(t);
      o.minibatchEstimate(t, { batchSize: 2, batches: 3, seed: i });
      try {
        o.batchGradient(t, [99]);
      } catch (e) {
        if (!(e instanceof SgdynError)) throw e;
      }
      o.dispose();
    };
    for (let i = 0; i < 100; i++) cycle(i);
    const before = runtimeInfo();
    for (let i = 0; i < 2000; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});
