// Noise models against stationary laws derived here.
// Multiplicative noise dθ = −θ dt + √(2D₀(1+θ²)) dW, zero-flux stationary density of the Itô form
// (b p = ∂(D p), D = D₀(1+θ²)): p ∝ (1+θ²)^{−a}, a = 1 + 1/(2D₀), Var = 1/(2a − 3).
// The Stratonovich form has Itô drift −θ + ½σσ' = −(1 − D₀)θ, so a_S = 1/(2D₀) + ½ and
// Var = D₀/(1 − 2D₀). For p ∝ (1+θ²)^{−a}: E θ⁴ = 3/((2a−3)(2a−5)), which gives the SE of the
// sample variance. Correlated additive noise on U = ½‖x‖² (H = I): EM's stationary covariance
// solves C = (1−Δt)²C + 2DΔt, i.e. C = D/(1 − Δt/2). Tolerances: 5 standard errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapes, simulate, simulatePooled, type Integrator, type Interpretation } from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

function moments(x: Float64Array): { variance: number; m4: number } {
  const n = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / n;
  let v2 = 0, v4 = 0;
  for (const v of x) { const c = (v - mean) ** 2; v2 += c; v4 += c * c; }
  return { variance: v2 / (n - 1), m4: v4 / n };
}

describe('state-dependent noise √(2D₀(1+θ²)): Itô vs Stratonovich stationary variance', () => {
  const d0 = 0.2, n = 40_000;
  const ito = 1 / (2 * (1 + 1 / (2 * d0)) - 3); // 0.25
  const strat = d0 / (1 - 2 * d0); // 1/3

  it.each([
    ['euler-maruyama', undefined, ito], ['milstein', undefined, ito], ['rk-milstein', undefined, ito], ['heun', undefined, strat],
    // The other reading through the drift correction ±½σσ' (Kloeden–Platen (4.9.11)).
    ['euler-maruyama', 'stratonovich', strat], ['milstein', 'stratonovich', strat], ['heun', 'ito', ito],
  ] as Array<[Integrator, Interpretation | undefined, number]>)('%s (interpretation %s) samples variance %s within 5σ', (integrator, interpretation, expected) => {
    const U = landscapes.quadratic({ hessian: [[1]] });
    using e = simulate({ landscape: U, noise: { kind: 'sqrt-quadratic', d0 }, integrator, ...(interpretation ? { interpretation } : {}), dt: 0.01, steps: 1500, nTrajectories: n, x0: 0, seed: 17 });
    const { variance, m4 } = moments(e.positions());
    const se = Math.sqrt((m4 - variance ** 2) / n);
    expect(Math.abs(variance - expected)).toBeLessThan(5 * se);
    const other = expected === ito ? strat : ito;
    expect(Math.abs(variance - other)).toBeGreaterThan(5 * se); // the test tells Itô from Stratonovich
    U.dispose();
  });
});

describe("SGD noise Σ(θ) = 2L(θ)H/B (noise kind 'sgd')", () => {
  // U = L(θ) = ½hθ² + L₀ in 1-D with H = h: σ² = 2ηL(θ)h/B. Euler–Maruyama from θ₀:
  // E θ' = g E θ, E θ'² = g² m + Δ(2ηh/B)(½h m + L₀), with g = 1 − hΔ (Itô) or, for the
  // Stratonovich reading, the Itô drift of the Stratonovich SDE −hθ + ½c, c = (κ/2)H∇L,
  // κ = 2η/B (crate/src/noise), i.e. g = 1 − hΔ + ηh²Δ/(2B). Exact for the recursion at any
  // Δt; the SE of the sample second moment is √((E θ⁴ − m²)/n) with the sample 4th moment.
  const h = 2, L0 = 0.3, eta = 0.2, B = 4, dt = 0.05, steps = 60, theta0 = 1.5, n = 40_000;
  const secondMoment = (g: number) => {
    let m = theta0 * theta0;
    for (let k = 0; k < steps; k++) m = g * g * m + dt * (2 * eta * h / B) * (0.5 * h * m + L0);
    return m;
  };
  const check = (x: Float64Array, m: number) => {
    const m2 = x.reduce((a, v) => a + v * v, 0) / n, m4 = x.reduce((a, v) => a + v ** 4, 0) / n;
    return Math.abs(m2 - m) / Math.sqrt((m4 - m2 * m2) / n);
  };

  it.each([['ito', 1 - h * dt], ['stratonovich', 1 - h * dt + (eta * h * h * dt) / (2 * B)]] as const)(
    'Euler–Maruyama (%s) follows the exact second-moment recursion within 5σ', (interpretation, g) => {
      using U = landscapes.fromExpression('0.5*h*x^2 + L0', { variables: ['x'], parameters: { h, L0 } });
      using e = simulate({ landscape: U, noise: { kind: 'sgd', learningRate: eta, batchSize: B, minimum: [0] }, interpretation, dt, steps, nTrajectories: n, x0: theta0, seed: 8 });
      expect(check(e.positions(), secondMoment(g))).toBeLessThan(5);
      const other = interpretation === 'ito' ? 1 - h * dt + (eta * h * h * dt) / (2 * B) : 1 - h * dt;
      expect(check(e.positions(), secondMoment(other))).toBeGreaterThan(5); // the two readings are told apart
    });

  it('H from noise.minimum (the Hessian there) equals the same H given directly, bit for bit', () => {
    using U = landscapes.fromExpression('(x^2-1)^2 + 0.5*x*y + y^2', { variables: ['x', 'y'] });
    const base = { landscape: U, dt: 0.01, steps: 50, nTrajectories: 300, x0: [0.9, 0.1], seed: 3 };
    using a = simulate({ ...base, noise: { kind: 'sgd', learningRate: 0.1, batchSize: 8, minimum: [1, -0.25] } });
    using b = simulate({ ...base, noise: { kind: 'sgd', learningRate: 0.1, batchSize: 8, hessian: Array.from(U.hessian([1, -0.25])) } });
    expect(a.positions()).toEqual(b.positions());
  });

  it('refuses bad parameters and schemes that need commutative noise', () => {
    using U = landscapes.quadratic({ hessian: [[1, 0], [0, 2]] });
    const base = { landscape: U, dt: 0.01, nTrajectories: 2, x0: [0, 0], seed: 1 };
    const ok = { kind: 'sgd', learningRate: 0.1, batchSize: 4, hessian: [[1, 0], [0, 2]] } as const;
    expectError(() => simulate({ ...base, noise: { ...ok, learningRate: 0 } }), 'INVALID_ARGUMENT', 'noise.learningRate = 0');
    expectError(() => simulate({ ...base, noise: { ...ok, batchSize: -1 } }), 'INVALID_ARGUMENT', 'noise.batchSize = -1');
    expectError(() => simulate({ ...base, noise: { ...ok, hessian: [[1, 0], [0, -2]] } }), 'INVALID_ARGUMENT', 'positive semi-definite');
    expectError(() => simulate({ ...base, noise: { kind: 'sgd', learningRate: 0.1, batchSize: 4 } }), 'INVALID_ARGUMENT', 'exactly one of');
    for (const integrator of ['milstein', 'rk-milstein', 'sra1', 'exact-ou'] as const) {
      expectError(() => simulate({ ...base, noise: ok, integrator }), 'INVALID_ARGUMENT', integrator);
    }
    expectError(() => simulate({ ...base, noise: ok, interpretation: 'marcus' as never }), 'INVALID_ARGUMENT', 'interpretation');
  });
});

describe('correlated additive noise', () => {
  it('EM on U = ½‖x‖² has stationary covariance D/(1 − Δt/2), entrywise within 5σ', () => {
    const D = [[0.5, 0.2], [0.2, 0.3]], dt = 0.02, n = 60_000;
    const U = landscapes.quadratic({ hessian: [[1, 0], [0, 1]] });
    using e = simulate({ landscape: U, noise: { kind: 'correlated', diffusion: D }, dt, steps: 800, nTrajectories: n, x0: [0, 0], seed: 3 });
    const x = e.positions();
    const C = D.map((r) => r.map((v) => v / (1 - dt / 2)));
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]] as const) {
      let c = 0;
      for (let k = 0; k < n; k++) c += x[2 * k + i]! * x[2 * k + j]!;
      c /= n; // the mean is 0 exactly in law; the sample mean's effect is far below the SE
      const se = Math.sqrt((C[i]![i]! * C[j]![j]! + C[i]![j]! ** 2) / n);
      expect(Math.abs(c - C[i]![j]!)).toBeLessThan(5 * se);
    }
    U.dispose();
  });
});

describe('noise options', () => {
  it('reject bad input with SgdynError naming it', () => {
    const U = landscapes.doubleWell({ dim: 2 });
    const base = { landscape: U, dt: 0.01, nTrajectories: 4, x0: [0, 0], seed: 1 };
    expect(() => simulate({ ...base, noise: { kind: 'correlated', diffusion: [[1, 2], [2, 1]] } })).toThrow(/not positive definite/);
    expect(() => simulate({ ...base, noise: { kind: 'correlated', diffusion: [[1, 0.5], [0, 1]] } })).toThrow(/symmetric/);
    expect(() => simulate({ ...base, noise: { kind: 'correlated', diffusion: [1, 0, 0] } })).toThrow(/noise.diffusion.length = 3/);
    expect(() => simulate({ ...base, noise: { kind: 'sqrt-quadratic', d0: 0 } })).toThrow(/noise.d0 = 0/);
    expect(() => simulate({ ...base, noise: { kind: 'linear', scale: 0.1 }, integrator: 'sra1' })).toThrow(/additive noise/);
    expect(() => simulate({ ...base, noise: { kind: 'linear', scale: 0.1 }, integrator: 'mala' })).toThrow(/only temperature noise/);
    expect(() => simulate({ ...base, noise: { kind: 'linear', scale: 0.1 }, temperature: 0.1 })).toThrow(/temperature = 0.1/);
    expect(() => simulate({ ...base, temperature: 0.1, integrator: 'baoab', brownianRefinement: 2 })).toThrow(/brownianRefinement/);
    expect(() => simulate({ ...base, temperature: 0.1, brownianRefinement: 0 })).toThrow(/brownianRefinement = 0/);
    expect(() => simulate({ ...base, noise: { kind: 'bogus' } as never })).toThrow(/noise.kind/);
    U.dispose();
  });

  it('pooled runs with a noise model and refinement equal the single-threaded run', async () => {
    const U = landscapes.doubleWell();
    const opts = { landscape: U, noise: { kind: 'sqrt-quadratic', d0: 0.1 } as const, integrator: 'heun' as const, dt: 0.01, steps: 300, nTrajectories: 700, x0: -1, seed: 4, brownianRefinement: 3 };
    using single = simulate(opts);
    const pooled = await simulatePooled({ ...opts, workers: 1, observe: 'positions' });
    expect(pooled.positions).toEqual(single.positions());
    U.dispose();
  });
});

describe('tamed Euler', () => {
  it('survives a step size at which Euler–Maruyama blows up on the quartic well', () => {
    const U = landscapes.doubleWell();
    const opts = { landscape: U, temperature: 0.5, dt: 0.2, steps: 500, nTrajectories: 1000, x0: 3, seed: 2 };
    expect(() => simulate(opts)).toThrow(/diverged/);
    using tamed = simulate({ ...opts, integrator: 'tamed-euler' });
    expect(tamed.positions().every((v) => Math.abs(v) < 10)).toBe(true);
    U.dispose();
  });

  it('samples the Gibbs ⟨x²⟩ of (x²−1)² at small Δt within 5σ', () => {
    const T = 0.5, n = 20_000;
    const U = landscapes.doubleWell();
    using e = simulate({ landscape: U, temperature: T, dt: 0.002, steps: 5000, nTrajectories: n, x0: 3, seed: 6, integrator: 'tamed-euler' });
    const x2 = Array.from(e.positions(), (v) => v * v);
    const mean = x2.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(x2.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
    // Gibbs ⟨x²⟩ by composite Simpson on [−4, 4].
    let num = 0, den = 0;
    for (let i = 0; i <= 40_000; i++) {
      const x = -4 + (8 * i) / 40_000, w = i === 0 || i === 40_000 ? 1 : i % 2 ? 4 : 2, p = Math.exp(-((x * x - 1) ** 2) / T);
      num += w * x * x * p; den += w * p;
    }
    expect(Math.abs(mean - num / den)).toBeLessThan(5 * sd / Math.sqrt(n));
    U.dispose();
  });
});
