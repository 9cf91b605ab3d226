// MinibatchLinearRegression: exact moments of minibatch SGD with momentum on least squares.
// Oracle (independent of the module's derivation): on a data set small enough to list every
// minibatch — all Nᴮ ordered draws with replacement, all C(N, B) subsets without — the update
// is the affine map z' = M_B z + a_B of z = (θ, v) for each batch, with
//   M_B = [[I − ηK_B, βI], [−ηK_B, βI]], K_B = H_B + λI, a_B = (η c_B, η c_B),
// H_B and c_B the batch means of xᵢxᵢᵀ and xᵢyᵢ (the update rule of conventions.md on the
// 'half-mean' squared loss). Averaging over the listed batches propagates the raw moments
// exactly: m' = E M_B m + E a_B, S' = E[M_B S M_Bᵀ + M_B m a_Bᵀ + a_B mᵀ M_Bᵀ + a_B a_Bᵀ],
// and the lagged moment E[z_{k+1} z₀ᵀ] = E M_B E[z_k z₀ᵀ] + E a_B E z₀ᵀ. Agreement is
// required to 1e-10 relative (rounding only).
import { beforeAll, describe, expect, it } from 'vitest';
import { MinibatchLinearRegression, SgdynError, rng } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

// Two data sets: d = 2 (d² ≤ N: the module precomputes fourth-moment tensors) and d = 3
// (d² > N: it loops over the examples) — both code paths face the same oracle.
const N = 5;
let d = 2, n2 = 4;
let X: Float64Array, Y: Float64Array;
beforeAll(loadSgdyn);
function useData(dim: number): void {
  d = dim;
  n2 = 2 * dim;
  X = rng.normals({ seed: 70 + dim, stream: 0, count: N * d });
  const eps = rng.normals({ seed: 70 + dim, stream: 1, count: N });
  Y = Float64Array.from({ length: N }, (_, i) => { let s = 0.3 * eps[i]!; for (let j = 0; j < d; j++) s += (0.8 - 0.5 * j) * X[i * d + j]!; return s; });
}

type Mat = Float64Array;
const mm = (a: Mat, b: Mat, n: number): Mat => {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return c;
};
const tr = (a: Mat, n: number): Mat => Float64Array.from(a, (_, k) => a[(k % n) * n + Math.floor(k / n)]!);
const mv = (a: Mat, x: Mat, n: number): Mat => Float64Array.from({ length: n }, (_, i) => { let s = 0; for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!; return s; });
const outer = (a: Mat, b: Mat): Mat => Float64Array.from({ length: a.length * b.length }, (_, k) => a[Math.floor(k / b.length)]! * b[k % b.length]!);
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return num / den;
};

interface Settings { eta: number; beta: number; lambda: number; B: number; sampler: 'with-replacement' | 'without-replacement' }

/** Every batch (as a list of example indices) with its probability. */
function batches(s: Settings): { idx: number[]; w: number }[] {
  const out: { idx: number[]; w: number }[] = [];
  if (s.sampler === 'with-replacement') {
    const rec = (pre: number[]) => {
      if (pre.length === s.B) return void out.push({ idx: pre, w: N ** -s.B });
      for (let i = 0; i < N; i++) rec([...pre, i]);
    };
    rec([]);
  } else {
    const rec = (pre: number[], from: number) => {
      if (pre.length === s.B) return void out.push({ idx: pre, w: 0 });
      for (let i = from; i < N; i++) rec([...pre, i], i + 1);
    };
    rec([], 0);
    out.forEach((b) => { b.w = 1 / out.length; });
  }
  return out;
}

/** The affine maps (M_B, a_B) of every batch. */
function maps(s: Settings): { M: Mat; a: Mat; w: number }[] {
  return batches(s).map(({ idx, w }) => {
    const K = new Float64Array(d * d), c = new Float64Array(d);
    for (const i of idx) for (let p = 0; p < d; p++) {
      c[p]! += (X[i * d + p]! * Y[i]!) / s.B;
      for (let q = 0; q < d; q++) K[p * d + q]! += (X[i * d + p]! * X[i * d + q]!) / s.B;
    }
    for (let p = 0; p < d; p++) K[p * d + p]! += s.lambda;
    const M = new Float64Array(n2 * n2), a = new Float64Array(n2);
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) {
        M[p * n2 + q] = (p === q ? 1 : 0) - s.eta * K[p * d + q]!;
        M[(d + p) * n2 + q] = -s.eta * K[p * d + q]!;
      }
      M[p * n2 + d + p] = s.beta;
      M[(d + p) * n2 + d + p] = s.beta;
      a[p] = a[d + p] = s.eta * c[p]!;
    }
    return { M, a, w };
  });
}

/** One step of the raw moments (m, S) averaged over every batch. */
function step(ms: { M: Mat; a: Mat; w: number }[], m: Mat, S: Mat): [Mat, Mat] {
  const m1 = new Float64Array(n2), S1 = new Float64Array(n2 * n2);
  for (const { M, a, w } of ms) {
    const Mm = mv(M, m, n2);
    const t = [mm(mm(M, S, n2), tr(M, n2), n2), outer(Mm, a), outer(a, Mm), outer(a, a)];
    for (let i = 0; i < n2; i++) m1[i]! += w * (Mm[i]! + a[i]!);
    for (const x of t) for (let k = 0; k < n2 * n2; k++) S1[k]! += w * x[k]!;
  }
  return [m1, S1];
}

const cases: Settings[] = [
  { eta: 0.3, beta: 0.5, lambda: 0, B: 2, sampler: 'with-replacement' },
  { eta: 0.25, beta: 0.7, lambda: 0.1, B: 2, sampler: 'without-replacement' },
  { eta: 0.4, beta: 0, lambda: 0.05, B: 3, sampler: 'with-replacement' },
];

for (const dim of [2, 3]) describe(`MinibatchLinearRegression against moments averaged over every minibatch (d = ${dim})`, () => {
  beforeAll(() => useData(dim));
  for (const s of cases) {
    const label = `η = ${s.eta}, β = ${s.beta}, λ = ${s.lambda}, B = ${s.B}, ${s.sampler}`;
    const make = () => MinibatchLinearRegression.create({ x: X, y: Y, inputs: d, learningRate: s.eta, momentum: s.beta, weightDecay: s.lambda, batchSize: s.B, sampler: s.sampler });

    it(`deterministic start: mean and covariance at k = 1, 5, 40 (${label})`, () => {
      const lr = make();
      const theta0 = [2, -1, 0.5].slice(0, d), v0 = [0.3, 0.1, -0.2].slice(0, d);
      const got = lr.discreteMomentsAt([1, 5, 40], { theta0, v0 });
      const ms = maps(s);
      let m: Mat = Float64Array.of(...theta0.slice(0, d), ...v0.slice(0, d)), S: Mat = outer(m, m);
      for (let k = 1; k <= 40; k++) {
        [m, S] = step(ms, m, S);
        const g = got.find((x) => x.k === k);
        if (!g) continue;
        expect(relErr([...g.theta, ...g.v], m)).toBeLessThan(1e-10);
        expect(relErr(g.covariance, S.map((v, i) => v - m[Math.floor(i / n2)]! * m[i % n2]!))).toBeLessThan(1e-10);
      }
      const msd = lr.msd([40], { start: { theta0, v0 } })[0]!;
      let want = 0;
      for (let i = 0; i < d; i++) want += S[i * n2 + i]! - 2 * m[i]! * theta0[i]! + theta0[i]! ** 2;
      expect(Math.abs(msd - want)).toBeLessThan(1e-10 * want);
    });

    it(`stationary covariance, MSD, velocity autocovariance and speed (${label})`, () => {
      const lr = make();
      const ms = maps(s);
      // Iterate the exact moment map to its fixed point.
      let m: Mat = new Float64Array(n2), S: Mat = new Float64Array(n2 * n2);
      for (let k = 0; k < 1500; k++) [m, S] = step(ms, m, S);
      const cov = S.map((v, i) => v - m[Math.floor(i / n2)]! * m[i % n2]!);
      expect(relErr(lr.discreteStationaryCovariance(), cov)).toBeLessThan(1e-10);
      expect(relErr(lr.discreteStationaryCovariance({ method: 'iterative' }), cov)).toBeLessThan(1e-10);
      expect(relErr([...lr.fixedPoint, ...new Array(d).fill(0)], m)).toBeLessThan(1e-10);
      // Lagged moments from the stationary law: L_k = E[z_k z₀ᵀ].
      const Ea = new Float64Array(n2), EM = new Float64Array(n2 * n2);
      for (const { M, a, w } of ms) { for (let i = 0; i < n2; i++) Ea[i]! += w * a[i]!; for (let k = 0; k < n2 * n2; k++) EM[k]! += w * M[k]!; }
      const lags = [1, 2, 7, 30];
      let L = S;
      const msd: number[] = [], vac: number[] = [];
      for (let k = 1; k <= 30; k++) {
        L = mm(EM, L, n2).map((v, i) => v + Ea[Math.floor(i / n2)]! * m[i % n2]!);
        if (!lags.includes(k)) continue;
        let a = 0, b = 0;
        for (let i = 0; i < d; i++) {
          a += 2 * S[i * n2 + i]! - 2 * L[i * n2 + i]!;
          b += L[(d + i) * n2 + d + i]! - m[d + i]! ** 2;
        }
        msd.push(a);
        vac.push(b);
      }
      expect(relErr(lr.msd(lags), msd)).toBeLessThan(1e-9);
      expect(relErr(lr.velocityAutocovariance(lags), vac)).toBeLessThan(1e-9);
      const sp = lr.speed();
      let trVV = 0;
      for (let i = d; i < n2; i++) trVV += cov[i * n2 + i]!;
      expect(Math.abs(sp.exact - trVV)).toBeLessThan(1e-10 * sp.exact);
      // The state-dependent term matters here: dropping it (noise frozen at θ̄) is visibly wrong.
      expect(Math.abs(sp.exact / sp.additive - 1)).toBeGreaterThan(1e-2);
    });
  }
});

describe('MinibatchLinearRegression: settings and errors', () => {
  beforeAll(() => useData(2));

  it('noise factor: 1/B with replacement, (N − B)/(B(N − 1)) without', () => {
    const a = MinibatchLinearRegression.create({ x: X, y: Y, inputs: d, learningRate: 0.1, batchSize: 2 });
    const b = MinibatchLinearRegression.create({ x: X, y: Y, inputs: d, learningRate: 0.1, batchSize: 2, sampler: 'without-replacement' });
    expect(a.noiseFactor).toBe(0.5);
    expect(b.noiseFactor).toBeCloseTo(3 / 8, 15);
    expect(a.model.batchSize).toBe(2);
  });

  it("d = 13 ('auto' iterates): the fixed-point iteration equals the direct solve, and both see the same instability", () => {
    const dd = 13, nn = 200;
    const x = rng.normals({ seed: 99, stream: 0, count: nn * dd }).map((v, i) => v * (1 + (i % dd) / 4));
    const eps = rng.normals({ seed: 99, stream: 1, count: nn });
    const y = Float64Array.from({ length: nn }, (_, i) => x[i * dd]! - 0.5 * x[i * dd + 1]! + 0.5 * eps[i]!);
    const lr = MinibatchLinearRegression.create({ x, y, inputs: dd, learningRate: 0.002, momentum: 0.9, batchSize: 8 });
    const it = lr.discreteStationaryCovariance();
    const direct = lr.discreteStationaryCovariance({ method: 'direct' });
    expect(relErr(it, direct)).toBeLessThan(1e-10);
    const speed = lr.speed();
    expect(speed.exact / speed.additive - 1).toBeGreaterThan(1e-3); // the multiplicative term is not negligible here
    // Curvatures up to ≈ 16 with B = 2 and η = 0.01: mean-stable (ηκ < 2(1+β)) but not mean-square stable (ρ(L) ≈ 2.6).
    const bad = MinibatchLinearRegression.create({ x, y, inputs: dd, learningRate: 0.01, momentum: 0.9, batchSize: 2 });
    expect(() => bad.discreteStationaryCovariance()).toThrow(/spectral radius ≈ 2\.6/);
    expect(() => bad.discreteStationaryCovariance({ method: 'direct' })).toThrow(/spectral radius 2\.6/);
  });

  it('refuses bad input with named messages and reports mean-square instability', () => {
    const base = { x: X, y: Y, inputs: d, learningRate: 0.1, batchSize: 2 };
    const err = (f: () => unknown, re: RegExp) => {
      try { f(); } catch (e) { expect(e).toBeInstanceOf(SgdynError); expect((e as Error).message).toMatch(re); return; }
      throw new Error('did not throw');
    };
    err(() => MinibatchLinearRegression.create({ ...base, batchSize: 5, sampler: 'without-replacement' }), /batchSize = 5 .*< N = 5/);
    err(() => MinibatchLinearRegression.create({ ...base, batchSize: 0 }), /batchSize = 0/);
    err(() => MinibatchLinearRegression.create({ ...base, x: X.slice(1) }), /x\.length = 9/);
    err(() => MinibatchLinearRegression.create({ ...base, sampler: 'reshuffle' as never }), /sampler = "reshuffle"/);
    err(() => MinibatchLinearRegression.create({ ...base, x: [[1, 2], [2, 4], [3, 6], [1, 2], [0, 0]] }), /positive definite/);
    // Stable in the mean (ηκ < 2(1+β)) but not in mean square: B = 1 and a large step.
    const { values } = (() => { const h = MinibatchLinearRegression.create(base).model.modes.map((m) => m.curvature); return { values: h }; })();
    const eta = 1.9 / values[values.length - 1]!;
    err(() => MinibatchLinearRegression.create({ ...base, learningRate: eta, batchSize: 1 }).discreteStationaryCovariance(), /spectral radius/);
    err(() => MinibatchLinearRegression.create({ ...base, learningRate: eta, batchSize: 1 }).discreteStationaryCovariance({ method: 'iterative' }), /spectral radius ≈/);
    err(() => MinibatchLinearRegression.create(base).discreteStationaryCovariance({ method: 'lu' as never }), /method = "lu"/);
  });
});
