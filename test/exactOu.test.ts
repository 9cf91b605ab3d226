// The exact OU transition against closed-form moments computed here by a second method:
// for dX = −H(X − c)dt + σ dW with H symmetric = VΛVᵀ (2×2 eigendecomposition in closed form),
// E X_t = c + V e^{−Λt} Vᵀ (x₀ − c) and Cov X_t = V C̃ Vᵀ with
// C̃ᵢⱼ = Q̃ᵢⱼ (1 − e^{−(λᵢ+λⱼ)t}) / (λᵢ + λⱼ), Q̃ = Vᵀ σσᵀ V (derived by integrating
// ∫₀ᵗ e^{−Hs} σσᵀ e^{−Hs} ds in the eigenbasis) — independent of the crate's Lyapunov/expm route.
// Statistical tolerances: 5 standard errors (mean: √(Cᵢᵢ/n); covariance: √((CᵢᵢCⱼⱼ + Cᵢⱼ²)/n)).
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapes, simulate, simulatePooled } from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const H = [[2, 0.5], [0.5, 1]], C = [1, -1], X0 = [3, 2];
const D = [[0.5, 0.1], [0.1, 0.3]];

/** Eigenpairs of the symmetric 2×2 [[a, b], [b, d]]: values and unit vectors (columns). */
function eigen2(m: number[][]): { values: number[]; v: number[][] } {
  const [[a, b], [, d]] = m as [[number, number], [number, number]];
  const mid = (a + d) / 2, r = Math.hypot((a - d) / 2, b);
  const values = [mid - r, mid + r];
  const v = values.map((l) => { const x = b, y = l - a, n = Math.hypot(x, y); return [x / n, y / n]; });
  return { values, v: [[v[0]![0]!, v[1]![0]!], [v[0]![1]!, v[1]![1]!]] };
}

const mul = (a: number[][], b: number[][]) => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const tr = (a: number[][]) => a[0]!.map((_, j) => a.map((r) => r[j]!));

/** Exact mean and covariance at time t from x₀, with noise covariance rate Q = σσᵀ. */
function ouMoments(t: number, Q: number[][]): { mean: number[]; cov: number[][] } {
  const { values: l, v: V } = eigen2(H);
  const decay = mul(mul(V, [[Math.exp(-l[0]! * t), 0], [0, Math.exp(-l[1]! * t)]]), tr(V));
  const mean = C.map((c, i) => c + decay[i]!.reduce((s, m, k) => s + m * (X0[k]! - C[k]!), 0));
  const Qt = mul(mul(tr(V), Q), V);
  const Ct = Qt.map((r, i) => r.map((q, j) => (q * -Math.expm1(-(l[i]! + l[j]!) * t)) / (l[i]! + l[j]!)));
  return { mean, cov: mul(mul(V, Ct), tr(V)) };
}

function sampleMoments(x: Float64Array): { mean: number[]; cov: number[][] } {
  const n = x.length / 2;
  const mean = [0, 1].map((j) => { let s = 0; for (let k = 0; k < n; k++) s += x[2 * k + j]!; return s / n; });
  const cov = [0, 1].map((i) => [0, 1].map((j) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += (x[2 * k + i]! - mean[i]!) * (x[2 * k + j]! - mean[j]!);
    return s / (n - 1);
  }));
  return { mean, cov };
}

/** Largest deviation from the oracle in units of its standard error. */
function worstSigma(x: Float64Array, o: { mean: number[]; cov: number[][] }): number {
  const n = x.length / 2, s = sampleMoments(x);
  let worst = 0;
  for (let i = 0; i < 2; i++) {
    worst = Math.max(worst, Math.abs(s.mean[i]! - o.mean[i]!) / Math.sqrt(o.cov[i]![i]! / n));
    for (let j = 0; j < 2; j++) {
      const se = Math.sqrt((o.cov[i]![i]! * o.cov[j]![j]! + o.cov[i]![j]! ** 2) / n);
      worst = Math.max(worst, Math.abs(s.cov[i]![j]! - o.cov[i]![j]!) / se);
    }
  }
  return worst;
}

describe("integrator 'exact-ou'", () => {
  it('is the exact deterministic flow without noise (1e-12), at a Δt where EM is unstable', () => {
    using U = landscapes.quadratic({ hessian: H, centre: C });
    for (const [dt, steps] of [[0.8, 3], [5, 2], [1e-3, 7]] as const) {
      using e = simulate({ landscape: U, integrator: 'exact-ou', temperature: 0, dt, steps, nTrajectories: 3, x0: X0, seed: 1 });
      const expected = ouMoments(dt * steps, [[0, 0], [0, 0]]).mean;
      e.positions().forEach((v, i) => expect(Math.abs(v - expected[i % 2]!)).toBeLessThan(1e-12));
    }
  });

  it('samples the exact mean and covariance at Δt = 0.8 (after 1 and 4 steps) within 5σ, where EM is visibly wrong', () => {
    using U = landscapes.quadratic({ hessian: H, centre: C });
    const Q = D.map((r) => r.map((v) => 2 * v));
    const base = { landscape: U, noise: { kind: 'correlated', diffusion: D } as const, dt: 0.8, nTrajectories: 40_000, x0: X0, seed: 11 };
    for (const steps of [1, 4]) {
      using e = simulate({ ...base, integrator: 'exact-ou', steps });
      expect(worstSigma(e.positions(), ouMoments(0.8 * steps, Q))).toBeLessThan(5);
    }
    // Euler–Maruyama at the same Δt (stable: |1 − 0.8λ| < 1) misses the law by far more.
    using em = simulate({ ...base, steps: 40 });
    expect(worstSigma(em.positions(), ouMoments(32, Q))).toBeGreaterThan(20);
  });

  it('with temperature noise (anisotropic T) matches Q = diag(2T) within 5σ', () => {
    using U = landscapes.quadratic({ hessian: H, centre: C });
    using e = simulate({ landscape: U, integrator: 'exact-ou', temperature: [0.3, 0.7], dt: 2.5, steps: 2, nTrajectories: 40_000, x0: X0, seed: 12 });
    expect(worstSigma(e.positions(), ouMoments(5, [[0.6, 0], [0, 1.4]]))).toBeLessThan(5);
  });

  it('gives the same bits in a pool and on the calling thread', async () => {
    using U = landscapes.quadratic({ hessian: H, centre: C });
    const opts = { landscape: U, integrator: 'exact-ou' as const, temperature: 0.4, dt: 0.3, steps: 20, nTrajectories: 600, x0: X0, seed: 5 };
    using single = simulate(opts);
    const pooled = await simulatePooled({ ...opts, workers: 1, batchTrajectories: 256, observe: 'positions' });
    expect(pooled.positions).toEqual(single.positions());
  });

  it('refuses what it cannot integrate, with SgdynError', () => {
    using Q = landscapes.quadratic({ hessian: H, centre: C });
    using W = landscapes.doubleWell({ dim: 2 });
    const base = { dt: 0.1, nTrajectories: 2, x0: X0, seed: 1, integrator: 'exact-ou' as const };
    expectError(() => simulate({ ...base, landscape: W, temperature: 1 }), 'INVALID_ARGUMENT', 'exact-ou', 'linear drift');
    expectError(() => simulate({ ...base, landscape: Q, noise: { kind: 'linear', scale: 1 } }), 'INVALID_ARGUMENT', 'exact-ou', 'additive');
    expectError(() => simulate({ ...base, landscape: Q, temperature: 1, brownianRefinement: 2 }), 'INVALID_ARGUMENT', 'brownianRefinement');
    expectError(() => simulate({ ...base, landscape: Q, temperature: 1, dt: 0 }), 'INVALID_ARGUMENT', 'dt = 0');
  });
});
