// The state-dependent-diffusion MFPT quadrature against mfpt1d (constant D) and against the
// Fokker–Planck backward solver (state-dependent D, an independent discretisation), and the
// power-law escape rate for loss-proportional noise against that quadrature.
import { beforeAll, describe, expect, it } from 'vitest';
import { FokkerPlanck1D, firstPassage, landscapes, mfpt1d, mfpt1dDiffusion, powerLawEscapeRate } from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const quartic = (x: number) => (x * x - 1) ** 2;
const quarticDrift = (x: number) => -4 * x * (x * x - 1);

describe('mfpt1dDiffusion', () => {
  it('equals mfpt1d for constant D = T (1e-8)', () => {
    for (const T of [0.5, 0.1]) {
      const a = mfpt1dDiffusion(quarticDrift, () => T, -1, 1).time;
      expect(Math.abs(a / mfpt1d(quartic, T, -1, 1).time - 1)).toBeLessThan(1e-8);
    }
  });

  it('matches the Fokker–Planck backward solve for D(x) = 0.2(1 + x²) (1e-4)', () => {
    // Finite volumes (Scharfetter–Gummel, second order): 1600 cells on [−3, 1], target the right face.
    const D = (x: number) => 0.2 * (1 + x * x);
    const exact = mfpt1dDiffusion(quarticDrift, D, -1, 1).time;
    using fp = FokkerPlanck1D.fromDrift({ drift: quarticDrift, diffusion: D, domain: [-3, 1], cells: 1600 });
    expect(Math.abs(fp.interpolate(fp.meanFirstPassageTime('right'), -1) / exact - 1)).toBeLessThan(1e-4);
  });

  it('rejects D ≤ 0 and a process that is not confined', () => {
    expectError(() => mfpt1dDiffusion(quarticDrift, (x) => x, -1, 1), 'INVALID_ARGUMENT', 'diffusion', 'D must be finite and > 0');
    expectError(() => mfpt1dDiffusion(() => 0, () => 1, -1, 1), 'INVALID_ARGUMENT', 'confined');
  });
});

describe('power-law escape rate (loss-proportional Hessian-aligned noise)', () => {
  // L(θ) = (θ² − 1)² + ½: L* = ½, Lˢ = 3/2, h* = 8, hˢ = −4. The 1-D diffusion is
  // dθ = −L'(θ) dt + √(2 (ηh*/B) L(θ)) dW (thesis (4.21)); its exact MFPT to the other minimum is
  // the quadrature. The formula is the Laplace limit, relative error O(ηh*/B).
  const L = (x: number) => quartic(x) + 0.5;
  it('1/κ approaches the quadrature MFPT as ηh*/B → 0 (relative error shrinking ∝ ηh*/B)', () => {
    const B = 4;
    // Measured relative errors 0.98%, 0.57%, 0.30%, 0.15% at c = ηh*/B = 0.1 … 0.0125 (first order in c).
    const errors = [0.1, 0.05, 0.025, 0.0125].map((c) => {
      const eta = (c * B) / 8;
      const theory = powerLawEscapeRate({ lossAtMinimum: 0.5, lossAtSaddle: 1.5, curvatureAtMinimum: 8, curvatureAtSaddle: -4, learningRate: eta, batchSize: B });
      expect(theory.exponent).toBeCloseTo(1 / c + 0.5, 12);
      const exact = mfpt1dDiffusion(quarticDrift, (x) => c * L(x), -1, 1);
      return Math.abs(theory.time / exact.time - 1);
    });
    for (let i = 1; i < errors.length; i++) expect(errors[i]!).toBeLessThan(0.7 * errors[i - 1]!);
    expect(errors.at(-1)!).toBeLessThan(0.005);
  });

  it("the kernel's SGD noise model (σσᵀ = 2ηLH/B) is the diffusion of this theory: simulated MFPT, extrapolated Δt → 0, matches the quadrature (4σ)", () => {
    // c = ηh*/B = 0.5, MFPT from −1 to the saddle 0. EM with this state-dependent noise has the
    // O(√Δt) discrete-monitoring bias (no bridge correction for it), so two runs at Δt and Δt/4
    // are extrapolated: τ₀ ≈ 2τ(Δt/4) − τ(Δt), SE √(4SE₁² + SE₀²). Measured: quadrature 7.99;
    // 8.81 ± 0.14 (Δt = 4e-3), 8.18 ± 0.13 (Δt = 1e-3); extrapolated 7.54 ± 0.29 (1.6σ).
    const U = landscapes.fromExpression('(x^2-1)^2 + 0.5', { variables: ['x'] });
    const noise = { kind: 'sgd', learningRate: 0.5, batchSize: 8, hessian: [[8]] } as const;
    const run = (dt: number, seed: number) => firstPassage({ landscape: U, noise, dt, x0: -1, nTrajectories: 4000, seed, maxSteps: 1e7, target: { halfSpace: { normal: [1], offset: 0 } } });
    const coarse = run(4e-3, 1), fine = run(1e-3, 2);
    const extrapolated = 2 * fine.meanTime! - coarse.meanTime!;
    const se = Math.hypot(2 * fine.standardError!, coarse.standardError!);
    const exact = mfpt1dDiffusion(quarticDrift, (x) => 0.5 * L(x), -1, 0).time;
    expect(Math.abs(extrapolated - exact)).toBeLessThan(4 * se);
    U.dispose();
  });

  it('rejects bad input naming the parameter', () => {
    const ok = { lossAtMinimum: 0.5, lossAtSaddle: 1.5, curvatureAtMinimum: 8, curvatureAtSaddle: -4, learningRate: 0.1, batchSize: 1 };
    expectError(() => powerLawEscapeRate({ ...ok, lossAtSaddle: 0.4 }), 'INVALID_ARGUMENT', 'lossAtSaddle = 0.4');
    expectError(() => powerLawEscapeRate({ ...ok, curvatureAtSaddle: 2 }), 'INVALID_ARGUMENT', 'curvatureAtSaddle = 2');
    expectError(() => powerLawEscapeRate({ ...ok, learningRate: 0 }), 'INVALID_ARGUMENT', 'learningRate = 0');
  });
});
