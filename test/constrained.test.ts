// Projected (constrained) Langevin against oracles. The scheme's stationary law is ∝ e^{−U/T}
// with respect to the manifold's surface measure (crate/src/sampler/constraint.rs).
// - U = 0 on a sphere: the step (isotropic noise, then radial projection — or Newton along ∇g at
//   the old point for g = ‖x‖² − 1, which is also rotation-equivariant) commutes with rotations,
//   so the uniform law is invariant *exactly*, at any Δt. The marginal of x₁ on S^{d−1} is
//   ∝ (1 − t²)^{(d−3)/2}: χ² over 20 equal-probability bins (threshold 19 + 5√38, χ²₁₉ null).
// - Linear potential U = −κx₁ on S²: von Mises–Fisher, E x₁ = coth(κ/T) − T/κ. The scheme is
//   weakly first order, so the test Richardson-extrapolates runs at Δt and Δt/2 (bias O(Δt²)
//   left) and compares within 5 combined SE.
// - U = 0 on the ellipse x²/a² + y² = 1, a = 1.5 (level set): uniform in arclength; E x² by quadrature
//   over the angle, Richardson-extrapolated likewise. The conditional law δ(g)dx (weights
//   1/|∇g|) gives a different E x², and the test can tell them apart.
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdynError, landscapes, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const K = 20, THRESHOLD = K - 1 + 5 * Math.sqrt(2 * (K - 1));

/** χ² of samples t against a density on [−1, 1] known up to a constant, over K equal-probability bins. */
function chi2(t: ArrayLike<number>, density: (t: number) => number): number {
  const N = 100_000, h = 2 / N, cdf = new Float64Array(N + 1);
  for (let i = 1; i <= N; i++) cdf[i] = cdf[i - 1]! + 0.5 * h * (density(-1 + (i - 1) * h) + density(-1 + i * h));
  const edges: number[] = [];
  for (let k = 1, i = 0; k < K; k++) {
    while (cdf[i]! / cdf[N]! < k / K) i++;
    edges.push(-1 + i * h);
  }
  const counts = new Array<number>(K).fill(0);
  for (let i = 0; i < t.length; i++) {
    let b = 0;
    while (b < K - 1 && t[i]! >= edges[b]!) b++;
    counts[b]!++;
  }
  const e = t.length / K;
  return counts.reduce((s, o) => s + (o - e) ** 2 / e, 0);
}

const column = (x: Float64Array, d: number, j: number) => x.filter((_, i) => i % d === j);
const meanOf = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]!; return s / a.length; };
const varOf = (a: ArrayLike<number>) => { const m = meanOf(a); let v = 0; for (let i = 0; i < a.length; i++) v += (a[i]! - m) ** 2; return v / (a.length - 1); };
const flat = (d: number) => landscapes.fromExpression('0', { variables: Array.from({ length: d }, (_, i) => `x${i}`) });

describe('projected Langevin on a sphere', () => {
  it.each([3, 5])('U = 0 on S^{d−1}, d = %i: x₁ has density ∝ (1 − t²)^{(d−3)/2} at a large Δt (χ²); a uniform-x₁ model fails for d = 5', (d) => {
    const U = flat(d), n = 20_000;
    const x0 = Array.from({ length: d }, (_, j) => (j === 0 ? 1 : 0));
    using ens = simulate({ landscape: U, temperature: 1, dt: 0.5, steps: 60, nTrajectories: n, x0, seed: 91, constraint: { kind: 'sphere' } });
    const x1 = column(ens.positions(), d, 0);
    expect(chi2(x1, (t) => (1 - t * t) ** ((d - 3) / 2))).toBeLessThan(THRESHOLD);
    if (d === 5) expect(chi2(x1, () => 1)).toBeGreaterThan(THRESHOLD);
    U.dispose();
  });

  it('keeps ‖x − c‖ = ρ to rounding with a centre and radius; projects the starts', () => {
    const U = landscapes.quadratic({ hessian: [[1, 0, 0], [0, 2, 0], [0, 0, 3]] });
    const c = [0.5, -1, 2], rho = 2.5;
    using ens = simulate({ landscape: U, temperature: 0.7, dt: 0.05, steps: 0, nTrajectories: 50, x0: [3, 3, 3], seed: 92, constraint: { kind: 'sphere', radius: rho, centre: c } });
    const check = () => {
      const x = ens.positions();
      for (let i = 0; i < 50; i++) {
        const r = Math.hypot(x[3 * i]! - c[0]!, x[3 * i + 1]! - c[1]!, x[3 * i + 2]! - c[2]!);
        expect(Math.abs(r - rho)).toBeLessThan(1e-13);
      }
    };
    check();
    ens.step(100);
    check();
    U.dispose();
  });

  it('von Mises–Fisher on S² (U = −κx₁): Richardson-extrapolated E x₁ = coth(κ/T) − T/κ (5 SE)', () => {
    const kappa = 1, T = 0.5, n = 40_000;
    const U = landscapes.fromExpression('-k*x', { variables: ['x', 'y', 'z'], parameters: { k: kappa } });
    const run = (dt: number, seed: number) => {
      using ens = simulate({ landscape: U, temperature: T, dt, steps: Math.round(4 / dt), nTrajectories: n, x0: [0, 0, 1], seed, constraint: { kind: 'sphere' } });
      const x1 = column(ens.positions(), 3, 0);
      return { m: meanOf(x1), se: Math.sqrt(varOf(x1) / n) };
    };
    const coarse = run(0.04, 93), fine = run(0.02, 94);
    const extrapolated = 2 * fine.m - coarse.m, se = Math.sqrt(4 * fine.se ** 2 + coarse.se ** 2);
    const exact = 1 / Math.tanh(kappa / T) - T / kappa;
    expect(Math.abs(extrapolated - exact), `${coarse.m} ${fine.m} → ${extrapolated} vs ${exact}`).toBeLessThan(5 * se);
    U.dispose();
  });
});

describe('projected Langevin on a level set g(x) = 0', () => {
  // Projection along ∇g(xₖ) has a solution only while the step stays within about the
  // curvature radius of the manifold (here: the tangential move |x̃⊥|² ≤ 1, with probability
  // 1 − e^{−1/(4TΔt)} per step in 2 tangent directions): Δt = 0.01 makes a failure (≈ e^{−25}) negligible.
  it('g = ‖x‖² − 1 from an expression: uniform on S² exactly at any stable Δt (x₁ uniform, χ²)', () => {
    const U = flat(3), n = 20_000;
    const g = landscapes.fromExpression('x^2 + y^2 + z^2 - 1', { variables: ['x', 'y', 'z'] });
    using ens = simulate({ landscape: U, temperature: 1, dt: 0.01, steps: 500, nTrajectories: n / 2, x0: [0, 0, 1], seed: 95, constraint: { kind: 'level-set', g } });
    const x = ens.positions();
    for (let i = 0; i < 100; i++) expect(Math.abs(x[3 * i]! ** 2 + x[3 * i + 1]! ** 2 + x[3 * i + 2]! ** 2 - 1)).toBeLessThan(1e-10);
    expect(chi2(column(x, 3, 0), () => 1)).toBeLessThan(THRESHOLD);
    U.dispose();
    g.dispose();
  });

  // The ellipse's smallest margin (how far a tangential move from xₖ can go before the line
  // along ∇g(xₖ) misses it) is 0.754 for a = 1.5; with TΔt ≤ 0.005 it is ≥ 7.5 step SDs.
  it('ellipse x²/2.25 + y² = 1 with U = 0: Richardson-extrapolated E x² matches the arclength law (5 SE), not the δ(g)dx law', () => {
    const a = 1.5, n = 10_000;
    // x = a cos φ, y = sin φ: ds = √(a² sin²φ + cos²φ) dφ; |∇g| = 2√(cos²φ/a² + sin²φ).
    const avg = (weight: (phi: number) => number) => {
      let num = 0, den = 0;
      for (let i = 0; i < 20_000; i++) {
        const phi = (2 * Math.PI * (i + 0.5)) / 20_000, w = weight(phi);
        num += w * a * a * Math.cos(phi) ** 2;
        den += w;
      }
      return num / den;
    };
    const ds = (p: number) => Math.sqrt(a * a * Math.sin(p) ** 2 + Math.cos(p) ** 2);
    const arclength = avg(ds), conditional = avg((p) => ds(p) / (2 * Math.sqrt(Math.cos(p) ** 2 / (a * a) + Math.sin(p) ** 2)));
    const U = flat(2);
    const g = landscapes.fromExpression('x^2/2.25 + y^2 - 1', { variables: ['x', 'y'] });
    // Starts spread uniformly in the angle (close to, but not, the stationary law); 2.5 time
    // units relax the slowest even mode (rate ≈ (4π/L)²T ≈ 2.5) by e^{−6}.
    const x0 = Float64Array.from({ length: 2 * n }, (_, i) => { const phi = (2 * Math.PI * (i >> 1)) / n; return i % 2 ? Math.sin(phi) : a * Math.cos(phi); });
    const run = (dt: number, seed: number) => {
      using ens = simulate({ landscape: U, temperature: 1, dt, steps: Math.round(2.5 / dt), nTrajectories: n, x0, seed, constraint: { kind: 'level-set', g } });
      const x2 = column(ens.positions(), 2, 0).map((v) => v * v);
      return { m: meanOf(x2), se: Math.sqrt(varOf(x2) / n) };
    };
    const coarse = run(0.005, 96), fine = run(0.0025, 97);
    const extrapolated = 2 * fine.m - coarse.m, se = Math.sqrt(4 * fine.se ** 2 + coarse.se ** 2);
    expect(Math.abs(extrapolated - arclength), `${coarse.m} ${fine.m} → ${extrapolated} vs ${arclength}`).toBeLessThan(5 * se);
    expect(Math.abs(extrapolated - conditional)).toBeGreaterThan(5 * se);
    U.dispose();
    g.dispose();
  });

  it('reports a retraction that cannot succeed as divergence (trajectory and step)', () => {
    const U = flat(2);
    const g = landscapes.fromExpression('x^2 + y^2 - 1', { variables: ['x', 'y'] });
    try {
      simulate({ landscape: U, temperature: 1, dt: 100, steps: 50, nTrajectories: 64, x0: [1, 0], seed: 98, constraint: { kind: 'level-set', g } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SgdynError);
      expect((e as SgdynError).code).toBe('DIVERGED');
      expect((e as SgdynError).step).toBeGreaterThanOrEqual(1);
    }
    U.dispose();
    g.dispose();
  });
});

describe('constraint parameters', () => {
  it('rejects bad parameters with SgdynError naming them', () => {
    const U = flat(3);
    const g2 = landscapes.fromExpression('x^2 + y^2 - 1', { variables: ['x', 'y'] });
    const base = { landscape: U, temperature: 1, dt: 0.1, nTrajectories: 4, x0: [1, 0, 0], seed: 1 };
    expect(() => simulate({ ...base, constraint: { kind: 'sphere', radius: 0 } })).toThrow(/constraint.radius = 0/);
    expect(() => simulate({ ...base, constraint: { kind: 'sphere', radius: -2 } })).toThrow(/constraint.radius = -2/);
    expect(() => simulate({ ...base, constraint: { kind: 'sphere', centre: [0, 0] } })).toThrow(/constraint.centre/);
    expect(() => simulate({ ...base, x0: [0, 0, 0], constraint: { kind: 'sphere' } })).toThrow(/cannot be projected/);
    expect(() => simulate({ ...base, constraint: { kind: 'level-set', g: g2 } })).toThrow(/constraint.g.dim = 2/);
    expect(() => simulate({ ...base, constraint: { kind: 'level-set', g: U, tolerance: 0 } })).toThrow(/constraint.tolerance = 0/);
    expect(() => simulate({ ...base, constraint: { kind: 'level-set', g: U, maxIterations: 0 } })).toThrow(/constraint.maxIterations = 0/);
    expect(() => simulate({ ...base, constraint: { kind: 'torus' } as never })).toThrow(/constraint.kind/);
    expect(() => simulate({ ...base, integrator: 'baoab', constraint: { kind: 'sphere' } })).toThrow(/constraint.*applies to integrator/);
    const line = landscapes.doubleWell();
    expect(() => simulate({ ...base, landscape: line, x0: 1, constraint: { kind: 'sphere' } })).toThrow(/dim >= 2/);
    line.dispose();
    U.dispose();
    g2.dispose();
  });
});
