// Euler–Maruyama on Ornstein–Uhlenbeck is exactly solvable as a linear recursion:
// with U = ½ h x², x_{k+1} = (1 − hΔt) x_k + √(2TΔt) ξ_k, so
//   E x_k = (1 − hΔt)^k x_0,   Var x_∞ = 2TΔt / (1 − (1 − hΔt)²) = T / (h (1 − hΔt/2)).
// In d dimensions with symmetric H and scalar T the stationary covariance solves
// C = M C Mᵀ + 2TΔt I with M = I − ΔtH; as everything commutes, C = T H⁻¹ (I − ΔtH/2)⁻¹.
// Tolerances are 5 standard errors of the estimators.
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapes, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

function columnStats(x: Float64Array, d: number, i: number, j: number): { meanI: number; meanJ: number; cov: number } {
  const n = x.length / d;
  let mi = 0, mj = 0;
  for (let k = 0; k < n; k++) { mi += x[k * d + i] as number; mj += x[k * d + j] as number; }
  mi /= n; mj /= n;
  let c = 0;
  for (let k = 0; k < n; k++) c += ((x[k * d + i] as number) - mi) * ((x[k * d + j] as number) - mj);
  return { meanI: mi, meanJ: mj, cov: c / (n - 1) };
}

describe('Euler–Maruyama on OU (exact discrete oracle)', () => {
  const h = 2, T = 0.5, dt = 0.1, n = 100_000;
  const discreteVar = T / (h * (1 - (h * dt) / 2)); // 0.2778; the SDE's own T/h = 0.25 is 10% lower

  it('has the stationary variance T/(h(1 − hΔt/2)) (not the continuous T/h) within 5σ', () => {
    const U = landscapes.quadratic({ hessian: [[h]] });
    using ens = simulate({ landscape: U, temperature: T, dt, steps: 200, nTrajectories: n, x0: 0, seed: 1 });
    const { cov } = columnStats(ens.positions(), 1, 0, 0);
    const se = discreteVar * Math.sqrt(2 / (n - 1));
    expect(Math.abs(cov - discreteVar)).toBeLessThan(5 * se);
    expect(Math.abs(cov - T / h)).toBeGreaterThan(5 * se); // the test can tell the two apart
    U.dispose();
  });

  it('has a mean that decays as (1 − hΔt)^k, within 5σ at several k', () => {
    const U = landscapes.quadratic({ hessian: [[h]], centre: [0] });
    const x0 = 3;
    using ens = simulate({ landscape: U, temperature: T, dt, nTrajectories: n, x0, seed: 2 });
    let k = 0;
    for (const target of [1, 3, 8, 15]) {
      ens.step(target - k);
      k = target;
      const { meanI } = columnStats(ens.positions(), 1, 0, 0);
      const varK = discreteVar * (1 - (1 - h * dt) ** (2 * k));
      expect(Math.abs(meanI - x0 * (1 - h * dt) ** k)).toBeLessThan(5 * Math.sqrt(varK / n));
    }
    expect(ens.stepsDone).toBe(15);
    U.dispose();
  });

  it('has stationary covariance T H⁻¹ (I − ΔtH/2)⁻¹ for a non-diagonal H, entrywise within 5σ', () => {
    const H = [[3, 1], [1, 2]];
    const Tm = 0.3, dtm = 0.05;
    const U = landscapes.quadratic({ hessian: H, centre: [1, -1] });
    using ens = simulate({ landscape: U, temperature: Tm, dt: dtm, steps: 400, nTrajectories: n, x0: [1, -1], seed: 3 });
    // C = T (H − ΔtH²/2)⁻¹, computed for the 2×2 case.
    const H2 = [[3 * 3 + 1 * 1, 3 * 1 + 1 * 2], [1 * 3 + 2 * 1, 1 * 1 + 2 * 2]];
    const A = [0, 1].map((i) => [0, 1].map((j) => (H[i]![j]! - (dtm / 2) * H2[i]![j]!)));
    const det = A[0]![0]! * A[1]![1]! - A[0]![1]! * A[1]![0]!;
    const C = [[A[1]![1]! / det, -A[0]![1]! / det], [-A[1]![0]! / det, A[0]![0]! / det]].map((r) => r.map((v) => Tm * v));
    const x = ens.positions();
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]] as const) {
      const s = columnStats(x, 2, i, j);
      const se = Math.sqrt((C[i]![i]! * C[j]![j]! + C[i]![j]! ** 2) / n);
      expect(Math.abs(s.cov - C[i]![j]!)).toBeLessThan(5 * se);
    }
    U.dispose();
  });

  it('uses one temperature per coordinate when given an array', () => {
    const U = landscapes.quadratic({ hessian: [[1, 0], [0, 4]] });
    const temps = [0.2, 0.05];
    using ens = simulate({ landscape: U, temperature: temps, dt: 0.01, steps: 1000, nTrajectories: n, x0: [0, 0], seed: 4 });
    const x = ens.positions();
    [1, 4].forEach((hj, j) => {
      const v = temps[j]! / (hj * (1 - (hj * 0.01) / 2));
      const { cov } = columnStats(x, 2, j, j);
      expect(Math.abs(cov - v)).toBeLessThan(5 * v * Math.sqrt(2 / n));
    });
    U.dispose();
  });

  it('is plain gradient descent at T = 0: x_k = (1 − hΔt)^k x_0 to rounding', () => {
    const U = landscapes.quadratic({ hessian: [[h]] });
    using ens = simulate({ landscape: U, temperature: 0, dt, steps: 10, nTrajectories: 3, x0: 1, seed: 0 });
    for (const v of ens.positions()) expect(v).toBeCloseTo(0.8 ** 10, 14);
    U.dispose();
  });
});
