// SGD on data, part 3: the SDE surrogate of SGD, the comparison harness's distances, sharpness
// and the edge-of-stability tracker. Oracles (derived here, not taken from the seeds):
// - One Euler–Maruyama step of the surrogate from θ with the trajectory's own normals ξ
//   (rng.normals of stream (seed, i)): θ − η∇L − √(ηf)·√η·Σ(θ)^{1/2}ξ, with Σ(θ) from
//   objective.noiseCovariance and its symmetric root from linalg.symmetricEigen (TS side), f = 1/B
//   or (N−B)/((N−1)B). Deterministic, to 1e-12.
// - Shared streams: the surrogate with Σ frozen, EM and Δt = η on ½(θ−c)ᵀH(θ−c) is SGD's Gaussian
//   oracle (sgd.gaussianQuadratic) step for step: equal paths up to rounding.
// - Stationary covariances on a quadratic with Σ frozen (2×2, H and Σ not commuting): the SDE's
//   solves the continuous Lyapunov equation HC + CH = (η/B)Σ (linalg.lyapunov), so it is the same
//   for (η, B) and (2η, 2B); SGD's solves HC + CH − ηHCH = (η/B)Σ, i.e. C = MCMᵀ + η²Σ/B with
//   M = I − ηH (linalg.discreteLyapunov), so it changes with η at fixed η/B. The surrogate is
//   integrated with the exact OU transition (exact in law at Δt = η). Replicas start at θ* and are
//   exactly Gaussian: the sample covariance about the known mean has SE √((CᵢᵢCⱼⱼ + Cᵢⱼ²)/n);
//   asserted within 4 SE, and the predicted SGD shift between the two settings is > 10 SE.
// - Sharpness: the largest eigenvalue of the dense Hessian (linalg.symmetricEigen), to 1e-8.
// - Edge of stability: GD on ½ Σ hᵢxᵢ² multiplies mode i by (1 − ηhᵢ) per step; the step at which
//   L first exceeds the limit and the step at which x becomes non-finite are re-enacted in TS.
// - Distances: 1-D W₂ between Gaussians √((m₁−m₂)² + (s₁−s₂)²) on quantile samples; sliced W₂ of a
//   translation by δ is exactly √(mean_j (uⱼ·δ)²) → ‖δ‖/√d (Monte Carlo over directions, 4 SE);
//   TV between Laplace(0, 1) and Laplace(δ, 1) is 1 − e^{−δ/2} (densities cross at δ/2), checked
//   on quantile samples with a fine grid.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SgdynError, landscapes, linalg, rng, runtimeInfo, sgd, simulate, gaussianWasserstein2, slicedWasserstein, totalVariation, wasserstein1d,
} from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

/** Symmetric square root by the eigendecomposition. */
function sqrtm(a: Float64Array, p: number): Float64Array {
  const e = linalg.symmetricEigen(a);
  const r = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const s = Math.sqrt(Math.max(0, e.values[k]!));
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) r[i * p + j]! += e.vectors[i * p + k]! * s * e.vectors[j * p + k]!;
  }
  return r;
}

function matvec(a: ArrayLike<number>, x: ArrayLike<number>, p: number): Float64Array {
  return Float64Array.from({ length: p }, (_, i) => {
    let s = 0;
    for (let j = 0; j < p; j++) s += (a[i * p + j] as number) * (x[j] as number);
    return s;
  });
}

/** Acklam's inverse normal CDF (relative error < 1.2e-9), refined by one Halley step on erfc-free Φ via the series below. */
function normalQuantile(u: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (u < lo) {
    const q = Math.sqrt(-2 * Math.log(u));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (u > 1 - lo) return -normalQuantile(1 - u);
  const q = u - 0.5, r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

describe('sgd.surrogate: the diffusion √(ηf) Σ(θ)^{1/2}', () => {
  it('one Euler–Maruyama step equals θ − η∇L − η√f Σ(θ)^{1/2}ξ with the trajectory’s own normals (thesis model, linear regression; both samplers)', () => {
    const th = sgd.data.thesis({ seed: 1, points: 12, copies: 3 });
    using T = sgd.thesisModel({ x: th.x, y: th.y, normalisation: 'mean' });
    const lr = sgd.data.linearRegression({ seed: 2, examples: 50, dim: 3, noise: 0.3 });
    using L = sgd.linearRegression({ x: lr.x, y: lr.y, inputs: 3, l2: 0.05 });
    const cases = [
      { objective: T, starts: [[1.3, 4.2], [0.7, 5.6], [-0.4, 3.0]] },
      { objective: L, starts: [[0.1, -0.2, 0.3], [1, 0.5, -1], [0, 0, 0]] },
    ];
    for (const { objective, starts } of cases) {
      const p = objective.dim;
      for (const sampler of ['with-replacement', 'without-replacement'] as const) {
        const eta = 0.01, B = 4, N = objective.examples;
        const f = sampler === 'with-replacement' ? 1 / B : (N - B) / ((N - 1) * B);
        const x0 = Float64Array.from(starts.flat());
        using ens = sgd.surrogate({ objective, learningRate: eta, batchSize: B, sampler, nTrajectories: starts.length, x0, seed: 9, steps: 1 });
        const got = ens.positions();
        starts.forEach((theta, i) => {
          const { sigma, gradient } = objective.noiseCovariance(theta);
          const xi = rng.normals({ seed: 9, stream: i, count: p });
          const noise = matvec(sqrtm(sigma, p), xi, p);
          for (let j = 0; j < p; j++) {
            const want = theta[j]! - eta * gradient[j]! - Math.sqrt(eta * f) * Math.sqrt(eta) * noise[j]!;
            expect(Math.abs(got[i * p + j]! - want)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want)));
          }
        });
      }
    }
  });

  it('frozen Σ at θ equals the exact form’s first step from θ, and the thesis form is 2L(θ)H(θ*)f', () => {
    const th = sgd.data.thesis({ seed: 4, points: 10, copies: 2 });
    using T = sgd.thesisModel({ x: th.x, y: th.y });
    const theta = [1.1, 4.6], star = [1, 5];
    const common = { objective: T, learningRate: 1e-3, batchSize: 5, nTrajectories: 64, x0: theta, seed: 3, steps: 1 };
    using exact = sgd.surrogate(common);
    using frozen = sgd.surrogate({ ...common, noise: 'frozen', at: theta });
    const a = exact.positions(), b = frozen.positions();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-14);
    // thesis form: σσᵀ = η·2L(θ)H(θ*)/B; the increment of trajectory i is −η∇L + √η σ ξ with σ = √(2ηL/B)·R, RRᵀ = H
    using thesis = sgd.surrogate({ ...common, noise: 'thesis', minimum: star });
    const c = thesis.positions();
    const H = T.hessian(star), Lv = T.value(theta), g = T.gradient(theta);
    const e = linalg.symmetricEigen(H);
    for (let i = 0; i < 8; i++) {
      const xi = rng.normals({ seed: 3, stream: i, count: 2 });
      // R = V√Λ (the crate's factor): σξ = √(2ηL/B) V√Λ ξ
      for (let j = 0; j < 2; j++) {
        let s = 0;
        for (let k = 0; k < 2; k++) s += e.vectors[j * 2 + k]! * Math.sqrt(Math.max(0, e.values[k]!)) * xi[k]!;
        const want = theta[j]! - 1e-3 * g[j]! + Math.sqrt(1e-3) * Math.sqrt((2 * 1e-3 * Lv) / 5) * s;
        expect(Math.abs(c[i * 2 + j]! - want)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want)));
      }
    }
  });

  it('shares its streams with SGD’s Gaussian oracle: frozen Σ, EM, Δt = η follows the same path as sgd.gaussianQuadratic', () => {
    const H = [[2, 0.5], [0.5, 1]], centre = [0.3, -0.2], Sigma = [[1, -0.3], [-0.3, 0.5]];
    const eta = 0.05, B = 4, n = 50, steps = 300;
    using U = landscapes.quadratic({ hessian: H, centre });
    using ens = sgd.surrogate({ objective: U, noise: 'frozen', covariance: Sigma, learningRate: eta, batchSize: B, nTrajectories: n, x0: [1, 1], seed: 77, trajectoryOffset: 5, steps });
    using run = sgd.gaussianQuadratic({ hessian: H, centre, noiseCovariance: Sigma, batchSize: B, learningRate: eta, nReplicas: n, seed: 77, replicaOffset: 5, x0: [1, 1] });
    run.advance(steps);
    const a = ens.positions(), b = run.parameters();
    let maxDiff = 0, maxDev = 0;
    for (let i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
      maxDev = Math.max(maxDev, Math.abs(b[i]! - centre[i % 2]!));
    }
    expect(maxDev).toBeGreaterThan(0.05); // the paths are genuinely noisy
    expect(maxDiff).toBeLessThanOrEqual(1e-12);
    // a different seed decouples them
    using other = sgd.surrogate({ objective: U, noise: 'frozen', covariance: Sigma, learningRate: eta, batchSize: B, nTrajectories: n, x0: [1, 1], seed: 78, trajectoryOffset: 5, steps });
    expect(Math.abs(other.positions()[0]! - b[0]!)).toBeGreaterThan(1e-6);
  });
});

describe('stationary covariances: the surrogate (continuous Lyapunov) vs SGD (discrete) under (η, B) → (2η, 2B)', () => {
  const H = [[2, 0.5], [0.5, 1]], centre = [0, 0], Sigma = [[1, -0.3], [-0.3, 0.5]];
  const n = 20_000;
  const flat = (m: number[][]) => Float64Array.from(m.flat());
  function sampleCov(x: Float64Array): Float64Array {
    const c = new Float64Array(4);
    for (let r = 0; r < n; r++) for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) c[a * 2 + b]! += (x[r * 2 + a]! * x[r * 2 + b]!) / n;
    return c;
  }
  /** max over entries of |C − want| / SE. */
  function zMax(c: Float64Array, want: Float64Array): number {
    let z = 0;
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
      const se = Math.sqrt((want[a * 2 + a]! * want[b * 2 + b]! + want[a * 2 + b]! ** 2) / n);
      z = Math.max(z, Math.abs(c[a * 2 + b]! - want[a * 2 + b]!) / se);
    }
    return z;
  }
  const settings = [{ eta: 0.2, B: 4 }, { eta: 0.4, B: 8 }];

  it('the surrogate’s stationary covariance solves HC + CH = (η/B)Σ and is the same for both settings (4 SE)', () => {
    using U = landscapes.quadratic({ hessian: H, centre });
    const ratio = 0.2 / 4;
    const continuous = linalg.lyapunov(H, flat(Sigma).map((v) => (ratio * v) / 2));
    for (const { eta, B } of settings) {
      // exact OU transition at Δt = η: exact in law; 150 steps = t ≥ 30 ≫ 1/λ_min ≈ 1.3
      using ens = sgd.surrogate({ objective: U, noise: 'frozen', covariance: Sigma, learningRate: eta, batchSize: B, integrator: 'exact-ou', nTrajectories: n, x0: centre, seed: 11, steps: Math.ceil(30 / eta) });
      expect(zMax(sampleCov(ens.positions()), continuous)).toBeLessThan(4);
    }
  });

  it('SGD’s solves HC + CH − ηHCH = (η/B)Σ, which moves with η at fixed η/B as predicted (4 SE; shift > 10 SE)', () => {
    const discrete = settings.map(({ eta, B }) => {
      const M = flat(H).map((v, i) => (i % 3 === 0 ? 1 : 0) - eta * v);
      return linalg.discreteLyapunov(M, flat(Sigma).map((v) => (eta * eta * v) / B));
    });
    // the predicted shift is large against the sampling error
    expect(zMax(discrete[1]!, discrete[0]!)).toBeGreaterThan(10);
    settings.forEach(({ eta, B }, s) => {
      using run = sgd.gaussianQuadratic({ hessian: H, centre, noiseCovariance: Sigma, batchSize: B, learningRate: eta, nReplicas: n, seed: 12 });
      run.advance(Math.ceil(30 / eta));
      expect(zMax(sampleCov(run.parameters()), discrete[s]!)).toBeLessThan(4);
    });
  });
});

describe('sharpness and the edge of stability', () => {
  it('Lanczos and power iteration on HVPs equal the top eigenvalue of the dense Hessian to 1e-8 (MLP, thesis model, quadratic)', () => {
    const data = sgd.data.teacherStudent({ seed: 3, examples: 60, inputs: 3, hidden: 4, noise: 0.1 });
    using M = sgd.mlp({ x: data.x, y: data.y, inputs: 3, hidden: 4 });
    const th = sgd.data.thesis({ seed: 1 });
    using T = sgd.thesisModel({ x: th.x, y: th.y });
    using Q = landscapes.quadratic({ hessian: [[3, 1, 0], [1, 2, 0.5], [0, 0.5, 1]] });
    for (const [U, x] of [[M, M.initialParameters({ seed: 2 })], [T, [1, 5]], [Q, [0.1, 0.2, 0.3]]] as const) {
      const e = linalg.symmetricEigen(U.hessian(x));
      const top = e.values[e.values.length - 1]!;
      const lan = sgd.sharpness(U, x);
      expect(Math.abs(lan.value - top)).toBeLessThanOrEqual(1e-8 * Math.abs(top));
      // power iteration finds the largest |λ|; here it is λ_max (checked)
      expect(Math.abs(e.values[0]!)).toBeLessThan(top);
      const pow = sgd.sharpness(U, x, { method: 'power', tol: 1e-13, maxIterations: 100_000 });
      expect(Math.abs(pow.value - top)).toBeLessThanOrEqual(1e-8 * Math.abs(top));
    }
  });

  it('GD on a quadratic diverges exactly when ηλ_max > 2: DIVERGED with the step the recursion predicts; ηλ_max/2 recorded', () => {
    const h = [4, 1], x0 = [0.5, 1];
    using U = landscapes.quadratic({ hessian: [[4, 0], [0, 1]] });
    const loss = (x: number[]) => 0.5 * (h[0]! * x[0]! ** 2 + h[1]! * x[1]! ** 2);
    for (const factor of [0.99, 1.01]) {
      const eta = (2 / 4) * factor;
      const r = sgd.edgeOfStability({ landscape: U, learningRate: eta, x0, steps: 4000 });
      expect(r.stability[0]).toBeCloseTo(factor, 12);
      for (const s of r.sharpness) expect(Math.abs(s - 4)).toBeLessThan(1e-8);
      // re-enact the recursion and the default limit 1e12·max(L₀, 1)
      const limit = 1e12 * Math.max(loss(x0), 1);
      let x = [...x0], step: number | null = null;
      for (let k = 1; k <= 4000 && step === null; k++) {
        x = x.map((v, i) => v - eta * h[i]! * v);
        if (!(loss(x) <= limit)) step = k;
      }
      if (factor < 1) {
        expect(r.diverged).toBeNull();
        expect(step).toBeNull();
        expect(r.loss.at(-1)!).toBeLessThan(r.loss[0]!);
      } else {
        expect(r.diverged).toBeInstanceOf(SgdynError);
        expect(r.diverged!.code).toBe('DIVERGED');
        expect(r.diverged!.step).toBe(step);
        expect(r.diverged!.message).toContain(`step ${step}`);
        expect(r.steps.at(-1)).toBe(step! - 1); // records stop before the divergence
      }
    }
    // non-finite state (no loss check in between): the engine's exact step
    const eta = 30;
    const r = sgd.edgeOfStability({ landscape: U, learningRate: eta, x0, steps: 1000, every: 1000 });
    let x = [...x0], k = 0;
    while (x.every(Number.isFinite)) { x = x.map((v, i) => v - eta * (h[i]! * v)); k++; }
    expect(r.diverged!.code).toBe('DIVERGED');
    expect(Math.abs(r.diverged!.step! - k)).toBeLessThanOrEqual(1);
  });
});

describe('distances', () => {
  it('1-D W₂ between Gaussians equals √((m₁−m₂)² + (s₁−s₂)²) on quantile samples (equal and unequal sizes)', () => {
    const q = (n: number, m: number, s: number) => Float64Array.from({ length: n }, (_, i) => m + s * normalQuantile((i + 0.5) / n));
    for (const [m1, s1, m2, s2] of [[0, 1, 0.5, 2], [1, 0.3, -2, 0.3], [0, 1, 0, 1.5]] as const) {
      const want = gaussianWasserstein2(m1, s1, m2, s2);
      expect(Math.abs(wasserstein1d(q(100_000, m1, s1), q(100_000, m2, s2)) - want)).toBeLessThan(2e-3 * want);
      expect(Math.abs(wasserstein1d(q(100_000, m1, s1), q(70_003, m2, s2)) - want)).toBeLessThan(2e-3 * want);
    }
    // tiny cases by hand: {0, 1} vs {0, 0.5, 1}: quantile steps 1/3, 1/6, 1/6, 1/3 → W₁ = (1/6)(0.5) + (1/6)(0.5) = 1/6
    expect(wasserstein1d([1, 0], [0.5, 1, 0], { order: 1 })).toBeCloseTo(1 / 6, 15);
    expect(wasserstein1d([3], [1], { order: 2 })).toBe(2);
  });

  it('sliced W₂ of a translation by δ is √(mean (u·δ)²) → ‖δ‖/√d over random directions (4 SE)', () => {
    const d = 3, n = 500, m = 2000, delta = [0.6, -0.2, 0.9];
    const x = rng.normals({ seed: 5, count: n * d });
    const y = x.map((v, i) => v + delta[i % d]!);
    const sw = slicedWasserstein(x, y, d, { projections: m, seed: 1 });
    const norm2 = delta.reduce((s, v) => s + v * v, 0);
    // (u·δ)² for u uniform on S²: mean ‖δ‖²/3, variance ‖δ‖⁴(1/5 − 1/9)
    const se = Math.sqrt((norm2 ** 2 * (1 / 5 - 1 / 9)) / m);
    expect(Math.abs(sw * sw - norm2 / 3)).toBeLessThan(4 * se);
  });

  it('total variation on a grid: Laplace(0, 1) vs Laplace(δ, 1) gives 1 − e^{−δ/2}; identical samples give 0', () => {
    const n = 1_000_000;
    const laplace = (mu: number) => Float64Array.from({ length: n }, (_, i) => {
      const u = (i + 0.5) / n;
      return mu + (u < 0.5 ? Math.log(2 * u) : -Math.log(2 - 2 * u));
    });
    for (const delta of [0.5, 2]) {
      const tv = totalVariation(laplace(0), laplace(delta), 1, { bins: 500, range: [-8, 8 + delta] })[0]!;
      // errors: ≤ 1 count per bin (quantile samples) → ≤ bins/n; the crossing bin O(h²); the tails beyond the grid are counted as one cell
      expect(Math.abs(tv - (1 - Math.exp(-delta / 2)))).toBeLessThan(1e-3);
    }
    const z = rng.normals({ seed: 1, count: 2000 });
    expect(Array.from(totalVariation(z, z, 2))).toEqual([0, 0]);
    expect(totalVariation(z, z.map((v) => v + 100), 2, { mode: 'joint' })[0]).toBe(1);
  });
});

describe('sgd.compare', () => {
  it('linear regression: the SGD and surrogate ensemble means agree within 4 SE at every frame (both follow E θₖ₊₁ = E θₖ − η∇L(E θₖ)); frame 0 is the start', () => {
    const data = sgd.data.linearRegression({ seed: 8, examples: 200, dim: 2, noise: 0.5 });
    using L = sgd.linearRegression({ x: data.x, y: data.y, inputs: 2 });
    const c = sgd.compare({ objective: L, learningRate: 0.1, batchSize: 5, nReplicas: 2000, x0: [1.5, -1], seed: 3, steps: 40, every: 10 });
    expect(Array.from(c.steps)).toEqual([0, 10, 20, 30, 40]);
    expect(c.times[4]).toBeCloseTo(4, 12);
    expect(Array.from(c.sgd.mean.subarray(0, 2))).toEqual([1.5, -1]);
    for (let f = 1; f < 5; f++) {
      for (let j = 0; j < 2; j++) {
        const se = Math.sqrt((c.sgd.covariance[f * 4 + j * 3]! + c.surrogate.covariance[f * 4 + j * 3]!) / 2000);
        expect(Math.abs(c.sgd.mean[f * 2 + j]! - c.surrogate.mean[f * 2 + j]!)).toBeLessThan(4 * se);
      }
    }
    expect(c.final.sgd.length).toBe(4000);
    expect(c.slicedWasserstein[4]).toBeGreaterThan(0);
    const plots = sgd.comparisonPlots(c, { names: ['w₁', 'w₂'] });
    expect(plots.marginals).toHaveLength(2);
    for (const svg of [plots.loss, plots.distances, ...plots.marginals]) expect(svg.startsWith('<svg')).toBe(true);
  });
});

describe('pooled surrogate runs', () => {
  it('simulatePooled with sgd.surrogateNoise on an objective is bit-identical to sgd.surrogate for 1 and 2 workers (dist bundle, as shipped)', async () => {
    const api: typeof import('../ts/index.js') = await import(new URL('../dist/node.js', import.meta.url).href);
    await api.init();
    const th = api.sgd.data.thesis({ seed: 1, points: 10, copies: 3 });
    using T = api.sgd.thesisModel({ x: th.x, y: th.y, normalisation: 'mean' });
    const o = { objective: T, learningRate: 1e-3, batchSize: 4, sampler: 'without-replacement' as const };
    using local = api.sgd.surrogate({ ...o, nTrajectories: 300, x0: [1.3, 5.2], seed: 6, steps: 40 });
    for (const workers of [1, 2]) {
      const pooled = await api.simulatePooled({ landscape: T, noise: api.sgd.surrogateNoise(o), interpretation: 'ito', dt: 1e-3, nTrajectories: 300, x0: [1.3, 5.2], seed: 6, steps: 40, workers, observe: 'positions' });
      expect(pooled.positions).toEqual(local.positions());
    }
  });
});

describe('errors and memory', () => {
  it('bad surrogate options give clear errors and leave other objects usable', () => {
    using U = landscapes.quadratic({ hessian: [[1, 0], [0, 2]] });
    const th = sgd.data.thesis({ seed: 1, points: 6, copies: 2 });
    using T = sgd.thesisModel({ x: th.x, y: th.y });
    const base = { learningRate: 0.01, batchSize: 2, nTrajectories: 4, x0: [1, 5], seed: 1 };
    expectError(() => sgd.surrogate({ ...base, objective: U }), 'INVALID_ARGUMENT', "noise = 'exact'", 'Objective');
    expectError(() => sgd.surrogate({ ...base, objective: T, integrator: 'heun' }), 'INVALID_ARGUMENT', 'integrator', "'euler-maruyama'");
    expectError(() => sgd.surrogate({ ...base, objective: T, noise: 'frozen' }), 'INVALID_ARGUMENT', 'at', 'covariance');
    expectError(() => sgd.surrogate({ ...base, objective: U, noise: 'frozen', covariance: [[1, 0], [0, -1]] }), 'INVALID_ARGUMENT', 'noise.covariance', 'positive semi-definite');
    expectError(() => sgd.surrogate({ ...base, objective: T, batchSize: 12, sampler: 'without-replacement' }), 'INVALID_ARGUMENT', 'batchSize', 'vanishes');
    expectError(() => sgd.surrogate({ ...base, objective: T, noise: 'thesis' }), 'INVALID_ARGUMENT', 'minimum');
    expectError(() => sgd.surrogate({ ...base, objective: T, at: [1, 5] }), 'INVALID_ARGUMENT', 'at', "'frozen'");
    // the crate refuses Stratonovich readings of the recomputed noise (no closed-form correction)
    const e = simulate({ landscape: T, noise: sgd.surrogateNoise({ objective: T, learningRate: 0.01, batchSize: 2 }), interpretation: 'stratonovich', dt: 0.01, nTrajectories: 2, x0: [1, 5], seed: 1 });
    expectError(() => e.step(1), 'INVALID_ARGUMENT', 'Itô–Stratonovich', "'euler-maruyama'");
    e.dispose();
    expectError(() => sgd.sharpness(U, [1]), 'INVALID_ARGUMENT', 'theta');
    expectError(() => sgd.edgeOfStability({ landscape: U, learningRate: 0.1, x0: [1, 1], steps: 10, every: 3 }), 'INVALID_ARGUMENT', 'every');
    expect(U.value([1, 1])).toBe(1.5);
  });

  it('a diverging surrogate reports DIVERGED with trajectory and step', () => {
    const th = sgd.data.thesis({ seed: 1, points: 6, copies: 2 });
    using T = sgd.thesisModel({ x: th.x, y: th.y });
    using ens = sgd.surrogate({ objective: T, learningRate: 1, batchSize: 1, nTrajectories: 3, x0: [3, 8], seed: 1 });
    const err = expectError(() => ens.step(10_000), 'DIVERGED');
    expect(err.step).toBeGreaterThan(0);
    expect(err.trajectory).toBeGreaterThanOrEqual(0);
  });

  it('10⁴ surrogate create/step/dispose cycles keep linear memory flat', () => {
    const th = sgd.data.thesis({ seed: 1, points: 6, copies: 2 });
    using T = sgd.thesisModel({ x: th.x, y: th.y });
    const cycle = () => sgd.surrogate({ objective: T, learningRate: 1e-3, batchSize: 2, nTrajectories: 2, x0: [1, 5], seed: 1, steps: 2 }).dispose();
    for (let i = 0; i < 200; i++) cycle();
    const before = runtimeInfo().memoryBytes, live = runtimeInfo().liveObjects;
    for (let i = 0; i < 10_000; i++) cycle();
    expect(runtimeInfo().memoryBytes).toBe(before);
    expect(runtimeInfo().liveObjects).toBe(live);
  });
});
