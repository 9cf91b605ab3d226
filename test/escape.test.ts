// The 1-D MFPT quadrature against closed forms, Kramers against the quadrature, and
// simulated first-passage times against the quadrature (two independent methods).
import { beforeAll, describe, expect, it } from 'vitest';
import { firstPassage, kramersTime1D, landscapes, mfpt1d } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

describe('mfpt1d (exact double integral by quadrature)', () => {
  // Piecewise-linear potential: a steep wall U = −Kz for z < 0 and a constant force U = −μz
  // for z ≥ 0. Then ∫_{−∞}^{y} e^{−U/T} = T/K + (T/μ)(e^{μy/T} − 1), and
  // τ(0 → c) = (1/K − 1/μ)(T/μ)(1 − e^{−μc/T}) + c/μ.
  it('matches the closed form for a wall plus constant force (to 1e-9)', () => {
    for (const [K, mu, T, c] of [[50, 1, 0.5, 2], [200, 0.3, 1, 1.5], [20, 2, 0.1, 0.7]] as const) {
      const U = (z: number) => (z < 0 ? -K * z : -mu * z);
      const exact = (1 / K - 1 / mu) * (T / mu) * (1 - Math.exp((-mu * c) / T)) + c / mu;
      expect(Math.abs(mfpt1d(U, T, 0, c).time / exact - 1)).toBeLessThan(1e-9);
    }
  });

  it('matches the closed form of free diffusion against a wall: c/K + c²/(2T)', () => {
    const K = 100, T = 0.3, c = 1.2;
    const r = mfpt1d((z) => (z < 0 ? -K * z : 0), T, 0, c);
    expect(Math.abs(r.time / (c / K + (c * c) / (2 * T)) - 1)).toBeLessThan(1e-9);
  });

  it('stays finite in log space for a barrier of 400 T', () => {
    const r = mfpt1d((x) => (x * x - 1) ** 2, 1 / 400, -1, 1);
    expect(Number.isFinite(r.logTime)).toBe(true);
    expect(r.logTime).toBeGreaterThan(399);
  });

  it('rejects bad input', () => {
    expect(() => mfpt1d((x) => x * x, 0, -1, 1)).toThrow(/temperature = 0/);
    expect(() => mfpt1d((x) => x * x, 1, 1, -1)).toThrow(/to = -1/);
    expect(() => mfpt1d((x) => x, 1, 0, 1)).toThrow(/grow/); // U = x falls to −∞ on the left: not confining
  });
});

describe('Kramers', () => {
  it('approaches the exact MFPT as T → 0 (relative error shrinking roughly ∝ T)', () => {
    const U = landscapes.doubleWell();
    const f = (x: number) => (x * x - 1) ** 2;
    const errors = [0.25, 0.125, 0.0625, 0.03125].map((T) => {
      const k = kramersTime1D({ landscape: U, minimum: -1, saddle: 0, temperature: T });
      expect(k.prefactor).toBeCloseTo((2 * Math.PI) / Math.sqrt(8 * 4), 12);
      return Math.abs(k.time / mfpt1d(f, T, -1, 1).time - 1);
    });
    for (let i = 1; i < errors.length; i++) expect(errors[i]!).toBeLessThan(0.7 * errors[i - 1]!);
    expect(errors.at(-1)!).toBeLessThan(0.05);
    const half = kramersTime1D({ landscape: U, minimum: -1, saddle: 0, temperature: 0.1, to: 'barrier-top' });
    expect(half.prefactor).toBeCloseTo(Math.PI / Math.sqrt(32), 12);
    U.dispose();
  });

  it('rejects a minimum that is not one', () => {
    const U = landscapes.doubleWell();
    expect(() => kramersTime1D({ landscape: U, minimum: 0, saddle: -1, temperature: 0.1 })).toThrow(/must be > 0/);
    U.dispose();
  });
});

describe('simulated escape time vs the quadrature', () => {
  // Exit times are ~exponential, so SE ≈ τ/√n. Euler–Maruyama with discrete monitoring adds
  // a time-step bias; measured with n = 20000 (seed 9): −0.8% (T=0.5) and −1.2% (T=0.3) at
  // Δt = 4e-3, and within 1.1 SE (0.7%) of the quadrature at Δt = 1e-3. The allowance below
  // covers that bias at Δt = 1e-3; the 4σ covers sampling.
  it.each([[0.5, 1], [0.3, 2]])('T = %s: mean exit time to the other well within 4σ plus a 1 percent allowance for the Δt bias', (T, seed) => {
    const U = landscapes.doubleWell();
    const r = firstPassage({ landscape: U, temperature: T, dt: 1e-3, x0: -1, nTrajectories: 2000, seed, maxSteps: 2_000_000, target: { halfSpace: { normal: [1], offset: 1 } } });
    const exact = mfpt1d((x) => (x * x - 1) ** 2, T, -1, 1).time;
    expect(r.nCensored).toBe(0);
    expect(Math.abs(r.meanTime! - exact)).toBeLessThan(4 * r.standardError! + 0.01 * exact);
    U.dispose();
  });

  it('never reports a capped time as a time', () => {
    const U = landscapes.doubleWell();
    const r = firstPassage({ landscape: U, temperature: 0.1, dt: 1e-2, x0: -1, nTrajectories: 100, seed: 1, maxSteps: 100, target: { halfSpace: { normal: [1], offset: 1 } } });
    expect(r.nCensored).toBeGreaterThan(0);
    expect(r.meanTime).toBeNull();
    expect(r.standardError).toBeNull();
    expect(r.hitTimes.length).toBe(r.nHit);
    expect([...r.hitSteps].filter((s) => s < 0).length).toBe(r.nCensored);
    U.dispose();
  });
});
