// BAOAB and MALA against exact oracles:
// - BAOAB on a quadratic is a linear recursion z' = M z + N ξ; its exact stationary covariance
//   (iterated here in 2×2 form, independently of the library) has configurational variance
//   exactly T/h (Leimkuhler & Matthews 2013) and a velocity variance that depends on Δt — the
//   simulated ensemble must match both within 5 standard errors.
// - MALA leaves exp(−U/T) exactly invariant at any Δt: moments of the double well at a large
//   Δt must match quadrature of the Gibbs density within 5 SE.
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdynError, landscapes, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';
import { expectSplitRunsMatchWhole } from './support/splitRuns.js';
import { BaselineBaoab, doubleWellGradient } from '../ts/baseline/index.js';

beforeAll(loadSgdyn);

/** Exact stationary covariance [[Cxx, Cxv], [Cxv, Cvv]] of BAOAB on U = ½hx² (1-D). */
function baoabStationary(h: number, T: number, gamma: number, dt: number): [number, number, number] {
  const c = Math.exp(-gamma * dt), s2 = T * (1 - c * c), a = dt / 2;
  // One step as z' = M z + N ξ: compose B, A, O, A, B on (x, v).
  type Mat = [number, number, number, number];
  const mul = (p: Mat, q: Mat): Mat => [p[0] * q[0] + p[1] * q[2], p[0] * q[1] + p[1] * q[3], p[2] * q[0] + p[3] * q[2], p[2] * q[1] + p[3] * q[3]];
  const B: Mat = [1, 0, -a * h, 1], A: Mat = [1, a, 0, 1], O: Mat = [1, 0, 0, c];
  const M = mul(B, mul(A, mul(O, mul(A, B))));
  const N = mul(B, A); // the noise enters v after O, then passes through A and B
  const Nq = [N[1] * N[1] * s2, N[1] * N[3] * s2, N[3] * N[3] * s2];
  let [xx, xv, vv] = [0, 0, 0];
  for (let i = 0; i < 20000; i++) {
    const [m0, m1, m2, m3] = M;
    const nxx = m0 * m0 * xx + 2 * m0 * m1 * xv + m1 * m1 * vv + Nq[0]!;
    const nxv = m0 * m2 * xx + (m0 * m3 + m1 * m2) * xv + m1 * m3 * vv + Nq[1]!;
    const nvv = m2 * m2 * xx + 2 * m2 * m3 * xv + m3 * m3 * vv + Nq[2]!;
    [xx, xv, vv] = [nxx, nxv, nvv];
  }
  return [xx, xv, vv];
}

function variance(a: ArrayLike<number>, stride = 1, at = 0): number {
  const n = a.length / stride;
  let m = 0;
  for (let i = 0; i < n; i++) m += a[i * stride + at] as number;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((a[i * stride + at] as number) - m) ** 2;
  return v / (n - 1);
}

describe('BAOAB', () => {
  it('the exact discrete oracle has configurational variance T/h at any stable Δt (checks the oracle)', () => {
    for (const [h, dt] of [[1, 0.1], [2, 0.8], [5, 0.8]]) {
      const [xx] = baoabStationary(h!, 0.3, 1.5, dt!);
      expect(Math.abs(xx / (0.3 / h!) - 1)).toBeLessThan(1e-10);
    }
  });

  it('samples x with variance T/h and v with the exact discrete variance (5σ), at a large Δt', () => {
    const h = 4, T = 0.3, gamma = 1, dt = 0.8, n = 60_000;
    const U = landscapes.quadratic({ hessian: [[h]] });
    using ens = simulate({ landscape: U, temperature: T, dt, steps: 300, nTrajectories: n, x0: 0, seed: 11, integrator: 'baoab', friction: gamma });
    const [xx, , vv] = baoabStationary(h, T, gamma, dt);
    const vx = variance(ens.positions()), vv2 = variance(ens.velocities());
    expect(Math.abs(vx - xx)).toBeLessThan(5 * xx * Math.sqrt(2 / n));
    expect(Math.abs(vv2 - vv)).toBeLessThan(5 * vv * Math.sqrt(2 / n));
    expect(Math.abs(vv - T)).toBeGreaterThan(5 * vv * Math.sqrt(2 / n)); // the v-marginal is not exact: the test can tell
    U.dispose();
  });

  it('samples T H⁻¹ for a non-diagonal H (entrywise within 5σ)', () => {
    const H = [[3, 1], [1, 2]], T = 0.4, n = 60_000;
    const U = landscapes.quadratic({ hessian: H });
    using ens = simulate({ landscape: U, temperature: T, dt: 0.4, steps: 300, nTrajectories: n, x0: [0, 0], seed: 12, integrator: 'baoab', friction: 2 });
    const det = 3 * 2 - 1;
    const C = [[(T * 2) / det, -T / det], [-T / det, (T * 3) / det]];
    const x = ens.positions();
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]] as const) {
      let mi = 0, mj = 0, c = 0;
      for (let k = 0; k < n; k++) { mi += x[2 * k + i]!; mj += x[2 * k + j]!; }
      mi /= n; mj /= n;
      for (let k = 0; k < n; k++) c += (x[2 * k + i]! - mi) * (x[2 * k + j]! - mj);
      c /= n - 1;
      const se = Math.sqrt((C[i]![i]! * C[j]![j]! + C[i]![j]! ** 2) / n);
      expect(Math.abs(c - C[i]![j]!)).toBeLessThan(5 * se);
    }
    U.dispose();
  });
});

/** ∫ f(x) e^{−U/T} dx / ∫ e^{−U/T} dx by composite Simpson on [−4, 4] (the tails are < e^{−100}). */
function gibbsAverage(U: (x: number) => number, T: number, f: (x: number) => number): number {
  const N = 40_000, a = -4, h = 8 / N;
  let num = 0, den = 0;
  for (let i = 0; i <= N; i++) {
    const x = a + i * h, w = i === 0 || i === N ? 1 : i % 2 ? 4 : 2, p = Math.exp(-U(x) / T);
    num += w * f(x) * p;
    den += w * p;
  }
  return num / den;
}

describe('MALA', () => {
  it('is exact at a large Δt: ⟨x²⟩ and P(x > 0) of a tilted double well match quadrature within 5σ', () => {
    const T = 0.5, n = 40_000, tilt = 0.3;
    const U = landscapes.tiltedDoubleWell({ tilt });
    const f = (x: number) => (x * x - 1) ** 2 + tilt * x;
    using ens = simulate({ landscape: U, temperature: T, dt: 0.4, steps: 600, nTrajectories: n, x0: -1, seed: 13, integrator: 'mala' });
    const x = ens.positions();
    const m2 = gibbsAverage(f, T, (y) => y * y), p = gibbsAverage(f, T, (y) => (y > 0 ? 1 : 0));
    const x2 = Array.from(x, (v) => v * v);
    const meanX2 = x2.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(meanX2 - m2)).toBeLessThan(5 * Math.sqrt(variance(x2) / n));
    const frac = x.reduce((s, v) => s + (v > 0 ? 1 : 0), 0) / n;
    expect(Math.abs(frac - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    const rate = ens.acceptanceRate();
    expect(rate).toBeGreaterThan(0.05);
    expect(rate).toBeLessThan(1);
    U.dispose();
  });

  it('never diverges: a huge Δt just rejects', () => {
    const U = landscapes.doubleWell();
    using ens = simulate({ landscape: U, temperature: 0.2, dt: 5, steps: 200, nTrajectories: 100, x0: -1, seed: 1, integrator: 'mala' });
    expect(ens.positions().every(Number.isFinite)).toBe(true);
    expect(ens.acceptanceRate()).toBeLessThan(0.05);
    U.dispose();
  });
});

describe('BAOAB TS twin', () => {
  it('agrees with the WASM kernel to rounding', () => {
    const U = landscapes.doubleWell({ dim: 2 });
    const spec = { n: 200, d: 2, dt: 0.01, temperature: [0.3, 0.1], x0: [-1, 0.5], seed: 3n, friction: 2 };
    using ens = simulate({ landscape: U, temperature: spec.temperature, dt: spec.dt, steps: 300, nTrajectories: spec.n, x0: spec.x0, seed: 3, integrator: 'baoab', friction: 2 });
    const twin = new BaselineBaoab(spec, doubleWellGradient());
    twin.step(300);
    const x = ens.positions();
    let maxDiff = 0;
    x.forEach((v, i) => { maxDiff = Math.max(maxDiff, Math.abs(v - (twin.positions[i] as number))); });
    expect(maxDiff).toBeLessThan(1e-10);
    U.dispose();
  });
});

describe('scheme parameters and reproducibility', () => {
  it('rejects bad parameters with SgdynError naming them', () => {
    const U = landscapes.doubleWell({ dim: 2 });
    const base = { landscape: U, dt: 0.01, nTrajectories: 4, x0: [0, 0], seed: 1 };
    expect(() => simulate({ ...base, temperature: 0.1, integrator: 'baoab', friction: -1 })).toThrow(/friction = -1/);
    expect(() => simulate({ ...base, temperature: [0.1, 0.2], integrator: 'mala' })).toThrow(/one temperature > 0/);
    expect(() => simulate({ ...base, temperature: 0, integrator: 'mala' })).toThrow(SgdynError);
    using em = simulate({ ...base, temperature: 0.1 });
    expect(() => em.velocities()).toThrow(/no velocities/);
    expect(() => em.acceptanceRate()).toThrow(/not 'mala'/);
    U.dispose();
  });

  it.each(['baoab', 'mala'] as const)('%s: split ensembles and chunked steps reproduce the whole run bit for bit', (integrator) => {
    const U = landscapes.ring({ dim: 2 });
    const base = { landscape: U, temperature: 0.3, dt: 0.05, x0: [1, 0], seed: 21, integrator };
    expectSplitRunsMatchWhole(base);
    U.dispose();
  });
});
