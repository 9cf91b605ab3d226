// Linear response (ts/linearResponse). Every oracle is derived in this file or in the doc
// comments it cites (none is taken from the seed paper's printed numbers):
// - Kunin et al.'s Fig. 3 system A = V⁻¹ diag(4,1) V = [[5/2, −3/2], [−3/2, 5/2]], D = diag(4, 1):
//   solving the three scalar equations of AB + BA = 2D by hand gives
//   B = [[173/80, 15/16], [15/16, 77/80]], Q = AB − D = [[0, 9/10], [−9/10, 0]],
//   U = B⁻¹ = [[385, −375], [−375, 865]]/481 (det B = 481/400);
// - SGD-momentum phase space with Σ = σ²H: the block Lyapunov equations give
//   B_θθ = ησ²H(H+λI)⁻¹/(2S(1−β)), B_vv = σ²H/(S(1−β²)), B_θv = 0, so Q = [[0, −B_vv], [B_vv, 0]];
// - the recursion zₖ₊₁ = M zₖ + wₖ (sgdMomentum.ts) is checked against the update rule of
//   conventions.md itself; per-mode stationary covariances P, R = V/2, V (derived in
//   sgdMomentum.ts) against the Stein solve; the continuous limit P_disc/P_cont =
//   2(1+β)/(2(1+β) − ηκ) exactly per mode;
// - simulation: 20 000 replicas of the Gaussian-noise SGD-with-momentum recursion written
//   out below (noise from rng.normals, fixed seeds). Tolerances are 5 standard errors:
//   SE of a covariance entry √((CᵢᵢCⱼⱼ + Cᵢⱼ²)/n) (Gaussian state), of a mean √(Cᵢᵢ/n), and of
//   E‖·‖² the sample standard deviation / √n.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  OrnsteinUhlenbeck, SgdMomentum, SgdynError, driftDecomposition, exponentVsWindow, fitPowerLaw, linalg, localSlope,
  msd, msdSaturation, oscillatorPropagator, rng,
} from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

type M = Float64Array;
const mul = (a: ArrayLike<number>, b: ArrayLike<number>, n: number): M => {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return c;
};
const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const relDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => maxDiff(a, b) / maxAbs(b);
/** The d×d block at (r0, c0) of an n×n matrix. */
const blk = (a: M, n: number, r0: number, c0: number, d: number): M => {
  const o = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) o[i * d + j] = a[(r0 + i) * n + c0 + j]!;
  return o;
};
/** Lower Cholesky factor (test-side, for sampling). */
function chol(a: ArrayLike<number>, n: number): M {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j]!;
    for (let k = 0; k < j; k++) s -= l[j * n + k]! ** 2;
    l[j * n + j] = Math.sqrt(Math.max(s, 0));
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j]!;
      for (let k = 0; k < j; k++) t -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = l[j * n + j]! > 0 ? t / l[j * n + j]! : 0;
    }
  }
  return l;
}

describe("Kunin et al.'s Fig. 3 OU system: exact rational B, Q, U", () => {
  // V = [[−1, 1], [1, 1]], A = V⁻¹ diag(4, 1) V.
  const V = [-1, 1, 1, 1];
  const Vinv = [-0.5, 0.5, 0.5, 0.5];
  const A = mul(mul(Vinv, [4, 0, 0, 1], 2), V, 2);
  const D = [4, 0, 0, 1];

  it('A = [[5/2, −3/2], [−3/2, 5/2]] and the decomposition equals the hand-derived rationals', () => {
    expect(Array.from(A)).toEqual([2.5, -1.5, -1.5, 2.5]);
    const ou = OrnsteinUhlenbeck.create({ drift: A, diffusion: D, mean: [-0.1, 0.05] });
    const dec = driftDecomposition(ou);
    expect(relDiff(dec.B, [173 / 80, 15 / 16, 15 / 16, 77 / 80])).toBeLessThan(1e-14);
    expect(maxDiff(dec.Q, [0, 9 / 10, -9 / 10, 0])).toBeLessThan(1e-14);
    expect(relDiff(dec.U, [385 / 481, -375 / 481, -375 / 481, 865 / 481])).toBeLessThan(1e-14);
    // (D + Q) U = A, and detailed balance is broken.
    expect(maxDiff(mul(D.map((d, i) => d + dec.Q[i]!), dec.U, 2), A)).toBeLessThan(1e-14);
    expect(dec.detailedBalance.holds).toBe(false);
    expect(dec.detailedBalance.normQ).toBeCloseTo(0.9 * Math.SQRT2, 14);
    // A is symmetric here, so Kunin's eq. (28) applies: Q̃₁₂ = (λ₁−λ₂)/(λ₁+λ₂) D̃₁₂ with
    // q₁ = (−1, 1)/√2 (λ=4), q₂ = (1, 1)/√2 (λ=1): D̃₁₂ = −3/2, Q̃₁₂ = −9/10, Q = Q̃₁₂ (q₁q₂ᵀ − q₂q₁ᵀ).
    const q12 = (3 / 5) * -1.5;
    expect(dec.Q[1]).toBeCloseTo(-q12, 15);
  });

  it("scales with the paper's noise amplitude 10⁻⁴√D (D_ours = ½·10⁻⁸·D): B, Q ∝ 10⁻⁸/2, U ∝ 2·10⁸", () => {
    const dec = OrnsteinUhlenbeck.create({ drift: A, diffusion: D.map((x) => 0.5e-8 * x) }).decomposition();
    expect(relDiff(dec.B, [173 / 80, 15 / 16, 15 / 16, 77 / 80].map((x) => 0.5e-8 * x))).toBeLessThan(1e-13);
    expect(relDiff(dec.U, [385, -375, -375, 865].map((x) => (2e8 * x) / 481))).toBeLessThan(1e-13);
  });

  it('isotropic noise with symmetric A is in detailed balance (Q = 0, Ψ = the original loss/T)', () => {
    const dec = OrnsteinUhlenbeck.create({ drift: A, diffusion: [0.3, 0, 0, 0.3] }).decomposition();
    expect(dec.detailedBalance.holds).toBe(true);
    expect(relDiff(dec.U, Array.from(A, (a) => a / 0.3))).toBeLessThan(1e-14);
  });

  it('the current is divergence-free and orthogonal to ∇Ψ; the density integrates Ψ', () => {
    const mean = [-0.1, 0.05];
    const dec = OrnsteinUhlenbeck.create({ drift: A, diffusion: D, mean }).decomposition();
    const x = [0.4, -0.7];
    const j = dec.currentVelocity(x);
    const e = [x[0]! - mean[0]!, x[1]! - mean[1]!];
    const gradPsi = [dec.U[0]! * e[0]! + dec.U[1]! * e[1]!, dec.U[2]! * e[0]! + dec.U[3]! * e[1]!];
    expect(Math.abs(j[0]! * gradPsi[0]! + j[1]! * gradPsi[1]!)).toBeLessThan(1e-14);
    // j = −QU(x − μ) = −A(x − μ) + DU(x − μ).
    const jw = [0, 1].map((i) => -(A[2 * i]! * e[0]! + A[2 * i + 1]! * e[1]!) + D[3 * i]! * gradPsi[i]!);
    expect(maxDiff(j, jw)).toBeLessThan(1e-14);
    const detB = (173 * 77) / 6400 - (15 / 16) ** 2;
    expect(dec.stationaryDensity(mean)).toBeCloseTo(1 / (2 * Math.PI * Math.sqrt(detB)), 14);
    const J = dec.stationaryCurrent(x);
    expect(J[0]! / j[0]!).toBeCloseTo(dec.stationaryDensity(x), 14);
  });
});

describe('OrnsteinUhlenbeck: moments and the exact sampler', () => {
  const A = [[1.2, 0.8, 0], [-0.5, 0.9, 0.3], [0.1, -0.4, 2]];
  const D = [[0.5, 0.1, 0], [0.1, 0.3, 0.05], [0, 0.05, 0.2]];
  const mean = [1, -2, 0.5];

  it('covarianceAt (Van Loan + doubling) equals B − e^{−At} B e^{−Aᵀt}; cross-covariance symmetry', () => {
    const ou = OrnsteinUhlenbeck.create({ drift: A, diffusion: D, mean });
    const B = ou.stationaryCovariance();
    for (const t of [1e-3, 0.3, 2, 20]) {
      const P = ou.propagator(t);
      const Pt = Float64Array.from({ length: 9 }, (_, k) => P[(k % 3) * 3 + Math.floor(k / 3)]!);
      const want = B.map((b, k) => b - mul(mul(P, B, 3), Pt, 3)[k]!);
      expect(maxDiff(ou.covarianceAt(t), want)).toBeLessThan(1e-12 * maxAbs(B));
    }
    const c = ou.crossCovariance(0.7), cneg = ou.crossCovariance(-0.7);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(c[i * 3 + j]).toBeCloseTo(cneg[j * 3 + i]!, 14);
    expect(maxDiff(ou.crossCovariance(0), B)).toBeLessThan(1e-15);
    expect(maxDiff(ou.meanAt(50, [9, 9, 9]), mean)).toBeLessThan(1e-12);
  });

  it('sample() reproduces the mean and covariance at t = 1.5 within 5 standard errors (n = 20 000)', () => {
    const ou = OrnsteinUhlenbeck.create({ drift: A, diffusion: D, mean });
    const n = 20_000, x0 = [2, 0, -1];
    const { times, states } = ou.sample({ x0, dt: 0.25, steps: 6, nTrajectories: n, seed: 5 });
    expect(Array.from(times)).toEqual([0, 1.5]);
    const x = states[1]!;
    const m = ou.meanAt(1.5, x0), C = ou.covarianceAt(1.5);
    const emp = new Float64Array(3);
    for (let t = 0; t < n; t++) for (let i = 0; i < 3; i++) emp[i]! += x[t * 3 + i]! / n;
    for (let i = 0; i < 3; i++) expect(Math.abs(emp[i]! - m[i]!)).toBeLessThan(5 * Math.sqrt(C[i * 4]! / n));
    for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += (x[t * 3 + i]! - emp[i]!) * (x[t * 3 + j]! - emp[j]!);
      const se = Math.sqrt((C[i * 4]! * C[j * 4]! + C[i * 3 + j]! ** 2) / n);
      expect(Math.abs(s / (n - 1) - C[i * 3 + j]!)).toBeLessThan(5 * se);
    }
  });

  it('refuses non-stable drifts and non-PSD diffusions with named parameters', () => {
    expect(() => OrnsteinUhlenbeck.create({ drift: [[-1]], diffusion: [[1]] })).toThrow(/OrnsteinUhlenbeck\.create: .*not stable/);
    expect(() => OrnsteinUhlenbeck.create({ drift: [[1, 0], [0, 1]], diffusion: [[1, 0], [0, -1]] })).toThrow(/diffusion .*positive semi-definite/);
    expect(() => OrnsteinUhlenbeck.create({ drift: [[1]], diffusion: [[1]], mean: [1, 2] })).toThrow(/mean\.length = 2/);
    const singular = OrnsteinUhlenbeck.create({ drift: [[1, 0], [0, 1]], diffusion: [[1, 0], [0, 0]] });
    expect(() => singular.decomposition()).toThrow(SgdynError);
  });
});

// The running example: non-diagonal H, weight decay, and both noise models.
const H = [[2, 0.6], [0.6, 0.5]];
const SIGMA = [[1, -0.3], [-0.3, 0.4]]; // does not commute with H
const base = { hessian: H, centre: [1, -1], learningRate: 0.1, momentum: 0.8, weightDecay: 0.05, batchSize: 4 };

describe('SGD with momentum: phase-space model (corrected Kunin eqs. (4)–(6))', () => {
  it('(D + Q) U = A for Σ = σ²H and for a Σ that does not commute with H', () => {
    for (const noise of [{ scale: 0.7 }, { covariance: SIGMA }]) {
      const m = SgdMomentum.create({ ...base, noise });
      const ou = m.phaseSpace();
      const dec = ou.decomposition();
      const dq = Array.from(ou.diffusion, (d, i) => d + dec.Q[i]!);
      expect(relDiff(mul(dq, dec.U, 4), ou.drift)).toBeLessThan(1e-12);
      expect(dec.detailedBalance.holds).toBe(false); // the Hamiltonian part exists even for Σ ∝ H (errata)
    }
  });

  it('for Σ = σ²H, B, Q and U equal the closed forms; κQ is Kunin eq. (12); the current is errata eq. (51)', () => {
    const sigma2 = 0.7, { learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: S } = base;
    const m = SgdMomentum.create({ ...base, noise: { scale: sigma2 } });
    const dec = m.phaseSpace().decomposition();
    const Hf = H.flat();
    const K = [Hf[0]! + lambda, Hf[1]!, Hf[2]!, Hf[3]! + lambda];
    const Kinv = linalg.inverse(K);
    const Btt = mul(Hf, Kinv, 2).map((x) => (eta * sigma2 * x) / (2 * S * (1 - beta)));
    const Bvv = Hf.map((x) => (sigma2 * x) / (S * (1 - beta * beta)));
    expect(relDiff(blk(dec.B, 4, 0, 0, 2), Btt)).toBeLessThan(1e-12);
    expect(relDiff(blk(dec.B, 4, 2, 2, 2), Bvv)).toBeLessThan(1e-12);
    expect(maxAbs(blk(dec.B, 4, 0, 2, 2))).toBeLessThan(1e-13 * maxAbs(dec.B));
    const kappa = S * (1 - beta * beta);
    expect(relDiff(blk(dec.Q, 4, 0, 2, 2).map((x) => kappa * x), Hf.map((x) => -sigma2 * x))).toBeLessThan(1e-12);
    expect(relDiff(blk(dec.Q, 4, 2, 0, 2).map((x) => kappa * x), Hf.map((x) => sigma2 * x))).toBeLessThan(1e-12);
    expect(relDiff(blk(dec.U, 4, 2, 2, 2), linalg.inverse(Bvv))).toBeLessThan(1e-11);
    // j(θ, velocity) = [velocity; −(2/(η(1+β))) K (θ − θ̄)].
    const x = [0.3, -0.2, 0.5, 0.1];
    const e = [x[0]! - m.fixedPoint[0]!, x[1]! - m.fixedPoint[1]!];
    const a = 2 / (eta * (1 + beta));
    const want = [x[2]!, x[3]!, -a * (K[0]! * e[0]! + K[1]! * e[1]!), -a * (K[2]! * e[0]! + K[3]! * e[1]!)];
    expect(relDiff(dec.currentVelocity(x), want)).toBeLessThan(1e-11);
    // θ̄ = K⁻¹ H μ.
    const mu = base.centre;
    const kh = mul(Kinv, Hf, 2);
    expect(maxDiff(m.fixedPoint, [kh[0]! * mu[0]! + kh[1]! * mu[1]!, kh[2]! * mu[0]! + kh[3]! * mu[1]!])).toBeLessThan(1e-14);
  });

  it('closed-form propagators equal expm of the oscillator matrix in all three regimes, and stay finite when stiff', () => {
    const cases: [number, number, string][] = [[3, 1, 'overdamped'], [2, 2, 'critical'], [0.5, 3, 'underdamped'], [1, 1 + 1e-9, 'underdamped'], [1 + 1e-9, 1, 'overdamped']];
    for (const [g, w] of cases) {
      for (const t of [0, 0.01, 0.7, 3, 12]) {
        const e = linalg.expm([[0, t], [-w * w * t, -2 * g * t]]);
        expect(maxDiff(oscillatorPropagator(g, w, t), e)).toBeLessThan(1e-13 * Math.max(1, maxAbs(e)) * (1 + w * w));
      }
    }
    // Strongly overdamped, γt = 10⁵: the cosh/sinh form is Infinity·0 = NaN; this one is not.
    const g = 1e4, w = 1, t = 10;
    const naive = Math.exp(-g * t) * Math.cosh(Math.sqrt(g * g - w * w) * t);
    expect(Number.isNaN(naive)).toBe(true);
    const p = oscillatorPropagator(g, w, t);
    const e = linalg.expm([[0, t], [-w * w * t, -2 * g * t]]);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(relDiff(p, e)).toBeLessThan(1e-9);
    // Slow rate γ − α = ω²/(γ + α); P₁₁ = e^{−(γ−α)t}(1 + (γ−α)(1 − e^{−2αt})/(2α)).
    const alpha = Math.sqrt(g * g - 1), slow = 1 / (g + alpha);
    expect(p[0]).toBeCloseTo(Math.exp(-slow * t) * (1 + slow / (2 * alpha)), 14);
  });

  it('regimes and the mode mean: overdamped, critical and underdamped modes of one model match the phase-space expm', () => {
    // η = 0.01, β = 0.8: γ = 100/9, critical at κ = (1−β)²/(2η(1+β)) = 10/9.
    const eta = 0.01, beta = 0.8, lambda = 0.05;
    const kc = (1 - beta) ** 2 / (2 * eta * (1 + beta));
    const rhos = [0.3, kc - lambda, 5];
    const c = Math.cos(0.4), s = Math.sin(0.4);
    const R = [c, -s, 0, s * c, c * c, -s, s * s, s * c, c];
    const Hm = mul(mul(R, [rhos[0]!, 0, 0, 0, rhos[1]!, 0, 0, 0, rhos[2]!], 3), Float64Array.from({ length: 9 }, (_, k) => R[(k % 3) * 3 + Math.floor(k / 3)]!), 3);
    const m = SgdMomentum.create({ hessian: Hm, learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: 8, noise: { scale: 1 } });
    expect(m.modes.map((x) => x.regime)).toEqual(['overdamped', 'critical', 'underdamped']);
    expect(m.modes[1]!.dampingRatio).toBeCloseTo(1, 12);
    const theta0 = [1, -2, 0.5], velocity0 = [3, 0, -1];
    const ou = m.phaseSpace();
    for (const t of [0.01, 0.1, 1, 5]) {
      const got = m.meanAt(t, { theta0, velocity0 });
      const want = ou.meanAt(t, [...theta0, ...velocity0]);
      expect(maxDiff([...got.theta, ...got.velocity], want)).toBeLessThan(1e-11 * maxAbs(want) + 1e-14);
    }
  });

  it('per-mode closed-form covariances equal the phase-space Lyapunov / transition results (Σ = σ²H)', () => {
    const m = SgdMomentum.create({ ...base, noise: { scale: 0.7 } });
    const Q = new Float64Array(16); // phase-space basis of mode pairs: columns (qᵢ, 0), (0, qᵢ)
    m.modes.forEach((mode, i) => {
      for (let j = 0; j < 2; j++) { Q[j * 4 + 2 * i] = mode.direction[j]!; Q[(2 + j) * 4 + 2 * i + 1] = mode.direction[j]!; }
    });
    const Qt = Float64Array.from({ length: 16 }, (_, k) => Q[(k % 4) * 4 + Math.floor(k / 4)]!);
    for (const t of [Infinity, 0.05, 1, 4]) {
      const full = t === Infinity ? m.stationaryCovariance() : m.covarianceAt(t);
      const inModes = mul(mul(Qt, full, 4), Q, 4);
      m.modes.forEach((_, i) => {
        const want = t === Infinity ? m.modeStationaryCovariance(i) : m.modeCovarianceAt(i, t);
        expect(maxDiff(blk(inModes, 4, 2 * i, 2 * i, 2), want)).toBeLessThan(1e-12 * maxAbs(full));
      });
      expect(maxAbs(blk(inModes, 4, 0, 2, 2))).toBeLessThan(1e-12 * maxAbs(full)); // modes decouple
    }
  });
});

describe('SGD with momentum: the exact recursion', () => {
  it('transitionMatrix and discreteMeanAt follow the update rule of conventions.md exactly', () => {
    const m = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } });
    const Hf = H.flat(), { learningRate: eta, momentum: beta, weightDecay: lambda, centre: mu } = base;
    let th = [3, 2], v = [0.1, -0.4];
    const start = { theta0: th, v0: v };
    for (let k = 1; k <= 25; k++) {
      const g = [Hf[0]! * (th[0]! - mu[0]!) + Hf[1]! * (th[1]! - mu[1]!), Hf[2]! * (th[0]! - mu[0]!) + Hf[3]! * (th[1]! - mu[1]!)];
      v = [0, 1].map((i) => beta * v[i]! - eta * (g[i]! + lambda * th[i]!));
      th = [0, 1].map((i) => th[i]! + v[i]!);
      if (k % 5 === 0) {
        const e = m.discreteMeanAt(k, start);
        expect(maxDiff([...e.theta, ...e.v], [...th, ...v])).toBeLessThan(1e-13);
      }
    }
  });

  it('discreteCovarianceAt (binary powering) equals the iterated moment recursion; Stein is its fixed point', () => {
    const m = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } });
    const Mt = m.transitionMatrix(), W = m.stepNoiseCovariance();
    const MtT = Float64Array.from({ length: 16 }, (_, k) => Mt[(k % 4) * 4 + Math.floor(k / 4)]!);
    let C: M = new Float64Array(16);
    for (let k = 1; k <= 37; k++) C = mul(mul(Mt, C, 4), MtT, 4).map((x, i) => x + W[i]!);
    expect(relDiff(m.discreteCovarianceAt(37), C)).toBeLessThan(1e-12);
    const Css = m.discreteStationaryCovariance();
    expect(relDiff(mul(mul(Mt, Css, 4), MtT, 4).map((x, i) => x + W[i]!), Css)).toBeLessThan(1e-13);
  });

  it('Stein result equals the per-mode closed forms P, R = V/2, V (Σ = σ²H)', () => {
    for (const beta of [0, 0.5, 0.9]) {
      const m = SgdMomentum.create({ ...base, momentum: beta, noise: { scale: 0.7 } });
      const C = m.discreteStationaryCovariance();
      m.modes.forEach((mode, i) => {
        const q = mode.direction;
        const proj = (r0: number, c0: number) => {
          let s = 0;
          for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) s += q[a]! * C[(r0 + a) * 4 + c0 + b]! * q[b]!;
          return s;
        };
        const want = m.discreteModeStationaryCovariance(i);
        expect(relDiff([proj(0, 0), proj(0, 2), proj(2, 0), proj(2, 2)], want)).toBeLessThan(1e-12);
      });
    }
  });

  it('stationary covariances: discrete → continuous as ηκ → 0, with the exact per-mode ratio 2(1+β)/(2(1+β) − ηκ)', () => {
    let previous = Infinity;
    for (const eta of [1e-1, 1e-2, 1e-3, 1e-4]) {
      // Σ = σ²H: per-mode exact ratio.
      const m = SgdMomentum.create({ ...base, learningRate: eta, momentum: 0.9, noise: { scale: 0.7 } });
      m.modes.forEach((mode, i) => {
        const ratio = (2 * 1.9) / (2 * 1.9 - eta * mode.stiffness);
        const disc = m.discreteModeStationaryCovariance(i), cont = m.modeStationaryCovariance(i);
        expect(disc[0]! / cont[0]!).toBeCloseTo(ratio, 12);
        expect(disc[3]! / eta ** 2 / cont[3]!).toBeCloseTo(ratio, 12);
      });
      // Non-commuting Σ: the whole (θ, velocity) covariance converges at rate O(η).
      const g = SgdMomentum.create({ ...base, learningRate: eta, momentum: 0.9, noise: { covariance: SIGMA } });
      const C = g.discreteStationaryCovariance(), B = g.stationaryCovariance();
      const scaled = C.map((x, k) => x / eta ** (Number(Math.floor(k / 4) >= 2) + Number(k % 4 >= 2))); // v → velocity = v/η
      const err = relDiff(scaled, B);
      expect(err).toBeLessThan(0.5 * eta * 2.3);
      expect(err).toBeLessThan(previous / 5);
      previous = err;
    }
  });

  it('speed: eq. (16) = continuous for any Σ; the exact discrete speed is larger by the mode factors', () => {
    const m = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } });
    const s = m.speed();
    expect(s.continuous).toBeCloseTo(s.eq16, 14);
    expect(s.discrete).toBeGreaterThan(s.eq16);
    expect(msd(m, [1], { variant: 'discrete' })[0]).toBeCloseTo(s.discrete, 14); // one step is one δ
  });

  it('equipartition with the corrected weight-decay term: continuous model, and exactly for the recursion (any Σ)', () => {
    for (const noise of [{ scale: 0.7 }, { covariance: SIGMA }]) {
      const m = SgdMomentum.create({ ...base, noise });
      const e = m.equipartition();
      // (λ/2) μᵀ H (H + λI)⁻¹ μ, computed independently.
      const lambda = base.weightDecay, mu = base.centre, Hf = H.flat();
      const Kinv = linalg.inverse([Hf[0]! + lambda, Hf[1]!, Hf[2]!, Hf[3]! + lambda]);
      const hk = mul(Hf, Kinv, 2);
      const wd = (lambda / 2) * (mu[0]! * (hk[0]! * mu[0]! + hk[1]! * mu[1]!) + mu[1]! * (hk[2]! * mu[0]! + hk[3]! * mu[1]!));
      expect(e.weightDecayTerm).toBeCloseTo(wd, 14);
      expect(e.continuous.kineticEnergy).toBeCloseTo(e.temperatureTerm, 14);
      expect(e.continuous.expectedLoss).toBeCloseTo(e.continuous.kineticEnergy + e.weightDecayTerm, 14);
      // The recursion keeps the balance exactly (with velocity v/η and mass η(1+β)/2):
      // (1+β) Cov v = η (Cov θ K + K Cov θ), derived in sgdMomentum.ts — checked as a matrix identity —
      // while each side moves away from the continuous temperature term at O(ηκ).
      expect(e.discrete.expectedLoss).toBeCloseTo(e.discrete.kineticEnergy + wd, 13);
      const C = m.discreteStationaryCovariance(), K = [Hf[0]! + lambda, Hf[1]!, Hf[2]!, Hf[3]! + lambda];
      const ct = blk(C, 4, 0, 0, 2), ck = mul(ct, K, 2), kc = mul(K, ct, 2);
      expect(relDiff(blk(C, 4, 2, 2, 2).map((x) => (1 + base.momentum) * x), ck.map((x, i) => base.learningRate * (x + kc[i]!)))).toBeLessThan(1e-12);
      const shift = e.discrete.kineticEnergy / e.temperatureTerm - 1;
      expect(shift).toBeGreaterThan(1e-3);
      expect(shift).toBeLessThan(0.2);
    }
  });

  it('refuses bad parameters with named messages', () => {
    const bad = (o: object, re: RegExp) => expect(() => SgdMomentum.create({ ...base, noise: { scale: 1 }, ...o } as never)).toThrow(re);
    bad({ momentum: 1 }, /momentum = 1 .*\[0, 1\)/);
    bad({ hessian: [[1, 0], [0, -1]] }, /hessian .*positive semi-definite/);
    bad({ hessian: [[1, 0], [0, 0]], weightDecay: 0 }, /hessian \+ weightDecay·I must be positive definite/);
    bad({ learningRate: -1 }, /learningRate = -1/);
    bad({ noise: { covariance: [[1, 0], [0, -1]] } }, /noise\.covariance .*positive semi-definite/);
    bad({ noise: 3 }, /noise = 3/);
    const m = SgdMomentum.create({ ...base, learningRate: 2, noise: { scale: 1 } });
    expect(() => m.discreteStationaryCovariance()).toThrow(/learningRate·\(curvature \+ weightDecay\) of mode 1 = .* < 2\(1 \+ momentum\) = 3\.6/);
    const g = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } });
    expect(() => g.modeStationaryCovariance(0)).toThrow(/diagonal in the eigenbasis/);
  });
});

/**
 * The Gaussian-noise SGD-with-momentum recursion of conventions.md, for n replicas
 * (the oracle's counterpart): g = H(θ − μ) + ξ, ξ = L z/√S with L Lᵀ = Σ, z from
 * rng.normals (replica i: stream i of `seed`); v ← βv − η(g + λθ); θ ← θ + v.
 * Returns θ and v (n × d) after each step in `record`.
 */
function simulate(o: {
  H: number[][]; mu: number[]; eta: number; beta: number; lambda: number; S: number; Sigma: number[][];
  theta0: M; v0: M; n: number; steps: number; record: number[]; seed: number;
}): Map<number, { theta: M; v: M }> {
  const d = o.mu.length, Hf = o.H.flat(), L = chol(o.Sigma.flat(), d), rs = 1 / Math.sqrt(o.S);
  const out = new Map(o.record.map((k) => [k, { theta: new Float64Array(o.n * d), v: new Float64Array(o.n * d) }]));
  const th = new Float64Array(d), v = new Float64Array(d), g = new Float64Array(d);
  for (let r = 0; r < o.n; r++) {
    th.set(o.theta0.subarray(r * d, r * d + d));
    v.set(o.v0.subarray(r * d, r * d + d));
    const z = rng.normals({ seed: o.seed, stream: r, count: o.steps * d });
    for (let k = 1; k <= o.steps; k++) {
      for (let i = 0; i < d; i++) {
        let gi = 0, xi = 0;
        for (let j = 0; j < d; j++) {
          gi += Hf[i * d + j]! * (th[j]! - o.mu[j]!);
          xi += L[i * d + j]! * z[(k - 1) * d + j]!;
        }
        g[i] = gi + rs * xi;
      }
      for (let i = 0; i < d; i++) {
        v[i] = o.beta * v[i]! - o.eta * (g[i]! + o.lambda * th[i]!);
        th[i]! += v[i]!;
      }
      const rec = out.get(k);
      if (rec) { rec.theta.set(th, r * d); rec.v.set(v, r * d); }
    }
  }
  return out;
}

describe('simulated SGD with momentum (20 000 replicas) against the exact discrete predictions', () => {
  const n = 20_000, d = 2;
  const p = { H, mu: base.centre, eta: base.learningRate, beta: base.momentum, lambda: base.weightDecay, S: base.batchSize, Sigma: SIGMA };
  let model: SgdMomentum;
  beforeAll(() => { model = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } }); });

  it('from a deterministic start: mean and covariance of (θₖ, vₖ) at k = 3, 15, 60 within 5 SE', () => {
    const theta0 = [3, 2];
    const run = simulate({ ...p, theta0: new Float64Array(n * d).map((_, i) => theta0[i % d]!), v0: new Float64Array(n * d), n, steps: 60, record: [3, 15, 60], seed: 101 });
    for (const k of [3, 15, 60]) {
      const { theta, v } = run.get(k)!;
      const mean = model.discreteMeanAt(k, { theta0 });
      const C = model.discreteCovarianceAt(k);
      const col = (i: number) => (r: number) => (i < d ? theta[r * d + i]! : v[r * d + i - d]!);
      const em = [0, 1, 2, 3].map((i) => { let s = 0; for (let r = 0; r < n; r++) s += col(i)(r); return s / n; });
      const want = [...mean.theta, ...mean.v];
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(em[i]! - want[i]!)).toBeLessThan(5 * Math.sqrt(C[i * 5]! / n));
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let r = 0; r < n; r++) s += (col(i)(r) - em[i]!) * (col(j)(r) - em[j]!);
          const se = Math.sqrt((C[i * 5]! * C[j * 5]! + C[i * 4 + j]! ** 2) / n);
          expect(Math.abs(s / (n - 1) - C[i * 4 + j]!)).toBeLessThan(5 * se);
        }
      }
    }
  });

  it('from the exact stationary law: covariance, speed E‖δ‖² and MSD at lags 1…200 within 5 SE; MSD saturates at 2 tr Cov_ss(θ)', () => {
    const C = model.discreteStationaryCovariance();
    const Lc = chol(C, 4);
    const theta0 = new Float64Array(n * d), v0 = new Float64Array(n * d);
    for (let r = 0; r < n; r++) {
      const z = rng.normals({ seed: 202, stream: r, count: 4 });
      for (let i = 0; i < 4; i++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += Lc[i * 4 + j]! * z[j]!;
        if (i < d) theta0[r * d + i] = model.fixedPoint[i]! + s;
        else v0[r * d + i - d] = s;
      }
    }
    const lags = [1, 2, 3, 5, 10, 20, 50, 100, 200];
    const run = simulate({ ...p, theta0, v0, n, steps: 200, record: lags, seed: 203 });
    const exact = msd(model, lags, { variant: 'discrete' });
    lags.forEach((k, li) => {
      const { theta } = run.get(k)!;
      let s = 0, s2 = 0;
      for (let r = 0; r < n; r++) {
        let q = 0;
        for (let i = 0; i < d; i++) q += (theta[r * d + i]! - theta0[r * d + i]!) ** 2;
        s += q; s2 += q * q;
      }
      const mean = s / n, se = Math.sqrt((s2 / n - mean * mean) / n);
      expect(Math.abs(mean - exact[li]!)).toBeLessThan(5 * se);
    });
    // Speed E‖θₖ₊₁ − θₖ‖² = E‖vₖ₊₁‖², stationary: exact discrete vs simulation, and distinguishable from eq. (16).
    const { v } = run.get(200)!;
    let s = 0, s2 = 0;
    for (let r = 0; r < n; r++) { const q = v[r * d]! ** 2 + v[r * d + 1]! ** 2; s += q; s2 += q * q; }
    const speed = s / n, seSpeed = Math.sqrt((s2 / n - speed * speed) / n);
    const pred = model.speed();
    expect(Math.abs(speed - pred.discrete)).toBeLessThan(5 * seSpeed);
    expect(Math.abs(speed - pred.eq16)).toBeGreaterThan(5 * seSpeed);
    // Still stationary after 200 steps: covariance of θ within 5 SE.
    const { theta } = run.get(200)!;
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]] as const) {
      let mi = 0, mj = 0;
      for (let r = 0; r < n; r++) { mi += theta[r * d + i]! / n; mj += theta[r * d + j]! / n; }
      let c = 0;
      for (let r = 0; r < n; r++) c += (theta[r * d + i]! - mi) * (theta[r * d + j]! - mj);
      const se = Math.sqrt((C[i * 5]! * C[j * 5]! + C[i * 4 + j]! ** 2) / n);
      expect(Math.abs(c / (n - 1) - C[i * 4 + j]!)).toBeLessThan(5 * se);
    }
    // Saturation at 2 tr Cov_ss(θ): the transient decays like |λ(M)|ᵏ = β^{k/2} (complex modes),
    // 6e-11 relative at k = 200, below 1e-12 by k = 1000; the simulation at k = 200 sits on it.
    const sat = msdSaturation(model).discrete;
    expect(sat).toBeCloseTo(2 * (C[0]! + C[5]!), 14);
    expect(Math.abs(msd(model, [1000], { variant: 'discrete' })[0]! - sat)).toBeLessThan(1e-12 * sat);
    expect(Math.abs(exact[lags.length - 1]! - sat)).toBeLessThan(1e-9 * sat);
  });

  it('deterministic-start MSD (discrete variant) matches the replicas within 5 SE', () => {
    const theta0 = [1.5, -0.5], v0 = [0.2, 0];
    const lags = [1, 4, 16, 64];
    const run = simulate({ ...p, theta0: new Float64Array(n * d).map((_, i) => theta0[i % d]!), v0: new Float64Array(n * d).map((_, i) => v0[i % d]!), n, steps: 64, record: lags, seed: 303 });
    const exact = msd(model, lags, { variant: 'discrete', start: { theta0, v0 } });
    lags.forEach((k, li) => {
      const { theta } = run.get(k)!;
      let s = 0, s2 = 0;
      for (let r = 0; r < n; r++) {
        const q = (theta[r * d]! - theta0[0]!) ** 2 + (theta[r * d + 1]! - theta0[1]!) ** 2;
        s += q; s2 += q * q;
      }
      const mean = s / n, se = Math.sqrt((s2 / n - mean * mean) / n);
      expect(Math.abs(mean - exact[li]!)).toBeLessThan(5 * se);
    });
  });
});

describe('MSD variants and power-law fits', () => {
  it('eq. (17) as printed (τ = ηk) agrees with the exact continuous MSD at short lags but never saturates', () => {
    for (const noise of [{ scale: 0.5 }, { covariance: SIGMA }]) {
      const m = SgdMomentum.create({ ...base, learningRate: 0.01, noise });
      const lags = [1, 10, 100, 2000, 4000, 8000];
      const e17 = msd(m, lags, { variant: 'eq17' });
      const cont = msd(m, lags, { variant: 'continuous' });
      const sat = msdSaturation(m).continuous;
      expect(Math.abs(e17[1]! / cont[1]! - 1)).toBeLessThan(0.05);
      expect(Math.abs(cont[5]! / sat - 1)).toBeLessThan(1e-9); // the model saturates at 2 tr B_θθ
      // eq. (17): linear growth at long lags (equal increments), past the plateau.
      const inc1 = e17[4]! - e17[3]!, inc2 = e17[5]! - e17[4]!;
      expect(inc1).toBeGreaterThan(0);
      expect(Math.abs(inc2 / (2 * inc1) - 1)).toBeLessThan(1e-6);
      expect(e17[5]!).toBeGreaterThan(sat);
    }
  });

  it('eq. (17) through modes (Σ ∝ H) equals its matrix form (phase-space expm) for the same model', () => {
    // Same Σ, once flagged as commuting ({scale}) and once given as a matrix.
    const a = SgdMomentum.create({ ...base, noise: { scale: 0.5 } });
    const b = SgdMomentum.create({ ...base, noise: { covariance: H.map((r) => r.map((x) => 0.5 * x)) } });
    expect(b.noiseCommutes).toBe(true);
    const lags = [1, 7, 30, 200];
    const viaModes = msd(a, lags, { variant: 'eq17' });
    // Force the matrix path by a tiny non-commuting perturbation well below the tolerance checked.
    const c = SgdMomentum.create({ ...base, noise: { covariance: [[1, 0.3 + 1e-9], [0.3 + 1e-9, 0.25]] } });
    expect(c.noiseCommutes).toBe(false);
    expect(relDiff(msd(c, lags, { variant: 'eq17' }), viaModes)).toBeLessThan(1e-7);
  });

  it('continuous MSD from a deterministic start is ‖E θ(τ) − θ₀‖² + tr Cov θ(τ) (modes for the mean, Van Loan for Cov)', () => {
    const m = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } });
    const theta0 = [2, -1], velocity0 = [0.5, 0.5];
    const lags = [1, 3, 10, 40];
    const got = msd(m, lags, { variant: 'continuous', start: { theta0, velocity0 } });
    lags.forEach((k, i) => {
      const t = base.learningRate * k;
      const mean = m.meanAt(t, { theta0, velocity0 }).theta;
      const C = m.covarianceAt(t);
      const want = (mean[0]! - theta0[0]!) ** 2 + (mean[1]! - theta0[1]!) ** 2 + C[0]! + C[5]!;
      expect(Math.abs(got[i]! - want)).toBeLessThan(1e-12 * want);
    });
  });

  it('exact continuous and discrete MSD from a stationary start saturate at 2 tr Cov_ss(θ) and differ by O(ηκ)', () => {
    const m = SgdMomentum.create({ ...base, noise: { covariance: SIGMA } });
    const sat = msdSaturation(m);
    const [c, d] = [msd(m, [5000], { variant: 'continuous' })[0]!, msd(m, [5000], { variant: 'discrete' })[0]!];
    expect(c / sat.continuous).toBeCloseTo(1, 12);
    expect(d / sat.discrete).toBeCloseTo(1, 12);
    expect(sat.discrete / sat.continuous - 1).toBeGreaterThan(0.01);
    expect(() => msd(m, [1], { variant: 'eq17', start: { theta0: [0, 0] } })).toThrow(/stationary start/);
    expect(() => msd(m, [1], { variant: 'continuous', start: { theta0: [0, 0], v0: [0, 0] } })).toThrow(/velocity0/);
    expect(() => msd(m, [1.5], { variant: 'discrete' })).toThrow(/lags\[0\] = 1\.5/);
  });

  it('fitPowerLaw / localSlope recover an exact power law; exponent vs window on the saturating model MSD decreases', () => {
    const k = Array.from({ length: 40 }, (_, i) => Math.round(1.3 ** i + i));
    const y = k.map((x) => 0.7 * x ** 1.37);
    for (const window of ['all', { from: 10, to: 1000 }, { lastFraction: 2 / 3 }] as const) {
      const f = fitPowerLaw(k, y, { window });
      expect(f.exponent).toBeCloseTo(1.37, 12);
      expect(f.prefactor).toBeCloseTo(0.7, 12);
      expect(f.rSquared).toBeCloseTo(1, 12);
    }
    expect(fitPowerLaw(k, y, { window: { lastFraction: 2 / 3 } }).points).toBe(27);
    localSlope(k, y).forEach((s) => expect(s).toBeCloseTo(1.37, 10));
    // A ballistic-then-saturating curve: the fitted exponent falls as the window grows.
    const m = SgdMomentum.create({ ...base, learningRate: 0.01, momentum: 0.9, noise: { scale: 0.5 } });
    const lags = Array.from({ length: 60 }, (_, i) => Math.round(1.2 ** i));
    const uniq = [...new Set(lags)];
    const curve = msd(m, uniq, { variant: 'discrete' });
    const ex = exponentVsWindow(uniq, curve, { lengths: [10, 20, 30, 40] });
    expect(ex[0]!.exponent).toBeGreaterThan(1.5); // ballistic at short lags
    for (let i = 1; i < ex.length; i++) expect(ex[i]!.exponent).toBeLessThan(ex[i - 1]!.exponent);
    const sl = localSlope(uniq, curve);
    expect(sl[0]!).toBeGreaterThan(1.5);
    expect(Math.abs(sl[sl.length - 1]!)).toBeLessThan(0.01);
    expect(() => fitPowerLaw(k, y, {} as never)).toThrow(/window is required/);
    expect(() => fitPowerLaw([1, 2, 3], [1, 0, 2], { window: 'all' })).toThrow(/values\[1\] = 0/);
    expect(() => fitPowerLaw([1, 2, 3], [1, 2, 3], { window: { from: 2.5, to: 2.6 } })).toThrow(/at least 2/);
  });
});
