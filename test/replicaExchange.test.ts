// Replica exchange (parallel tempering) against oracles:
// - mode balance on the symmetric double well (x² − 1)² at T₀ = 0.1: the fraction of T₀
//   replicas in the right well → 1/2 (binomial SE, one independent sample per group), which
//   plain Langevin at T₀ misses completely in the same number of steps (Kramers time ≈ 2.4·10⁴);
// - the T₀ marginal of a tilted double well against the Gibbs density by quadrature: χ² over 20
//   equal-probability bins; under the null it is χ²₁₉ (mean 19, sd √38), threshold mean + 5 sd;
// - the swap acceptance of each pair against its stationary expectation
//   E[min(1, e^{(1/Tᵣ − 1/Tᵣ₊₁)(U(x) − U(y))})], x ~ πᵣ, y ~ πᵣ₊₁, by 2-D quadrature, for a run
//   started in equilibrium (x0 drawn exactly by inverse CDF). A group's acceptance fraction has
//   variance ≤ p(1 − p) whatever the time correlation, so SE ≤ √(p(1 − p)/groups).
import { beforeAll, describe, expect, it } from 'vitest';
import { firstPassage, landscapes, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const wellU = (tilt: number) => (x: number) => (x * x - 1) ** 2 + tilt * x;

/** Gibbs density of U at T on a grid over [−2.5, 2.5] (tails < e^{−60} at T ≤ 1): points, normalised weights (trapezoid). */
function gibbsGrid(U: (x: number) => number, T: number, N = 20_000): { x: Float64Array; w: Float64Array } {
  const a = -2.5, h = 5 / N, x = new Float64Array(N + 1), w = new Float64Array(N + 1);
  let z = 0;
  for (let i = 0; i <= N; i++) {
    x[i] = a + i * h;
    w[i] = Math.exp(-U(x[i]!) / T) * (i === 0 || i === N ? 0.5 : 1);
    z += w[i]!;
  }
  for (let i = 0; i <= N; i++) w[i]! /= z;
  return { x, w };
}

/** Quantiles of the Gibbs law (inverse CDF by linear interpolation of the cumulative weights). */
function quantile(g: { x: Float64Array; w: Float64Array }, u: number): number {
  let c = 0;
  for (let i = 0; i < g.w.length; i++) {
    if (c + g.w[i]! >= u) return g.x[Math.max(0, i - 1)]! + ((u - c) / g.w[i]!) * (g.x[1]! - g.x[0]!);
    c += g.w[i]!;
  }
  return g.x[g.x.length - 1]!;
}

/** A small deterministic uniform generator for the test's own draws (mulberry32). */
function uniforms(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const column = (x: Float64Array, R: number, slot: number) => x.filter((_, i) => i % R === slot);

describe('replica exchange', () => {
  const ladder = [0.1, 0.16, 0.256, 0.41, 0.655, 1.05];
  const R = ladder.length, groups = 4000;

  it('balances the modes of the symmetric double well at T₀ = 0.1 (within 5 SE of 1/2); plain Langevin at T₀ does not', () => {
    const U = landscapes.doubleWell();
    const base = { landscape: U, dt: 0.01, steps: 6000, x0: -1, seed: 81, integrator: 'ula' as const };
    using pt = simulate({ ...base, nTrajectories: R * groups, replicaExchange: { temperatures: ladder, swapEvery: 10 } });
    const cold = column(pt.positions(), R, 0);
    const frac = cold.filter((v) => v > 0).length / groups;
    const se = Math.sqrt(0.25 / groups);
    expect(Math.abs(frac - 0.5)).toBeLessThan(5 * se);
    using plain = simulate({ ...base, nTrajectories: groups, temperature: ladder[0] });
    const fracPlain = plain.positions().filter((v) => v > 0).length / groups;
    expect(Math.abs(fracPlain - 0.5)).toBeGreaterThan(5 * se);
    U.dispose();
  });

  it('the T₀ marginal of a tilted double well matches the Gibbs density (χ², 20 equal-probability bins, threshold 19 + 5√38)', () => {
    const tilt = 0.1, K = 20;
    const U = landscapes.tiltedDoubleWell({ tilt });
    const g = gibbsGrid(wellU(tilt), ladder[0]!);
    const edges = Array.from({ length: K - 1 }, (_, k) => quantile(g, (k + 1) / K));
    const chi2 = (xs: Float64Array) => {
      const counts = new Array<number>(K).fill(0);
      for (const v of xs) counts[edges.findIndex((e) => v < e) === -1 ? K - 1 : edges.findIndex((e) => v < e)]!++;
      const e = xs.length / K;
      return counts.reduce((s, o) => s + (o - e) ** 2 / e, 0);
    };
    const threshold = K - 1 + 5 * Math.sqrt(2 * (K - 1));
    const base = { landscape: U, dt: 0.05, steps: 1500, x0: -1, seed: 82, integrator: 'mala' as const };
    using pt = simulate({ ...base, nTrajectories: R * groups, replicaExchange: { temperatures: ladder, swapEvery: 10 } });
    expect(chi2(column(pt.positions(), R, 0))).toBeLessThan(threshold);
    using plain = simulate({ ...base, nTrajectories: groups, temperature: ladder[0] });
    expect(chi2(plain.positions())).toBeGreaterThan(threshold);
    U.dispose();
  });

  it('swap acceptance per pair equals its stationary expectation by quadrature (started in equilibrium, 5 SE)', () => {
    const tilt = 0.1, swapEvery = 5, rounds = 80;
    const Uf = wellU(tilt);
    const U = landscapes.tiltedDoubleWell({ tilt });
    const grids = ladder.map((T) => gibbsGrid(Uf, T, 4000));
    const next = uniforms(7);
    const x0 = Float64Array.from({ length: R * groups }, (_, i) => quantile(grids[i % R]!, next()));
    using pt = simulate({ landscape: U, dt: 0.05, steps: swapEvery * rounds, nTrajectories: R * groups, x0, seed: 83, integrator: 'mala', replicaExchange: { temperatures: ladder, swapEvery } });
    const stats = pt.swapAcceptance();
    for (let p = 0; p < R - 1; p++) {
      // Even pairs swap on odd-numbered rounds 1, 3, …; odd pairs on the others: rounds/2 each.
      expect(stats.proposed[p]).toBe((groups * rounds) / 2);
      const gx = grids[p]!, gy = grids[p + 1]!, db = 1 / ladder[p]! - 1 / ladder[p + 1]!;
      const ux = Array.from(gx.x, Uf), uy = Array.from(gy.x, Uf);
      let expected = 0;
      for (let i = 0; i < ux.length; i += 4) {
        if (gx.w[i]! < 1e-14) continue;
        let inner = 0, wsum = 0;
        for (let j = 0; j < uy.length; j += 4) {
          inner += gy.w[j]! * Math.min(1, Math.exp(db * (ux[i]! - uy[j]!)));
          wsum += gy.w[j]!;
        }
        expected += gx.w[i]! * (inner / wsum);
      }
      let wx = 0;
      for (let i = 0; i < ux.length; i += 4) if (gx.w[i]! >= 1e-14) wx += gx.w[i]!;
      expected /= wx;
      const se = Math.sqrt((expected * (1 - expected)) / groups);
      expect(Math.abs(stats.rate[p]! - expected), `pair ${p}: ${stats.rate[p]} vs ${expected}`).toBeLessThan(5 * se);
    }
    U.dispose();
  });

  it.each(['ula', 'mala'] as const)('%s base: splits at group boundaries and chunked steps reproduce the whole run bit for bit', (integrator) => {
    const U = landscapes.doubleWell();
    const base = { landscape: U, dt: 0.02, x0: -1, seed: 84, integrator, replicaExchange: { temperatures: [0.1, 0.3, 0.9], swapEvery: 3 } };
    // 3 × 70 trajectories: blocks of 63 (whole groups), so groups straddle no block boundary.
    using whole = simulate({ ...base, nTrajectories: 210, steps: 100 });
    using a = simulate({ ...base, nTrajectories: 69 });
    using b = simulate({ ...base, nTrajectories: 141, trajectoryOffset: 69 });
    a.step(1).step(99);
    b.step(50).step(50);
    expect(Float64Array.from([...a.positions(), ...b.positions()])).toEqual(whole.positions());
    const s = whole.swapAcceptance(), sa = a.swapAcceptance(), sb = b.swapAcceptance();
    expect(Array.from(s.accepted)).toEqual(Array.from(sa.accepted, (v, i) => v + sb.accepted[i]!));
    U.dispose();
  });

  it('rejects bad ladders and parameters with SgdynError naming them', () => {
    const U = landscapes.doubleWell();
    const base = { landscape: U, dt: 0.01, nTrajectories: 6, x0: -1, seed: 1 };
    const rx = (temperatures: number[], swapEvery?: number) => ({ ...base, replicaExchange: { temperatures, ...(swapEvery !== undefined ? { swapEvery } : {}) } });
    expect(() => simulate(rx([0.1, 0.3, 0.2]))).toThrow(/temperatures\[2\] = 0.2 is not allowed: the ladder must be strictly increasing/);
    expect(() => simulate(rx([0.1, 0.1, 0.2]))).toThrow(/strictly increasing/);
    expect(() => simulate(rx([0, 0.1, 0.2]))).toThrow(/temperatures\[0\] = 0/);
    expect(() => simulate(rx([0.1]))).toThrow(/between 2 and 64/);
    expect(() => simulate(rx([0.1, 0.2, 0.4], 0))).toThrow(/swapEvery = 0/);
    expect(() => simulate(rx([0.1, 0.2, 0.4], 1.5))).toThrow(/swapEvery = 1.5/);
    expect(() => simulate(rx([0.1, 0.2, 0.4, 0.8]))).toThrow(/nTrajectories = 6 .* multiples of 4/);
    expect(() => simulate({ ...rx([0.1, 0.2]), temperature: 0.1 })).toThrow(/temperature.*leave it out/);
    expect(() => simulate({ ...rx([0.1, 0.2]), integrator: 'baoab' })).toThrow(/replicaExchange.*applies to integrator/);
    expect(() => firstPassage({ ...rx([0.1, 0.2]), target: { halfSpace: { normal: [1], offset: 1 } }, maxSteps: 10 })).toThrow(/first passage is not supported with replica exchange/);
    using plain = simulate({ ...base, temperature: 0.1 });
    expect(() => plain.swapAcceptance()).toThrow(/without replicaExchange/);
    U.dispose();
  });
});
