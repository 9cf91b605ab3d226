// First-passage targets evaluated in WASM (issue 6): each kind of set against an independent
// formulation of the same set, unions against the 1-D committor (quadrature), the basin
// target's radius check, the Brownian-bridge correction against the MFPT quadrature at two Δt,
// and the 2-D separable well against its x-marginal quadrature.
import { beforeAll, describe, expect, it } from 'vitest';
import { firstPassage, landscapes, mfpt1d, type FirstPassageOptions } from '../ts/index.js';
import { gaussLegendre8 } from '../ts/analysis/gaussLegendre.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const quartic = (x: number) => (x * x - 1) ** 2;

/** ∫ₐᵇ f by 2000 Gauss–Legendre panels. */
function integrate(f: (x: number) => number, a: number, b: number): number {
  let s = 0;
  const h = (b - a) / 2000;
  for (let i = 0; i < 2000; i++) s += gaussLegendre8(f, a + i * h, a + (i + 1) * h);
  return s;
}

describe('target sets', () => {
  const base = { temperature: 0.5, dt: 1e-3, nTrajectories: 300, seed: 4, maxSteps: 200_000 };

  it('a ball / box / super-level set equals the same set written as a union of half-spaces, bit for bit (1-D)', () => {
    const U = landscapes.quadratic({ hessian: [[1]] }); // U = x²/2: {U ≥ 0.5} = {x ≥ 1} ∪ {x ≤ −1}
    const run = (target: FirstPassageOptions['target']) => firstPassage({ ...base, landscape: U, x0: 0.2, target });
    const halves = run({ union: [{ halfSpace: { normal: [1], offset: 1 } }, { halfSpace: { normal: [-1], offset: 1 } }] });
    const level = run({ level: { above: 0.5 } });
    expect(halves.nCensored).toBe(0);
    expect(level.hitSteps).toEqual(halves.hitSteps);
    // The complement of the open interval: a trajectory stopping *inside* a ball/box is the
    // dual view; check both against the half-space pair [x ≥ 0.7] ∪ [−x ≥ −0.3] from x0 = 2.
    const inside = (target: FirstPassageOptions['target']) => firstPassage({ ...base, landscape: U, x0: 2, target });
    const a = inside({ ball: { center: [0.5], radius: 0.2 } });
    const b = inside({ box: { lower: [0.3], upper: [0.7] } });
    expect(a.nCensored).toBe(0);
    expect(b.hitSteps).toEqual(a.hitSteps);
    for (let i = 0; i < base.nTrajectories; i++) expect(Math.abs((a.finalPositions[i] as number) - 0.5)).toBeLessThanOrEqual(0.2);
    U.dispose();
  });

  it('sub-level set {U ≤ c}: every hit position has U ≤ c; hitTargets reports the set', () => {
    const U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
    const r = firstPassage({ ...base, landscape: U, x0: [0, 0.5], target: { level: { below: 0.05 } } });
    expect(r.nCensored).toBe(0);
    const v = U.values(r.finalPositions);
    for (let i = 0; i < v.length; i++) expect(v[i]).toBeLessThanOrEqual(0.05);
    expect([...r.hitTargets].every((k) => k === 0)).toBe(true);
    U.dispose();
  });

  it('union of two half-spaces: the fraction hitting the right one matches the committor (4σ), with the bridge correction', () => {
    // From x0 = −1 between a = −1.6 and b = 0.4: P(hit b first) = ∫ₐ^{x0} e^{U/T} / ∫ₐᵇ e^{U/T}
    // (Gardiner §5.2.8). Bridge-corrected monitoring has an O(Δt) bias (here < 0.3% at Δt = 1e-3).
    const T = 0.4, a = -1.6, b = 0.4, n = 6000;
    const U = landscapes.doubleWell();
    const w = (x: number) => Math.exp(quartic(x) / T);
    const q = integrate(w, a, -1) / integrate(w, a, b);
    const r = firstPassage({
      landscape: U, temperature: T, dt: 1e-3, x0: -1, nTrajectories: n, seed: 11, maxSteps: 1e7, bridgeCorrection: true,
      target: { union: [{ halfSpace: { normal: [-1], offset: -a } }, { halfSpace: { normal: [1], offset: b } }] },
    });
    expect(r.nCensored).toBe(0);
    const right = [...r.hitTargets].filter((k) => k === 1).length / n;
    expect(Math.abs(right - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / n));
    for (let i = 0; i < n; i++) {
      const x = r.finalPositions[i] as number;
      // A bridge hit leaves the position after the step, within a few √(2TΔt) of the plane.
      if (r.hitTargets[i] === 1) expect(x).toBeGreaterThan(b - 0.2); else expect(x).toBeLessThan(a + 0.2);
    }
    U.dispose();
  });

  it('basin of minimum k: a ball inside the basin, checked by gradient flow; a ball crossing the separatrix is refused', () => {
    const U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
    const minima = [[-1, 0], [1, 0]];
    const r = firstPassage({ ...base, temperature: 0.3, landscape: U, x0: [-1, 0], maxSteps: 2_000_000, target: { basin: { minima, index: 1 } } });
    expect(r.nCensored).toBe(0);
    for (let i = 0; i < base.nTrajectories; i++) {
      // Default radius: ¼ of the distance to the other minimum = 0.5.
      expect(Math.hypot((r.finalPositions[2 * i] as number) - 1, r.finalPositions[2 * i + 1] as number)).toBeLessThanOrEqual(0.5);
    }
    expectError(() => firstPassage({ ...base, landscape: U, temperature: 0.3, x0: [-1, 0], target: { basin: { minima, index: 1, radius: 1.2 } } }),
      'INVALID_ARGUMENT', 'target.basin.radius = 1.2', 'not inside its basin', 'minima[0]');
    U.dispose();
  });

  it('rejects bad targets naming the parameter', () => {
    const U = landscapes.doubleWell({ dim: 2 });
    const o = { landscape: U, temperature: 0.5, dt: 1e-3, x0: [-1, -1], nTrajectories: 4, seed: 1, maxSteps: 10 };
    expectError(() => firstPassage({ ...o, target: { ball: { center: [0, 0], radius: 0 } } }), 'INVALID_ARGUMENT', 'target.ball.radius = 0');
    expectError(() => firstPassage({ ...o, target: { box: { lower: [0, 1], upper: [1, 0] } } }), 'INVALID_ARGUMENT', 'target.box.upper[1] = 0');
    expectError(() => firstPassage({ ...o, target: { union: [] } }), 'INVALID_ARGUMENT', 'target.union');
    expectError(() => firstPassage({ ...o, target: { level: {} } as never }), 'INVALID_ARGUMENT', 'target.level');
    expectError(() => firstPassage({ ...o, target: { union: [{ ball: { center: [0], radius: 1 } }] } }), 'INVALID_ARGUMENT', 'target.union[0].ball.center.length = 1');
    expectError(() => firstPassage({ ...o, target: { ball: { center: [0, 0], radius: 1 } }, bridgeCorrection: true }), 'INVALID_ARGUMENT', 'bridge', 'half-space');
    expectError(() => firstPassage({ ...o, integrator: 'baoab', target: { halfSpace: { normal: [1, 0], offset: 0 } }, bridgeCorrection: true }), 'INVALID_ARGUMENT', 'bridge', 'baoab');
    U.dispose();
  });
});

describe('Brownian-bridge crossing correction', () => {
  // 1-D double well, T = 0.5, MFPT from −1 to the barrier top 0 (quadrature τ = 4.61).
  // Measured with n = 20000, seed 3 (relative error): plain monitoring +12.7% (Δt = 0.01) and
  // +6.4% (Δt = 0.0025), i.e. ∝ √Δt; bridge-corrected −1.8% and −0.03%, i.e. O(Δt).
  // SE of the mean ≈ τ/√n ≈ 0.7%.
  it('turns the O(√Δt) MFPT bias into O(Δt): plain error halves when Δt/4; corrected error ≤ a quarter of it, within 4σ at the small Δt', () => {
    const U = landscapes.doubleWell();
    const exact = mfpt1d(quartic, 0.5, -1, 0).time;
    const err = (dt: number, bridge: boolean) => {
      const r = firstPassage({ landscape: U, temperature: 0.5, dt, x0: -1, nTrajectories: 20000, seed: 3, maxSteps: 1e7, target: { halfSpace: { normal: [1], offset: 0 } }, bridgeCorrection: bridge });
      return { rel: r.meanTime! / exact - 1, se: r.standardError! / exact };
    };
    const plain = [err(0.01, false), err(0.0025, false)] as const;
    const bridged = [err(0.01, true), err(0.0025, true)] as const;
    // Plain: significant (> 4σ) positive bias at both Δt, ratio ≈ √(1/4) = 0.5 (±4σ of the ratio).
    for (const p of plain) expect(p.rel).toBeGreaterThan(4 * p.se);
    const ratio = plain[1].rel / plain[0].rel;
    const ratioSe = ratio * Math.hypot(plain[0].se / plain[0].rel, plain[1].se / plain[1].rel);
    expect(Math.abs(ratio - 0.5)).toBeLessThan(4 * ratioSe);
    // Corrected: much smaller, and at Δt = 0.0025 consistent with the quadrature.
    for (let i = 0; i < 2; i++) expect(Math.abs(bridged[i]!.rel)).toBeLessThan(0.25 * plain[i]!.rel);
    expect(Math.abs(bridged[1].rel)).toBeLessThan(4 * bridged[1].se);
    U.dispose();
  });
});

describe('2-D (x² − 1)² + y²: first passage to the separatrix', () => {
  // Separable: x is an autonomous 1-D diffusion in (x² − 1)², so the MFPT from (−1, 0) to
  // {x ≥ 0} is exactly the 1-D quadrature. Bridge-corrected EM at Δt = 2.5e-3 (O(Δt) bias,
  // ~0.1% by the 1-D measurement above); n = 4000 gives SE ≈ 1.6%.
  it.each([[0.35, 21], [0.25, 22]])('T = %s: simulated MFPT within 4σ of the x-marginal quadrature', (T, seed) => {
    const U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
    const r = firstPassage({ landscape: U, temperature: T, dt: 2.5e-3, x0: [-1, 0], nTrajectories: 4000, seed, maxSteps: 1e7, bridgeCorrection: true, target: { halfSpace: { normal: [1, 0], offset: 0 } } });
    const exact = mfpt1d(quartic, T, -1, 0).time;
    expect(r.nCensored).toBe(0);
    expect(Math.abs(r.meanTime! - exact)).toBeLessThan(4 * r.standardError!);
    U.dispose();
  });
});
