// Stochastic-gradient samplers (SGLD, SGHMC) and heavy-ball SGD momentum against exact
// oracles of their *discrete* recursions on quadratics U = ½xᵀHx, where each is linear:
//   z' = M z + w,  Cov w = Q  ⇒  stationary C = M C Mᵀ + Q  (Stein equation).
// The Stein solves use the library's linalg.discreteLyapunov, checked here against closed forms
// derived below; ensemble statistics must match within 5 standard errors (SE of a sample
// covariance entry: √((CᵢᵢCⱼⱼ + Cᵢⱼ²)/n)). Each test also shows that a wrong model (e.g. no
// gradient noise, no SGHMC correction) is > 5 SE away, so the test can tell.
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdMomentum, SgdynError, landscapes, linalg, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';
import { expectSplitRunsMatchWhole } from './support/splitRuns.js';

beforeAll(loadSgdyn);

type Mat = number[][];
const rows = (flat: Float64Array, n: number): Mat => Array.from({ length: n }, (_, i) => Array.from(flat.slice(i * n, (i + 1) * n)));

/** Sample covariance of columns of an n × d row-major array. */
function covariance(x: Float64Array, d: number): Mat {
  const n = x.length / d;
  const mean = new Array<number>(d).fill(0);
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) mean[i]! += x[k * d + i]! / n;
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i]![j]! += (x[k * d + i]! - mean[i]!) * (x[k * d + j]! - mean[j]!);
  }
  return c.map((r) => r.map((v) => v / (n - 1)));
}

/** Entrywise |Ĉ − C| < 5 SE. */
function expectCovariance(sample: Mat, exact: Mat, n: number): void {
  const d = exact.length;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const se = Math.sqrt((exact[i]![i]! * exact[j]![j]! + exact[i]![j]! ** 2) / n);
      expect(Math.abs(sample[i]![j]! - exact[i]![j]!), `entry (${i},${j}): ${sample[i]![j]} vs ${exact[i]![j]}`).toBeLessThan(5 * se);
    }
  }
}

/** Stationary covariance of SGLD on ½xᵀHx: C = MCMᵀ + Δt²Σ_g + 2ΔtT·I, M = I − ΔtH. */
function sgldStationary(H: Mat, T: number, dt: number, noise: Mat): Mat {
  const d = H.length;
  const M = H.map((r, i) => r.map((h, j) => (i === j ? 1 : 0) - dt * h));
  const Q = noise.map((r, i) => r.map((s, j) => dt * dt * s + (i === j ? 2 * dt * T : 0)));
  return rows(linalg.discreteLyapunov(M, Q), d);
}

describe('SGLD', () => {
  it('the Stein oracle equals the 1-D closed form Var = (2T + Δtσ²)/(h(2 − Δt h)) (checks the oracle)', () => {
    // 1-D: v = (1 − Δt h)² v + Δt²σ² + 2ΔtT  ⇒  v (Δt h)(2 − Δt h) = Δt(Δtσ² + 2T).
    for (const [h, T, dt, s2] of [[2, 0.3, 0.1, 1.5], [5, 0.1, 0.35, 0.2]] as const) {
      const [[v]] = sgldStationary([[h]], T, dt, [[s2]]) as [[number]];
      expect(Math.abs(v / ((2 * T + dt * s2) / (h * (2 - dt * h))) - 1)).toBeLessThan(1e-12);
    }
  });

  it('samples the discrete stationary covariance with correlated gradient noise (2-D, 5σ), not the noise-free one', () => {
    const H = [[3, 1], [1, 2]], T = 0.2, dt = 0.1, Sg = [[0.5, 0.1], [0.1, 0.3]], n = 40_000;
    const U = landscapes.quadratic({ hessian: H });
    using ens = simulate({ landscape: U, temperature: T, dt, steps: 300, nTrajectories: n, x0: [1, -1], seed: 31, integrator: 'sgld', gradientNoise: { covariance: Sg } });
    const C = sgldStationary(H, T, dt, Sg);
    const S = covariance(ens.positions(), 2);
    expectCovariance(S, C, n);
    const exactGradients = sgldStationary(H, T, dt, [[0, 0], [0, 0]]);
    expect(Math.abs(S[0]![0]! - exactGradients[0]![0]!)).toBeGreaterThan(5 * exactGradients[0]![0]! * Math.sqrt(2 / n));
    U.dispose();
  });

  it('follows a decreasing step schedule exactly: mean and variance recursions with Δtₖ = Δt(1 + k/t0)^−γ (5σ)', () => {
    // 1-D: mₖ₊₁ = (1 − hΔtₖ) mₖ,  vₖ₊₁ = (1 − hΔtₖ)² vₖ + Δtₖ²σ² + 2TΔtₖ, from m₀ = x0, v₀ = 0.
    const h = 2, T = 0.1, dt = 0.2, s2 = 2, t0 = 10, decay = 0.8, K = 60, n = 40_000, x0 = 3;
    const U = landscapes.quadratic({ hessian: [[h]] });
    using ens = simulate({ landscape: U, temperature: T, dt, steps: K, nTrajectories: n, x0, seed: 32, integrator: 'sgld', gradientNoise: { variance: s2 }, stepSchedule: { t0, decay } });
    let m = x0, v = 0;
    for (let k = 0; k < K; k++) {
      const e = dt * (1 + k / t0) ** -decay;
      m *= 1 - h * e;
      v = (1 - h * e) ** 2 * v + e * e * s2 + 2 * T * e;
    }
    const x = ens.positions();
    const mean = x.reduce((s, y) => s + y, 0) / n;
    const [[vs]] = covariance(x, 1) as [[number]];
    expect(Math.abs(mean - m)).toBeLessThan(5 * Math.sqrt(v / n));
    expect(Math.abs(vs - v)).toBeLessThan(5 * v * Math.sqrt(2 / n));
    // A constant step would be far off: its variance is the stationary (2T + Δtσ²)/(h(2 − Δth)).
    expect(Math.abs(vs - (2 * T + dt * s2) / (h * (2 - dt * h)))).toBeGreaterThan(5 * v * Math.sqrt(2 / n));
    U.dispose();
  });

  it('with exact gradients and a constant step it is Euler–Maruyama bit for bit (and "ula" is its alias)', () => {
    const U = landscapes.doubleWell({ dim: 2 });
    const base = { landscape: U, temperature: [0.3, 0.2], dt: 0.01, steps: 200, nTrajectories: 130, x0: [-1, 0.5], seed: 33 };
    using em = simulate({ ...base });
    using sgld = simulate({ ...base, integrator: 'sgld' });
    using ula = simulate({ ...base, integrator: 'ula' });
    expect(sgld.positions()).toEqual(em.positions());
    expect(ula.positions()).toEqual(em.positions());
    expect(ula.integrator).toBe('ula');
    U.dispose();
  });
});

describe('gradient noise with a nearly singular covariance', () => {
  it('accepts a PSD Σ_g whose pivot falls below the tolerance (regression: the zero-pivot test used |r| ≤ 10³·tol instead of the PSD bound r² ≤ tol·Sᵢᵢ)', () => {
    // Σ_g = u uᵀ, u = (√ε, 1), ε = 1e-15: rank one and PSD; its first pivot ε is below 1e-12·max diag.
    // (Computed minibatch covariances of nearly dependent per-example gradients look like this.)
    const e = 1e-15;
    using U = landscapes.quadratic({ hessian: [[1, 0], [0, 1]] });
    using ens = simulate({ landscape: U, integrator: 'sgld', temperature: 0, dt: 0.1, gradientNoise: { covariance: [[e, Math.sqrt(e)], [Math.sqrt(e), 1]] }, nTrajectories: 4, x0: 0, seed: 3, steps: 20 });
    const x = ens.positions();
    // the dropped column carries |Σ_g| ≤ √ε: the first coordinate gets no noise and stays at 0 exactly
    for (let i = 0; i < 4; i++) {
      expect(x[2 * i]).toBe(0);
      expect(x[2 * i + 1]).not.toBe(0);
    }
    expect(() => simulate({ landscape: U, integrator: 'sgld', temperature: 0, dt: 0.1, gradientNoise: { covariance: [[e, 1e-3], [1e-3, 1]] }, nTrajectories: 1, x0: 0, seed: 3 }))
      .toThrow(/not positive semidefinite/); // a tiny pivot with a large off-diagonal entry is indefinite
  });
});

/** Stationary covariance of SGHMC's (x, v) on ½hx² (1-D) by the Stein equation (module comment of sghmc.rs). */
function sghmcStationary(h: number, T: number, gamma: number, dt: number, s2: number, estimate: number): Mat {
  // x' = x + Δt v;  v' = (1 − γΔt)v − Δt h x' − Δt ζ + s ξ  ⇒  v' = −Δt h x + (1 − γΔt − Δt²h) v + noise.
  const M = [[1, dt], [-dt * h, 1 - gamma * dt - dt * dt * h]];
  const q = dt * dt * s2 + 2 * dt * (gamma * T - 0.5 * dt * estimate);
  return rows(linalg.discreteLyapunov(M, [[0, 0], [0, q]]), 2);
}

describe('SGHMC', () => {
  // Closed form (derived here). With a = Δt, c = 1 − γa, P = E x², R = E xv, V = E v² and
  // q the per-step v-noise: x' = x + av gives R = −aV/2; E[x'v'] = c(R + aV) − ahP = R gives
  // hP = V(1 − γa/2); the v-equation v' = −ahx + (c − a²h)v + noise then gives
  // V (1 − c² − a³hγ/2) = q, i.e.  V = q / (aγ(2 − γa − a²h/2)),  P = V(1 − γa/2)/h.
  // With the matched estimate q = 2aγT:  V = T/(1 − γa/2 − a²h/4) = T + O(Δt), and
  // P = (T/h)(1 − γa/2)/(1 − γa/2 − a²h/4) = T/h + O(Δt²): the continuous limit (T/h, T).
  const closedForm = (h: number, T: number, gamma: number, a: number, s2: number, est: number) => {
    const q = a * a * s2 + 2 * a * (gamma * T - 0.5 * a * est);
    const V = q / (a * gamma * (2 - gamma * a - (a * a * h) / 2));
    return { x: (V * (1 - (gamma * a) / 2)) / h, v: V };
  };

  it('the Stein oracle equals the closed form, which tends to (T/h, T) as Δt → 0 (errors O(Δt²) in x, O(Δt) in v)', () => {
    const h = 2, T = 0.5, gamma = 1.5, s2 = 0.8;
    for (const [dt, est] of [[0.1, s2], [0.05, 0], [0.3, 0.5]] as const) {
      const C = sghmcStationary(h, T, gamma, dt, s2, est), f = closedForm(h, T, gamma, dt, s2, est);
      expect(Math.abs(C[0]![0]! / f.x - 1)).toBeLessThan(1e-10);
      expect(Math.abs(C[1]![1]! / f.v - 1)).toBeLessThan(1e-10);
    }
    // Δt-refinement of the closed form: halving Δt divides the x error by ≈ 4 and the v error by ≈ 2.
    const err = [0.02, 0.01, 0.005].map((dt) => { const f = closedForm(h, T, gamma, dt, s2, s2); return [f.x - T / h, f.v - T]; });
    expect(err[1]![0]! / err[2]![0]!).toBeCloseTo(4, 1);
    expect(err[1]![1]! / err[2]![1]!).toBeCloseTo(2, 1);
    expect(Math.abs(err[2]![0]!)).toBeLessThan(1e-5);
  });

  it('samples the exact discrete stationary variances of x and v (5σ); without the noise correction it is off', () => {
    const h = 2, T = 0.5, gamma = 2, dt = 0.1, s2 = 4, n = 40_000;
    const U = landscapes.quadratic({ hessian: [[h]] });
    const base = { landscape: U, temperature: T, dt, steps: 400, nTrajectories: n, x0: 0, integrator: 'sghmc' as const, friction: gamma, gradientNoise: { variance: s2 } };
    using ens = simulate({ ...base, seed: 41 });
    const C = sghmcStationary(h, T, gamma, dt, s2, s2);
    expectCovariance(covariance(ens.positions(), 1), [[C[0]![0]!]], n);
    expectCovariance(covariance(ens.velocities(), 1), [[C[1]![1]!]], n);
    // No correction (noiseEstimate 0): the chain is hotter, and the oracle predicts by how much.
    using hot = simulate({ ...base, seed: 42, noiseEstimate: 0 });
    const Chot = sghmcStationary(h, T, gamma, dt, s2, 0);
    expectCovariance(covariance(hot.positions(), 1), [[Chot[0]![0]!]], n);
    expect(Math.abs(covariance(hot.positions(), 1)[0]![0]! - C[0]![0]!)).toBeGreaterThan(5 * C[0]![0]! * Math.sqrt(2 / n));
    U.dispose();
  });

  it('rejects a noise estimate the friction cannot absorb, naming it', () => {
    const U = landscapes.quadratic({ hessian: [[1]] });
    const base = { landscape: U, temperature: 0.1, dt: 0.1, nTrajectories: 4, x0: 0, seed: 1, integrator: 'sghmc' as const };
    expect(() => simulate({ ...base, friction: 0.1, noiseEstimate: 10 })).toThrow(/noiseEstimate\[0\] = 10 is not allowed.*friction·T ≥ ½·dt·noiseEstimate/);
    expect(() => simulate({ ...base, friction: -1 })).toThrow(/friction = -1/);
    expect(() => simulate({ ...base, noiseEstimate: -1 })).toThrow(/noiseEstimate = -1/);
    U.dispose();
  });
});

describe('heavy-ball SGD momentum', () => {
  // Derivation (1-D, U = ½hx², Var ζ = σ²): with vₖ = xₖ − xₖ₋₁ the recursion is the AR(2)
  // xₖ₊₁ = φ₁xₖ + φ₂xₖ₋₁ + εₖ, φ₁ = 1 + β − ηh, φ₂ = −β, Var ε = η²σ². Yule–Walker:
  // γ₁ = φ₁γ₀/(1 − φ₂), γ₀ = φ₁γ₁ + φ₂γ₂ + η²σ², γ₂ = φ₁γ₁ + φ₂γ₀, which give
  // γ₀ = (1 − φ₂)η²σ² / ((1 + φ₂)((1 − φ₂)² − φ₁²)) = η²σ²(1+β) / ((1−β) ηh (2(1+β) − ηh)),
  // and Var v = 2(γ₀ − γ₁) = 2γ₀ ηh/(1+β).
  const ar2 = (h: number, eta: number, beta: number, s2: number) => {
    const g0 = (eta * eta * s2 * (1 + beta)) / ((1 - beta) * eta * h * (2 * (1 + beta) - eta * h));
    return { x: g0, v: (2 * g0 * eta * h) / (1 + beta) };
  };

  it('the AR(2) closed form equals the phase-space Stein solve of SgdMomentum (checks the oracle)', () => {
    const h = 2, eta = 0.1, beta = 0.9, s2 = 1;
    const m = SgdMomentum.create({ hessian: [[h]], learningRate: eta, momentum: beta, batchSize: 1, noise: { covariance: [[s2]] } });
    const C = m.discreteStationaryCovariance();
    const { x, v } = ar2(h, eta, beta, s2);
    expect(Math.abs(C[0]! / x - 1)).toBeLessThan(1e-10);
    expect(Math.abs(C[3]! / v - 1)).toBeLessThan(1e-10);
  });

  it('samples the per-mode variance σ²(1+β)/((1−β)ηh(2(1+β)−ηh)) scaled by η², and Var v (1-D, 5σ)', () => {
    const h = 2, eta = 0.1, beta = 0.9, s2 = 1, n = 40_000;
    const U = landscapes.quadratic({ hessian: [[h]] });
    using ens = simulate({ landscape: U, dt: eta, steps: 800, nTrajectories: n, x0: 0.5, seed: 51, integrator: 'heavy-ball', momentum: beta, gradientNoise: { variance: s2 } });
    const { x, v } = ar2(h, eta, beta, s2);
    expectCovariance(covariance(ens.positions(), 1), [[x]], n);
    expectCovariance(covariance(ens.velocities(), 1), [[v]], n);
    // Plain SGD (β = 0) would give ησ²/(h(2 − ηh)) — far from it.
    expect(Math.abs(covariance(ens.positions(), 1)[0]![0]! - (eta * s2) / (h * (2 - eta * h)))).toBeGreaterThan(5 * x * Math.sqrt(2 / n));
    U.dispose();
  });

  it('matches SgdMomentum.discreteStationaryCovariance in 2-D with weight decay and correlated noise (5σ)', () => {
    const H = [[2, 0.5], [0.5, 1]], eta = 0.2, beta = 0.6, lambda = 0.1, Sg = [[1, 0.3], [0.3, 0.5]], n = 40_000;
    const U = landscapes.quadratic({ hessian: H });
    using ens = simulate({ landscape: U, dt: eta, steps: 500, nTrajectories: n, x0: [0, 0], seed: 52, integrator: 'heavy-ball', momentum: beta, weightDecay: lambda, gradientNoise: { covariance: Sg } });
    const C = SgdMomentum.create({ hessian: H, learningRate: eta, momentum: beta, weightDecay: lambda, batchSize: 1, noise: { covariance: Sg } }).discreteStationaryCovariance();
    const full = rows(C, 4);
    expectCovariance(covariance(ens.positions(), 2), full.slice(0, 2).map((r) => r.slice(0, 2)), n);
    expectCovariance(covariance(ens.velocities(), 2), full.slice(2, 4).map((r) => r.slice(2, 4)), n);
    U.dispose();
  });

  it('rejects bad parameters and temperature, naming them; reports divergence past ηh = 2(1+β)', () => {
    const U = landscapes.quadratic({ hessian: [[1]] });
    const base = { landscape: U, dt: 0.1, nTrajectories: 4, x0: 1, seed: 1, integrator: 'heavy-ball' as const };
    expect(() => simulate({ ...base, momentum: 1 })).toThrow(/momentum = 1 is not allowed/);
    expect(() => simulate({ ...base, weightDecay: -0.5 })).toThrow(/weightDecay = -0.5/);
    expect(() => simulate({ ...base, temperature: 0.1 })).toThrow(/temperature.*gradient noise/);
    expect(() => simulate({ ...base, gradientNoise: { covariance: [[-1]] } })).toThrow(/gradientNoise.covariance is not positive semidefinite/);
    expect(() => simulate({ ...base, dt: 0, momentum: 0.5 })).toThrow(/dt = 0/);
    expect(() => simulate({ ...base, integrator: 'sgld', momentum: 0.5 })).toThrow(/momentum.*applies to integrator 'heavy-ball'/);
    try {
      simulate({ ...base, dt: 4, momentum: 0.5, steps: 5000 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SgdynError);
      expect((e as SgdynError).code).toBe('DIVERGED');
      expect((e as SgdynError).trajectory).toBe(0);
    }
    U.dispose();
  });
});

describe('sampler reproducibility', () => {
  it.each([
    ['sgld', { temperature: 0.1 }],
    ['sghmc', { temperature: 0.1, friction: 1 }],
    ['ula', { replicaExchange: { temperatures: [0.1, 0.2] } }],
  ] as const)('%s reports divergence with trajectory and step (unstable Δt on a stiff quadratic)', (integrator, extra) => {
    const U = landscapes.quadratic({ hessian: [[50]] });
    try {
      simulate({ landscape: U, dt: 0.5, steps: 2000, nTrajectories: 4, x0: 1, seed: 3, integrator, ...extra });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SgdynError);
      expect((e as SgdynError).code).toBe('DIVERGED');
      expect((e as SgdynError).step).toBeGreaterThan(0);
      expect((e as SgdynError).trajectory).toBeGreaterThanOrEqual(0);
    }
    U.dispose();
  });

  it('every sampler rejects dt ≤ 0 and bad schedules / noise, naming the parameter', () => {
    const U = landscapes.quadratic({ hessian: [[1, 0], [0, 1]] });
    const base = { landscape: U, nTrajectories: 4, x0: [0, 0], seed: 1 };
    for (const integrator of ['ula', 'sgld', 'sghmc', 'heavy-ball'] as const) {
      const t = integrator === 'heavy-ball' ? {} : { temperature: 0.1 };
      expect(() => simulate({ ...base, ...t, integrator, dt: 0 })).toThrow(/dt = 0 is not allowed/);
      expect(() => simulate({ ...base, ...t, integrator, dt: -0.1 })).toThrow(/dt = -0.1 is not allowed/);
    }
    const sgld = { ...base, temperature: 0.1, dt: 0.1, integrator: 'sgld' as const };
    expect(() => simulate({ ...sgld, stepSchedule: { t0: 10, decay: 1.5 } })).toThrow(/stepSchedule.decay = 1.5/);
    expect(() => simulate({ ...sgld, stepSchedule: { t0: 0, decay: 0.5 } })).toThrow(/stepSchedule.t0 = 0/);
    expect(() => simulate({ ...sgld, gradientNoise: { variance: -1 } })).toThrow(/gradientNoise.variance = -1/);
    expect(() => simulate({ ...sgld, gradientNoise: { covariance: [[1, 2], [2, 1]] } })).toThrow(/not positive semidefinite/);
    expect(() => simulate({ ...sgld, gradientNoise: { covariance: [[1, 0.5], [0, 1]] } })).toThrow(/must be symmetric/);
    expect(() => simulate({ ...sgld, gradientNoise: { covariance: [[1]] } })).toThrow(/gradientNoise.covariance/);
    expect(() => simulate({ ...sgld, noise: { kind: 'linear', scale: 1 }, temperature: undefined })).toThrow(/supports only temperature noise/);
    expect(() => simulate({ ...sgld, integrator: 'ula', noise: { kind: 'linear', scale: 1 }, temperature: undefined })).toThrow(/'ula'.*temperature noise only/);
    expect(() => simulate({ ...sgld, integrator: 'mala', gradientNoise: { variance: 1 } })).toThrow(/gradientNoise.*applies to integrator/);
    U.dispose();
  });

  it.each(['sgld', 'sghmc', 'heavy-ball'] as const)('%s: split ensembles and chunked steps reproduce the whole run bit for bit', (integrator) => {
    const U = landscapes.ring({ dim: 2 });
    const base = {
      landscape: U, dt: 0.02, x0: [1, 0], seed: 61, integrator, gradientNoise: { covariance: [[0.4, 0.1], [0.1, 0.2]] },
      ...(integrator === 'heavy-ball' ? {} : { temperature: 0.3 }), ...(integrator === 'sgld' ? { stepSchedule: { t0: 50, decay: 0.6 } } : {}),
    };
    expectSplitRunsMatchWhole(base);
    U.dispose();
  });
});

describe('BAOAB overdamped high-friction limit', () => {
  // With e^{−γΔt} = 0 the O step redraws v ~ N(0, T), and eliminating v gives the
  // Leimkuhler–Matthews overdamped method xₖ₊₁ = xₖ − (Δt²/2)∇U(xₖ) + (Δt√T/2)(ξₖ + ξₖ₊₁):
  // overdamped Langevin with time step Δt²/2. On ½hx² the mean therefore follows
  // E x₁ = (1 − Δt²h/4) x₀ (the first B uses the initial v, not a post-B one), then
  // E xₖ₊₁ = (1 − Δt²h/2) E xₖ — the EM mean with step Δt²/2 — and Var x → T/h exactly.
  it('follows the overdamped mean recursion with time step Δt²/2 and samples T/h (5σ)', () => {
    const h = 2, T = 0.4, dt = 0.3, n = 40_000, x0 = 2, K = 40;
    const U = landscapes.quadratic({ hessian: [[h]] });
    using ens = simulate({ landscape: U, temperature: T, dt, steps: K, nTrajectories: n, x0, seed: 71, integrator: 'baoab', friction: 1e6 });
    const a = (dt * dt) / 2;
    const m = x0 * (1 - (a * h) / 2) * (1 - a * h) ** (K - 1);
    const x = ens.positions();
    const mean = x.reduce((s, y) => s + y, 0) / n;
    const [[v]] = covariance(x, 1) as [[number]];
    expect(Math.abs(mean - m)).toBeLessThan(5 * Math.sqrt(v / n));
    // Underdamped BAOAB (γ = 1) relaxes differently: its mean is far from the overdamped one.
    using slow = simulate({ landscape: U, temperature: T, dt, steps: K, nTrajectories: n, x0, seed: 72, integrator: 'baoab', friction: 1 });
    const meanSlow = slow.positions().reduce((s, y) => s + y, 0) / n;
    expect(Math.abs(meanSlow - m)).toBeGreaterThan(5 * Math.sqrt(v / n));
    ens.step(400);
    expectCovariance(covariance(ens.positions(), 1), [[T / h]], n);
    U.dispose();
  });
});
