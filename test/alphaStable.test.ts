// Symmetric α-stable (Lévy) noise against closed forms.
// - Chambers–Mallows–Stuck draws S: E cos(uS) = e^{−|u|^α} (the characteristic function of
//   a symmetric law is real); the SE of the empirical mean of cos(uS) is
//   √(Var cos(uS)/n) with Var cos(uS) = (1 + φ(2u))/2 − φ(u)²; E sin(uS) = 0 with variance
//   (1 − φ(2u))/2. α = 1 is Cauchy: P(S ≤ x) = ½ + atan(x)/π (binomial SE).
// - An ensemble step adds scale·Δt^{1/α}·S from the trajectory's stream (checked bit for bit),
//   and k refined substeps sum to a stable law of scale s(kΔt)^{1/α}.
// - OU driven by α-stable noise, dX = −aX dt + s dL (derived): X_∞ = s∫₀^∞ e^{−at} dL_t has
//   log E e^{iuX_∞} = −∫₀^∞ |s u e^{−at}|^α dt = −|su|^α/(αa), i.e. scale s(αa)^{−1/α}.
//   Euler–Maruyama X' = (1 − aΔ)X + sΔ^{1/α}S from X₀ = 0 is exactly stable after k steps with
//   scale^α = s^α Δ Σ_{i<k} |1 − aΔ|^{αi} (sum of independent stable terms), which tends to
//   the continuous law as Δ → 0.
// Tolerances: 5 standard errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapes, rng, simulate } from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

/** Worst |ECF − e^{−|γu|^α}| in standard errors over the given u (cosine and sine parts). */
function ecfSigma(x: ArrayLike<number>, alpha: number, gamma: number, us: number[]): number {
  const n = x.length;
  const phi = (u: number) => Math.exp(-(Math.abs(gamma * u) ** alpha));
  let worst = 0;
  for (const u of us) {
    let c = 0, s = 0;
    for (let i = 0; i < n; i++) { c += Math.cos(u * x[i]!); s += Math.sin(u * x[i]!); }
    const seC = Math.sqrt(((1 + phi(2 * u)) / 2 - phi(u) ** 2) / n), seS = Math.sqrt((1 - phi(2 * u)) / 2 / n);
    worst = Math.max(worst, Math.abs(c / n - phi(u)) / seC, Math.abs(s / n) / seS);
  }
  return worst;
}

describe('Chambers–Mallows–Stuck variates (rng.stable)', () => {
  it.each([0.5, 1, 1.5, 1.9, 2])('α = %s: characteristic function e^{−|u|^α} within 5σ', (alpha) => {
    const s = rng.stable({ seed: 3, stream: 7, count: 200_000, alpha });
    expect(ecfSigma(s, alpha, 1, [0.2, 0.7, 1.5, 3])).toBeLessThan(5);
  });

  it('α = 1 is Cauchy: P(S ≤ x) = ½ + atan(x)/π within 5σ', () => {
    const n = 200_000, s = rng.stable({ seed: 4, count: n, alpha: 1 });
    for (const x of [-10, -1, -0.3, 0, 0.5, 2, 25]) {
      const p = 0.5 + Math.atan(x) / Math.PI;
      const f = s.reduce((a, v) => a + (v <= x ? 1 : 0), 0) / n;
      expect(Math.abs(f - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('α = 2 is N(0, 2): variance 2 within 5σ', () => {
    const n = 200_000, s = rng.stable({ seed: 5, count: n, alpha: 2 });
    const v = s.reduce((a, x) => a + x * x, 0) / n;
    expect(Math.abs(v - 2)).toBeLessThan(5 * Math.sqrt(8 / n)); // Var S² = 3·2² − 2² = 8
  });

  it('rejects α outside (0, 2]', () => {
    expectError(() => rng.stable({ seed: 1, count: 3, alpha: 0 }), 'INVALID_ARGUMENT', 'alpha = 0');
    expectError(() => rng.stable({ seed: 1, count: 3, alpha: 2.5 }), 'INVALID_ARGUMENT', 'alpha = 2.5', '(0, 2]');
  });
});

describe("noise { kind: 'alpha-stable' }", () => {
  it('one step adds scale·Δt^{1/α}·S from the trajectory\'s own stream (bit for bit)', () => {
    using U = landscapes.fromExpression('0*x', { variables: ['x'] });
    const alpha = 1.3, scale = 0.7, dt = 0.01;
    using e = simulate({ landscape: U, noise: { kind: 'alpha-stable', alpha, scale }, dt, steps: 1, nTrajectories: 5, x0: 0, seed: 9, trajectoryOffset: 3 });
    const expected = Array.from({ length: 5 }, (_, i) => scale * dt ** (1 / alpha) * rng.stable({ seed: 9, stream: 3 + i, count: 1, alpha })[0]!);
    // Equal up to the association of the product (1 ulp).
    e.positions().forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(4e-16 * Math.abs(expected[i]!)));
  });

  it('refined increments (8 substeps) have the stable law of scale s·Δt^{1/α} within 5σ', () => {
    using U = landscapes.fromExpression('0*x', { variables: ['x'] });
    const alpha = 0.8, scale = 2, dt = 0.5;
    using e = simulate({ landscape: U, noise: { kind: 'alpha-stable', alpha, scale }, dt, steps: 1, brownianRefinement: 8, nTrajectories: 100_000, x0: 0, seed: 2 });
    expect(ecfSigma(e.positions(), alpha, scale * dt ** (1 / alpha), [0.05, 0.2, 1])).toBeLessThan(5);
  });

  it.each([1.5, 0.9])(
    'OU dX = −X dt + s dL (α = %s): exact EM law after k steps and the stationary scale s(αa)^{−1/α}, within 5σ',
    (alpha) => {
      const a = 1, s = 0.5, dt = 0.01, k = 800, n = 20_000;
      using U = landscapes.quadratic({ hessian: [[a]] });
      using e = simulate({ landscape: U, noise: { kind: 'alpha-stable', alpha, scale: s }, dt, steps: k, nTrajectories: n, x0: 0, seed: 21 });
      const x = e.positions();
      const us = [0.3, 1, 3];
      // Exact law of the EM recursion.
      const r = Math.abs(1 - a * dt) ** alpha;
      const emScale = s * (dt * (1 - r ** k) / (1 - r)) ** (1 / alpha);
      expect(ecfSigma(x, alpha, emScale, us)).toBeLessThan(5);
      // Continuous stationary law: scale^α of EM differs from it by a relative |α − 1|Δ/2 ≤ 0.25%
      // plus e^{−αakΔ} ≤ 7e-4: at most 0.3 SE on the ECF here.
      expect(ecfSigma(x, alpha, s * (alpha * a) ** (-1 / alpha), us)).toBeLessThan(5);
      // A law of the wrong scale (±10%) is rejected: the test can fail.
      expect(ecfSigma(x, alpha, 1.1 * s * (alpha * a) ** (-1 / alpha), us)).toBeGreaterThan(5);
    },
  );

  it('refuses schemes that assume Brownian paths, and bad parameters', () => {
    using U = landscapes.quadratic({ hessian: [[1]] });
    const base = { landscape: U, dt: 0.01, nTrajectories: 2, x0: 0, seed: 1 };
    const noise = { kind: 'alpha-stable', alpha: 1.5, scale: 1 } as const;
    for (const integrator of ['heun', 'milstein', 'rk-milstein', 'sra1', 'exact-ou', 'baoab', 'mala'] as const) {
      expectError(() => simulate({ ...base, noise, integrator }), 'INVALID_ARGUMENT', integrator);
    }
    expectError(() => simulate({ ...base, noise: { kind: 'alpha-stable', alpha: 2.1, scale: 1 } }), 'INVALID_ARGUMENT', 'noise.alpha = 2.1');
    expectError(() => simulate({ ...base, noise: { kind: 'alpha-stable', alpha: 1, scale: -1 } }), 'INVALID_ARGUMENT', 'noise.scale = -1');
  });

  it('reports divergence with trajectory and step (α = 0.3 on the quartic well at a large step)', () => {
    using U = landscapes.doubleWell();
    const err = expectError(() => simulate({ landscape: U, noise: { kind: 'alpha-stable', alpha: 0.3, scale: 1 }, dt: 0.1, steps: 2000, nTrajectories: 200, x0: 0, seed: 1 }), 'DIVERGED');
    expect(err.trajectory).toBeGreaterThanOrEqual(0);
    expect(err.step).toBeGreaterThan(0);
  });
});
