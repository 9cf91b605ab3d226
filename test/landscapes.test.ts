// The built-in landscapes of issue 3: Müller–Brown, Rosenbrock, multi-well, Gaussian
// mixture, thesis-model loss. Oracles (all derived here, none taken from the seeds):
// - central differences for gradients (of values) and Hessians (of gradients) at seeded
//   random points, step h = 1e-5; tolerances are relative to max(1, |exact|, |fd|): 1e-6
//   (1e-8/1e-7 for the Gaussian mixture), ≥ 20× the largest error measured at these points
//   (the O(h²·U''') + O(ε·|U|/h) error of the quotient; 4.6e-8 on the thesis loss);
// - H·v from the Hessian for the Hessian-vector product (1e-12, relative to Σⱼ|Hᵢⱼvⱼ|);
// - the ensemble kernel's batched gradient, read out bit for bit through one Euler–Maruyama
//   step at T = 0 with Δt = 2¹⁰⁰ (so x₁ = x₀ − Δt·g has x₀ below half an ulp and pins g);
// - hand-derived closed forms: Rosenbrock's minimum and Hessian there, the multi-well's exact
//   minima, outer parabolas and locality, its symmetric-pair barrier, the thesis loss's normalisation
//   factors, the data generator's definition in terms of rng.uniforms;
// - Newton's method with the landscape's own Hessian for Müller–Brown's minima (asserted:
//   zero gradient, positive-definite Hessian; literature positions only as a sanity check)
//   and for the thesis loss's least-squares minimum on noise-free data.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Landscape, SgdynError, landscapes, runtimeInfo, simulate, simulateStream, thesisData, thesisModelFunction } from '../ts/index.js';
import { Core, compileModule } from '../bindings/index.js';
import { landscapeGaussianMixture, landscapeMultiWell, landscapeRosenbrock, landscapeThesisModel } from '../bindings/landscapes.js';
import { loadSgdyn } from './support/wasm.js';
import { expectError } from './support/expectError.js';
import { prng } from './support/prng.js';

beforeAll(loadSgdyn);

/** m points in the box [lo, hi] (per coordinate), row-major m × d. */
function points(seed: number, m: number, lo: number[], hi: number[]): Float64Array {
  const u = prng(seed);
  const d = lo.length;
  return Float64Array.from({ length: m * d }, (_, i) => (lo[i % d] as number) + ((hi[i % d] as number) - (lo[i % d] as number)) * u());
}

/** |a − b| ≤ tol · max(1, |a|, |b|). */
function close(a: number, b: number, tol: number, what: string): void {
  const scale = Math.max(1, Math.abs(a), Math.abs(b));
  if (!(Math.abs(a - b) <= tol * scale)) throw new Error(`${what}: ${a} vs ${b} (tolerance ${tol} × ${scale})`);
}

const H = 1e-5;

/**
 * Gradient vs central differences of values and Hessian vs central differences of gradients
 * at the points `xs`, HVP vs H·v (1e-12) and batched vs pointwise gradients (bit for bit).
 */
function checkDerivatives(U: Landscape, xs: Float64Array, tolGradient: number, tolHessian: number, seed: number): void {
  const d = U.dim;
  const m = xs.length / d;
  const g = U.gradients(xs);
  const hs = U.hessians(xs);
  // Perturbed copies: for point p and coordinate i, rows (2(p·d+i)) = x + h eᵢ and (… + 1) = x − h eᵢ.
  const shifted = new Float64Array(2 * m * d * d);
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < d; i++) {
      const row = 2 * (p * d + i);
      for (let j = 0; j < d; j++) {
        shifted[row * d + j] = xs[p * d + j] as number;
        shifted[(row + 1) * d + j] = xs[p * d + j] as number;
      }
      shifted[row * d + i] = (shifted[row * d + i] as number) + H;
      shifted[(row + 1) * d + i] = (shifted[(row + 1) * d + i] as number) - H;
    }
  }
  const vals = U.values(shifted);
  const grads = U.gradients(shifted);
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < d; i++) {
      const row = 2 * (p * d + i);
      const fd = ((vals[row] as number) - (vals[row + 1] as number)) / (2 * H);
      close(g[p * d + i] as number, fd, tolGradient, `${U.kind} ∂${i}U at point ${p}`);
      for (let j = 0; j < d; j++) {
        const fdh = ((grads[row * d + j] as number) - (grads[(row + 1) * d + j] as number)) / (2 * H);
        close(hs[p * d * d + j * d + i] as number, fdh, tolHessian, `${U.kind} ∂${j}∂${i}U at point ${p}`);
      }
    }
  }
  // Symmetry of the Hessian (exact: every implementation writes both triangles from one value).
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) expect(hs[p * d * d + i * d + j]).toBe(hs[p * d * d + j * d + i]);
  }
  // Hessian-vector products.
  const u = prng(seed);
  const vs = Float64Array.from({ length: m * d }, () => 2 * u() - 1);
  const hv = U.hessianVectors(xs, vs);
  for (let p = 0; p < m; p++) {
    for (let i = 0; i < d; i++) {
      let s = 0, a = 0;
      for (let j = 0; j < d; j++) {
        const t = (hs[p * d * d + i * d + j] as number) * (vs[p * d + j] as number);
        s += t;
        a += Math.abs(t);
      }
      const err = Math.abs((hv[p * d + i] as number) - s);
      if (!(err <= 1e-12 * Math.max(1, a))) throw new Error(`${U.kind} HVP[${i}] at point ${p}: ${hv[p * d + i]} vs ${s}`);
    }
  }
  // Batched gradient (the ensemble kernel's gradient_batch) vs the pointwise one, bit for bit.
  const dt = 2 ** 100;
  const pointwise = new Float64Array(m * d);
  for (let p = 0; p < m; p++) pointwise.set(U.gradient(xs.subarray(p * d, (p + 1) * d)), p * d);
  expect(pointwise).toEqual(g);
  using ens = simulate({ landscape: U, temperature: 0, dt, steps: 1, nTrajectories: m, x0: xs, seed: 1 });
  const x1 = ens.positions();
  const expected = xs.map((x, i) => x - dt * (pointwise[i] as number) + 0);
  for (let i = 0; i < m * d; i++) {
    // x₀ is below half an ulp of Δt·g here (unless g is ~1e-14·x₀), so x₁ pins every bit of g.
    if (x1[i] !== expected[i]) throw new Error(`${U.kind} batched gradient ${i}: ${-(x1[i] as number) / dt} vs ${pointwise[i]}`);
  }
}

/** Newton's method with the landscape's own gradient and Hessian (d = 2). */
function newton2(U: Landscape, start: [number, number], iterations = 60): number[] {
  let p = [...start];
  for (let k = 0; k < iterations; k++) {
    const g = U.gradient(p);
    const h = U.hessian(p);
    const [a, b, c, e] = [h[0]!, h[1]!, h[2]!, h[3]!];
    const det = a * e - b * c;
    p = [p[0]! - (e * g[0]! - b * g[1]!) / det, p[1]! - (-c * g[0]! + a * g[1]!) / det];
  }
  return p;
}

function expectPositiveDefinite2(h: Float64Array): void {
  expect(h[0]! + h[3]!).toBeGreaterThan(0);
  expect(h[0]! * h[3]! - h[1]! * h[2]!).toBeGreaterThan(0);
}

const MB_BOX: [number[], number[]] = [[-1.5, -0.5], [1.2, 2]];

describe('Müller–Brown', () => {
  it('has exact derivatives (h = 1e-5; gradient and Hessian 1e-6 relative) at 60 random points, scale 1 and 0.05', () => {
    for (const scale of [1, 0.05]) {
      using U = landscapes.mullerBrown({ scale });
      expect(U.dim).toBe(2);
      checkDerivatives(U, points(11, 60, ...MB_BOX), 1e-6, 1e-6, 12);
    }
  });

  it('scale multiplies V', () => {
    using U = landscapes.mullerBrown();
    using S = landscapes.mullerBrown({ scale: 0.1 });
    const xs = points(3, 20, ...MB_BOX);
    const u = U.values(xs), s = S.values(xs);
    u.forEach((v, i) => close(s[i] as number, 0.1 * v, 1e-14, 'scaled value'));
  });

  it('its three minima, found by Newton from nearby starts, have zero gradient and positive-definite Hessians', () => {
    using U = landscapes.mullerBrown();
    const literature = [
      { start: [-0.5, 1.4], at: [-0.558, 1.442], value: -146.70 },
      { start: [0.6, 0.05], at: [0.623, 0.028], value: -108.17 },
      { start: [-0.1, 0.5], at: [-0.050, 0.467], value: -80.77 },
    ] as const;
    for (const { start, at, value } of literature) {
      const p = newton2(U, [start[0], start[1]]);
      const g = U.gradient(p);
      expect(Math.abs(g[0]!)).toBeLessThan(1e-10);
      expect(Math.abs(g[1]!)).toBeLessThan(1e-10);
      expectPositiveDefinite2(U.hessian(p));
      // Sanity check against Müller & Brown's table (3 decimals).
      expect(Math.abs(p[0]! - at[0])).toBeLessThan(1e-3);
      expect(Math.abs(p[1]! - at[1])).toBeLessThan(1e-3);
      expect(Math.abs(U.value(p) - value)).toBeLessThan(1e-2);
    }
  });

  it('rejects a bad scale', () => {
    expectError(() => landscapes.mullerBrown({ scale: 0 }), 'INVALID_ARGUMENT', 'landscapes.mullerBrown', 'scale = 0', '> 0');
    expectError(() => landscapes.mullerBrown({ scale: -0.1 }), 'INVALID_ARGUMENT', 'scale = -0.1');
    expectError(() => landscapes.mullerBrown({ scale: Number.NaN }), 'INVALID_ARGUMENT', 'scale = NaN');
  });
});

describe('Rosenbrock', () => {
  it('has exact derivatives (h = 1e-5; gradient and Hessian 1e-6 relative) in d = 2, 3, 6 at random points in [−2, 2]ᵈ', () => {
    for (const [dim, a, b] of [[2, 1, 100], [3, 0.7, 3], [6, -0.4, 100]] as const) {
      using U = landscapes.rosenbrock({ dim, a, b });
      checkDerivatives(U, points(20 + dim, 40, Array(dim).fill(-2), Array(dim).fill(2)), 1e-6, 1e-6, 30 + dim);
    }
  });

  it('for a = 1 has its minimum U = 0 at (1, …, 1) with the hand-derived tridiagonal Hessian', () => {
    for (const dim of [2, 3, 5]) {
      using U = landscapes.rosenbrock({ dim });
      expect(U.parameters).toMatchObject({ dim, a: 1, b: 100 });
      const ones = new Float64Array(dim).fill(1);
      expect(U.value(ones)).toBe(0);
      expect(U.gradient(ones).every((g) => g === 0)).toBe(true); // ±0
      // Hⱼⱼ = [j ≥ 1]·2b + [j ≤ d−2]·(12b − 4b + 2) = 200·[j ≥ 1] + 802·[j ≤ d−2]; Hⱼ,ⱼ±₁ = −4b = −400.
      const want = new Float64Array(dim * dim);
      for (let j = 0; j < dim; j++) {
        want[j * dim + j] = (j >= 1 ? 200 : 0) + (j <= dim - 2 ? 802 : 0);
        if (j + 1 < dim) want[j * dim + j + 1] = want[(j + 1) * dim + j] = -400;
      }
      expect(U.hessian(ones)).toEqual(want);
    }
  });

  it('in d = 2 has U = 0, ∇U = 0 at (a, a²) with Hessian [[8ba² + 2, −4ba], [−4ba, 2b]]', () => {
    const [a, b] = [2, 7];
    using U = landscapes.rosenbrock({ a, b });
    expect(U.value([a, a * a])).toBe(0);
    expect(U.gradient([a, a * a]).every((g) => g === 0)).toBe(true); // ±0
    expect(Array.from(U.hessian([a, a * a]))).toEqual([8 * b * a * a + 2, -4 * b * a, -4 * b * a, 2 * b]);
  });

  it('rejects d < 2, a non-finite a and b ≤ 0', () => {
    expectError(() => landscapes.rosenbrock({ dim: 1 }), 'INVALID_ARGUMENT', 'landscapes.rosenbrock', 'dim = 1', '>= 2');
    expectError(() => landscapes.rosenbrock({ dim: 2.5 }), 'INVALID_ARGUMENT', 'dim = 2.5');
    expectError(() => landscapes.rosenbrock({ a: Number.POSITIVE_INFINITY }), 'INVALID_ARGUMENT', 'a = Infinity');
    expectError(() => landscapes.rosenbrock({ b: 0 }), 'INVALID_ARGUMENT', 'b = 0', '> 0');
  });
});

describe('multi-well', () => {
  const wells = { minima: [-2, 0.5, 2.2], depths: [1, 0.3, 2], curvatures: [3, 8, 2] };
  /** The parabola of well k at x, in the crate's operation order: ½κ(x − m)² + (−D). */
  const q = (k: number, x: number) => 0.5 * wells.curvatures[k]! * (x - wells.minima[k]!) * (x - wells.minima[k]!) + -wells.depths[k]!;

  it('has exact derivatives (h = 1e-5; gradient and Hessian 1e-6 relative) in d = 1 and 3, also inside the blends', () => {
    using U1 = landscapes.multiWell(wells);
    checkDerivatives(U1, points(40, 200, [-3.5], [3.5]), 1e-6, 1e-6, 41);
    using U3 = landscapes.multiWell({ ...wells, dim: 3 });
    checkDerivatives(U3, points(42, 60, [-3, -3, -3], [3, 3, 3]), 1e-6, 1e-6, 43);
  });

  it("exact by construction: W(mₖ) = −Dₖ, W'(mₖ) = 0, W''(mₖ) = κₖ bit for bit, in every dimension", () => {
    using U = landscapes.multiWell({ ...wells, dim: 2 });
    const { minima, depths, curvatures } = wells;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const x = [minima[i]!, minima[j]!];
        expect(U.value(x)).toBe(0 + -depths[i]! + -depths[j]!);
        expect(Array.from(U.gradient(x))).toEqual([0, 0]);
        expect(Array.from(U.hessian(x))).toEqual([curvatures[i], 0, 0, curvatures[j]]);
      }
    }
  });

  it('is exactly the outer parabolas outside [m₁, m_K], and on a gap depends only on its two wells', () => {
    using U = landscapes.multiWell(wells);
    for (const x of [-7.5, -3, -2.0000001, 2.2000001, 3.1, 40]) {
      const k = x < 0 ? 0 : 2;
      expect(U.value([x])).toBe(q(k, x));
      expect(U.gradient([x])[0]).toBe(wells.curvatures[k]! * (x - wells.minima[k]!));
      expect(U.hessian([x])[0]).toBe(wells.curvatures[k]);
    }
    // Moving the well at −2 (and changing it) leaves the gap [0.5, 2.2] untouched.
    using V = landscapes.multiWell({ minima: [-5, 0.5, 2.2], depths: [7, 0.3, 2], curvatures: [0.1, 8, 2] });
    const gap = Float64Array.from({ length: 101 }, (_, i) => 0.5 + (1.7 * i) / 100);
    expect(V.values(gap)).toEqual(U.values(gap));
    expect(V.hessians(gap)).toEqual(U.hessians(gap));
  });

  it('has exactly K minima, at the mₖ, and K − 1 maxima in 1-D (sign changes of W\' on a fine grid)', () => {
    for (const w of [wells, { minima: [3, -1, 0, 1.5], depths: [0.1, 5, -1, 2], curvatures: [50, 0.5, 20, 1] }]) {
      using U = landscapes.multiWell(w);
      const xs = Float64Array.from({ length: 80_001 }, (_, i) => -4 + (8 * i) / 80_000);
      const g = U.gradients(xs);
      const found: number[] = [];
      let maxima = 0;
      for (let i = 1; i < xs.length; i++) {
        if (g[i - 1]! < 0 && g[i]! >= 0) found.push(xs[i]!);
        if (g[i - 1]! > 0 && g[i]! <= 0) maxima++;
      }
      const sorted = [...w.minima].sort((a, b) => a - b);
      expect(found).toHaveLength(sorted.length);
      expect(maxima).toBe(sorted.length - 1);
      found.forEach((m, k) => expect(Math.abs(m - sorted[k]!)).toBeLessThanOrEqual(8 / 80_000 + 1e-12));
    }
  });

  it('two equal wells a distance L apart: barrier at the midpoint, κL²/8 above the minima, curvature −2.75κ', () => {
    const [kappa, L, D] = [3, 1.6, 0.4];
    using U = landscapes.multiWell({ minima: [-0.3, -0.3 + L], depths: [D, D], curvatures: [kappa, kappa] });
    // q₁ + p(½)(q₂ − q₁) with q₁ = q₂ there; W'' = κ + 2p'(½)·(q₂' − q₁') = κ + 2·(15/8L)·(−κL).
    const mid = -0.3 + L / 2;
    close(U.value([mid]), (kappa * L * L) / 8 - D, 1e-14, 'barrier height');
    expect(Math.abs(U.gradient([mid])[0]!)).toBeLessThan(1e-14);
    close(U.hessian([mid])[0]!, -2.75 * kappa, 1e-13, 'barrier curvature');
  });

  it('rejects bad parameters, naming them', () => {
    const w = 'landscapes.multiWell';
    expectError(() => landscapes.multiWell({ ...wells, depths: [1, 2] }), 'INVALID_ARGUMENT', w, 'depths.length = 2', 'minima.length = 3');
    expectError(() => landscapes.multiWell({ ...wells, curvatures: [1, 2, 3, 4] }), 'INVALID_ARGUMENT', 'curvatures.length = 4');
    expectError(() => landscapes.multiWell({ ...wells, curvatures: [1, 0, 2] }), 'INVALID_ARGUMENT', 'curvatures[1] = 0', '> 0');
    expectError(() => landscapes.multiWell({ ...wells, curvatures: [1, -3, 2] }), 'INVALID_ARGUMENT', 'curvatures[1] = -3');
    expectError(() => landscapes.multiWell({ ...wells, minima: [Number.NaN, 0, 1] }), 'INVALID_ARGUMENT', 'minima[0] = NaN');
    expectError(() => landscapes.multiWell({ ...wells, depths: [0, Number.POSITIVE_INFINITY, 1] }), 'INVALID_ARGUMENT', 'depths[1] = Infinity');
    expectError(() => landscapes.multiWell({ minima: [], depths: [], curvatures: [] }), 'INVALID_ARGUMENT', 'minima.length = 0');
    expectError(() => landscapes.multiWell({ ...wells, dim: 0 }), 'INVALID_ARGUMENT', 'dim = 0');
    expectError(() => landscapes.multiWell({ ...wells, minima: [1, 0, 1] }), 'INVALID_ARGUMENT', 'minima[0] = minima[2] = 1', 'distinct');
  });
});

describe('Gaussian-mixture wells', () => {
  const means = [[-1.5, 0, 0.5], [1.2, 0.8, -0.3], [0, -1.4, 0], [0.4, 0.4, 1.6]];
  const opts = { means, widths: [0.6, 0.9, 0.5, 1.1], weights: [2, 1.5, 1, -0.5], confinement: 0.1 };

  it('has exact derivatives (h = 1e-5; gradient 1e-8, Hessian 1e-7 relative) at random points in [−3, 3]³', () => {
    using U = landscapes.gaussianMixture(opts);
    expect(U.dim).toBe(3);
    checkDerivatives(U, points(50, 60, [-3, -3, -3], [3, 3, 3]), 1e-8, 1e-7, 51);
    using U1 = landscapes.gaussianMixture({ means: [-1, 0.5, 2], widths: 0.4, dim: 1 });
    checkDerivatives(U1, points(52, 60, [-3], [3]), 1e-8, 1e-7, 53);
  });

  it('equals the formula: value at a point by hand, and flat means with dim', () => {
    using U = landscapes.gaussianMixture(opts);
    const x = [0.3, -0.2, 0.7];
    let want = 0.5 * 0.1 * x.reduce((s, v) => s + v * v, 0);
    means.forEach((mu, k) => {
      const r2 = mu.reduce((s, m, i) => s + (x[i]! - m) ** 2, 0);
      want -= opts.weights[k]! * Math.exp(-r2 / (2 * opts.widths[k]! ** 2));
    });
    close(U.value(x), want, 1e-14, 'value');
    using F = landscapes.gaussianMixture({ ...opts, means: means.flat(), dim: 3 });
    expect(F.values(x)).toEqual(U.values(x));
    expect(U.parameters.confinement).toBe(0.1);
    using D = landscapes.gaussianMixture({ means: [[0, 0]], widths: 1 });
    expect(D.parameters.confinement).toBe(0.05);
    expect(D.parameters.weights).toEqual([1]);
  });

  it('rejects σ ≤ 0, c ≤ 0, non-finite entries and mismatched shapes', () => {
    const w = 'landscapes.gaussianMixture';
    expectError(() => landscapes.gaussianMixture({ ...opts, widths: [0.6, 0, 0.5, 1] }), 'INVALID_ARGUMENT', w, 'widths[1] = 0', '> 0');
    expectError(() => landscapes.gaussianMixture({ ...opts, widths: -1 }), 'INVALID_ARGUMENT', 'widths = -1');
    expectError(() => landscapes.gaussianMixture({ ...opts, confinement: 0 }), 'INVALID_ARGUMENT', 'confinement = 0', '> 0');
    expectError(() => landscapes.gaussianMixture({ ...opts, confinement: -0.05 }), 'INVALID_ARGUMENT', 'confinement = -0.05');
    expectError(() => landscapes.gaussianMixture({ ...opts, means: [[0, 0, 0], [1, 1]] as number[][] }), 'INVALID_ARGUMENT', 'means[1].length = 2');
    expectError(() => landscapes.gaussianMixture({ ...opts, means: [[0, Number.NaN, 0], ...means.slice(1)] }), 'INVALID_ARGUMENT', 'means[0][1] = NaN');
    expectError(() => landscapes.gaussianMixture({ ...opts, weights: [1, 2] }), 'INVALID_ARGUMENT', 'weights.length = 2', 'K = 4');
    expectError(() => landscapes.gaussianMixture({ ...opts, weights: [1, 2, Number.POSITIVE_INFINITY, 0] }), 'INVALID_ARGUMENT', 'weights[2] = Infinity');
    expectError(() => landscapes.gaussianMixture({ means: [1, 2, 3], widths: 1, dim: 2 }), 'INVALID_ARGUMENT', 'means.length = 3', 'multiple of dim = 2');
    expectError(() => landscapes.gaussianMixture({ means: [], widths: 1 }), 'INVALID_ARGUMENT', 'means');
  });
});

describe('thesis model loss', () => {
  it('the data generator follows its definition (grid × copies, f(1, 5; x) + noise·(2u − 1) with u = rng.uniforms)', async () => {
    const { rng } = await import('../ts/index.js');
    const data = thesisData({ seed: 7 });
    expect(data.x.length).toBe(600);
    expect(data.y.length).toBe(600);
    const u = rng.uniforms({ seed: 7, count: 600 });
    for (let j = 0; j < 30; j++) {
      const xj = -15 + (30 * j) / 29;
      for (let c = 0; c < 20; c++) {
        const i = j * 20 + c;
        expect(data.x[i]).toBe(xj);
        expect(data.y[i]).toBe(thesisModelFunction(1, 5, xj) + 3 * (2 * u[i]! - 1));
      }
    }
    expect(data.x[0]).toBe(-15);
    expect(data.x[599]).toBe(15);
    expect(thesisModelFunction(1, 5, 2)).toBeCloseTo(1 + 2 * (1 + 5 / (1 + Math.exp(-2))), 15);
    expect(thesisData({ seed: 7 })).toEqual(data); // reproducible
    expect(thesisData({ seed: 8 }).y).not.toEqual(data.y);
    const clean = thesisData({ seed: 7, noise: 0, points: 5, copies: 2, range: [-1, 1] });
    expect(Array.from(clean.x)).toEqual([-1, -1, -0.5, -0.5, 0, 0, 0.5, 0.5, 1, 1]);
    expect(Array.from(clean.y)).toEqual(Array.from(clean.x, (x) => thesisModelFunction(1, 5, x)));
    expectError(() => thesisData({ seed: 1, points: 1 }), 'INVALID_ARGUMENT', 'thesisData', 'points = 1');
    expectError(() => thesisData({ seed: 1, noise: -1 }), 'INVALID_ARGUMENT', 'noise = -1');
    expectError(() => thesisData({ seed: 1, range: [2, 1] }), 'INVALID_ARGUMENT', 'range');
    expectError(() => thesisData({ seed: -1 }), 'INVALID_ARGUMENT', 'seed = -1');
  });

  it('has exact derivatives (h = 1e-5; gradient and Hessian 1e-6 relative) on the thesis data', () => {
    const { x, y } = thesisData({ seed: 3 });
    for (const normalisation of ['half-mean', 'mean', 'sum'] as const) {
      using U = landscapes.thesisModel({ x, y, normalisation });
      checkDerivatives(U, points(60, 40, [-2, -1], [3, 8]), 1e-6, 1e-6, 61);
    }
  });

  it('on noise-free data, (a, b) = (1, 5) is the least-squares minimum: Newton lands there with zero gradient', () => {
    const { x, y } = thesisData({ seed: 1, noise: 0 });
    using U = landscapes.thesisModel({ x, y });
    expect(U.value([1, 5])).toBeLessThan(1e-26);
    expectPositiveDefinite2(U.hessian([1, 5]));
    for (const start of [[1.1, 4.6], [0.9, 5.5], [1.05, 5.2]] as const) {
      const p = newton2(U, [start[0], start[1]], 40);
      const g = U.gradient(p);
      expect(Math.abs(g[0]!)).toBeLessThan(1e-10);
      expect(Math.abs(g[1]!)).toBeLessThan(1e-10);
      expectPositiveDefinite2(U.hessian(p));
      expect(Math.abs(p[0]! - 1)).toBeLessThan(1e-9);
      expect(Math.abs(p[1]! - 5)).toBeLessThan(1e-9);
    }
  });

  it('normalisations differ by the right factors: mean = 2 × half-mean (exactly), sum = N × mean', () => {
    const { x, y } = thesisData({ seed: 4 });
    const N = x.length;
    using half = landscapes.thesisModel({ x, y });
    using mean = landscapes.thesisModel({ x, y, normalisation: 'mean' });
    using sum = landscapes.thesisModel({ x, y, normalisation: 'sum' });
    expect(half.parameters.normalisationFactor).toBe(1 / (2 * N));
    const ps = points(70, 10, [-1, 0], [2, 7]);
    const [vh, vm, vs] = [half, mean, sum].map((U) => U.values(ps));
    const [gh, gm, gs] = [half, mean, sum].map((U) => U.gradients(ps));
    const [hh, hm, hs] = [half, mean, sum].map((U) => U.hessians(ps));
    expect(vm).toEqual(vh!.map((v) => 2 * v)); // 1/N = 2 · (1/2N) in floating point too
    expect(gm).toEqual(gh!.map((v) => 2 * v));
    expect(hm).toEqual(hh!.map((v) => 2 * v));
    vs!.forEach((v, i) => close(v, N * vm![i]!, 1e-13, 'sum value'));
    gs!.forEach((v, i) => close(v, N * gm![i]!, 1e-13, 'sum gradient'));
    hs!.forEach((v, i) => close(v, N * hm![i]!, 1e-13, 'sum hessian'));
    // And the loss itself: (1/2N) Σ (f − y)² by hand.
    const p = [0.8, 4.2];
    const byHand = x.reduce((s, xi, i) => s + (thesisModelFunction(p[0]!, p[1]!, xi) - y[i]!) ** 2, 0) / (2 * N);
    close(half.value(p), byHand, 1e-12, 'half-mean loss');
  });

  it('rejects mismatched, non-finite or empty data and unknown normalisations', () => {
    const w = 'landscapes.thesisModel';
    expectError(() => landscapes.thesisModel({ x: [1, 2, 3], y: [1, 2] }), 'INVALID_ARGUMENT', w, 'y.length = 2', 'x.length = 3');
    expectError(() => landscapes.thesisModel({ x: [1, 2, Number.NaN], y: [1, 2, 3] }), 'INVALID_ARGUMENT', 'x[2] = NaN');
    expectError(() => landscapes.thesisModel({ x: [1], y: [Number.NEGATIVE_INFINITY] }), 'INVALID_ARGUMENT', 'y[0] = -Infinity');
    expectError(() => landscapes.thesisModel({ x: [], y: [] }), 'INVALID_ARGUMENT', 'x.length = 0');
    expectError(() => landscapes.thesisModel({ x: [1], y: [1], normalisation: 'l2' as never }), 'INVALID_ARGUMENT', 'normalisation = "l2"', "'half-mean'");
  });
});

describe('the crate re-checks what bypasses ts/ (bindings called directly)', () => {
  it('reports mismatched lengths and bad values by name, never traps', async () => {
    const core = await Core.instantiate(await compileModule(readFileSync('build/sgdyn.wasm')));
    expect(() => landscapeThesisModel(core, [1, 2], [1], 'mean', 'test')).toThrow(/x has 2 entries and y has 1/);
    expect(() => landscapeThesisModel(core, [], [], 'mean', 'test')).toThrow(/N >= 1/);
    expect(() => landscapeGaussianMixture(core, 2, [0, 0, 1], [1], [1], 0.1, 'test')).toThrow(/means has 3 entries/);
    expect(() => landscapeGaussianMixture(core, 2, [0, 0], [1], [1], 0, 'test')).toThrow(/confinement = 0/);
    expect(() => landscapeGaussianMixture(core, 2, [0, 0], [-1], [1], 1, 'test')).toThrow(/widths\[0\] = -1/);
    expect(() => landscapeMultiWell(core, 1, [0, 3], [1], [1, 1], 'test')).toThrow(/same length/);
    expect(() => landscapeMultiWell(core, 1, [0, 3], [1, 1], [1, -1], 'test')).toThrow(/curvatures\[1\] = -1/);
    expect(() => landscapeMultiWell(core, 1, [3, 3], [1, 1], [1, 1], 'test')).toThrow(/distinct/);
    expect(() => landscapeRosenbrock(core, 1, 1, 100, 'test')).toThrow(/dim = 1/);
    expect(core.liveObjects()).toBe(0);
  });
});

describe('every new landscape in use', () => {
  const makers: Array<[string, () => Landscape, number[]]> = [
    ['mullerBrown', () => landscapes.mullerBrown({ scale: 0.05 }), [-0.55, 1.44]],
    ['rosenbrock', () => landscapes.rosenbrock({ dim: 3 }), [0.5, 0.5, 0.5]],
    ['multiWell', () => landscapes.multiWell({ minima: [-1, 0.8], depths: [1, 0.5], curvatures: [4, 6], dim: 2 }), [-1, 0.8]],
    ['gaussianMixture', () => landscapes.gaussianMixture({ means: [[-1, 0], [1, 0]], widths: 0.5, weights: [1, 0.8] }), [-1, 0]],
    ['thesisModel', () => landscapes.thesisModel(thesisData({ seed: 2, points: 10, copies: 3 })), [1, 5]],
  ];

  it.each(makers)('%s: simulate runs, and the recipe rebuilds it (a one-member pool equals simulate bit for bit)', async (name, make, x0) => {
    using U = make();
    expect(U.kind).toBe(name);
    expect(U.recipe?.factory).toBe(name);
    const run = { landscape: U, temperature: 0.05, dt: 1e-4, steps: 200, nTrajectories: 300, x0, seed: 5 };
    using ens = simulate(run);
    const pos = ens.positions();
    expect(pos.length).toBe(300 * U.dim);
    expect(pos.every(Number.isFinite)).toBe(true);
    expect(pos).not.toEqual(Float64Array.from({ length: 300 * U.dim }, (_, i) => x0[i % U.dim]!));
    let last;
    for await (const f of simulateStream({ ...run, workers: 1, observe: 'positions' })) last = f;
    expect(last!.positions).toEqual(pos);
    // Rebuilding from the recipe gives the same function.
    const factory = (landscapes as unknown as Record<string, (o: unknown) => Landscape>)[U.recipe!.factory]!;
    using R = factory(structuredClone(U.recipe!.options));
    expect(R.values(pos.subarray(0, 10 * U.dim))).toEqual(U.values(pos.subarray(0, 10 * U.dim)));
  });

  it('10³ create/evaluate/dispose cycles of all five (with failing calls) keep memory and live objects flat', () => {
    const data = thesisData({ seed: 9, points: 30, copies: 20 });
    const cycle = () => {
      for (const [, make, x0] of makers.slice(0, 4)) {
        const U = make();
        U.gradients(x0);
        U.hessians(x0);
        U.dispose();
      }
      const T = landscapes.thesisModel(data);
      T.gradients([1, 5]);
      T.dispose();
      for (const bad of [
        () => landscapes.multiWell({ minima: [0, 0], depths: [1, 0.1], curvatures: [1, 1] }),
        () => landscapes.gaussianMixture({ means: [[0]], widths: 1, confinement: 0 }),
        () => landscapes.thesisModel({ x: [1, 2], y: [1] }),
      ]) {
        try {
          bad();
        } catch (err) {
          if (!(err instanceof SgdynError)) throw err;
        }
      }
    };
    for (let i = 0; i < 50; i++) cycle();
    const before = runtimeInfo();
    for (let i = 0; i < 1000; i++) cycle();
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });
});
