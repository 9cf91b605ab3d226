// General SDEs from expressions (sde({ drift, diffusion })) against the built-in processes they
// restate (same scheme, same streams ⇒ equal to 1e-12), and geometric Brownian motion's strong
// order on a shared Brownian path (exact solution X_T = X₀exp((μ − s²/2)T + sW_T), tolerance ±0.15).
import { beforeAll, describe, expect, it } from 'vitest';
import { landscapes, sde, simulate, simulatePooled, strongConvergence, type Integrator, type NoiseSpec } from '../ts/index.js';
import { expectError } from './support/expectError.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

function maxRelDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))); });
  return worst;
}

describe('sde({ drift, diffusion }) restates built-in processes to 1e-12', () => {
  const run = (landscape: ReturnType<typeof landscapes.quadratic>, integrator: Integrator, noise?: NoiseSpec, interpretation?: 'ito' | 'stratonovich') => {
    using e = simulate({ landscape, integrator, ...(noise ? { noise } : {}), ...(interpretation ? { interpretation } : {}), dt: 0.01, steps: 300, nTrajectories: 500, x0: 0.8, seed: 13, brownianRefinement: 2 });
    return e.positions();
  };

  it.each(['euler-maruyama', 'milstein', 'rk-milstein', 'heun', 'tamed-euler'] as Integrator[])('GBM dX = −X dt + 0.5X dW (%s)', (integrator) => {
    using builtIn = landscapes.quadratic({ hessian: [[1]] });
    using gbm = sde({ drift: ['-x'], diffusion: ['s*x'], parameters: { s: 0.5 } });
    expect(maxRelDiff(run(gbm, integrator), run(builtIn, integrator, { kind: 'linear', scale: 0.5 }))).toBeLessThan(1e-12);
  });

  it.each([['euler-maruyama', undefined], ['milstein', undefined], ['euler-maruyama', 'stratonovich'], ['heun', 'ito']] as Array<[Integrator, 'ito' | 'stratonovich' | undefined]>)(
    'multiplicative noise √(2D₀(1+x²)) on the double well (%s, %s): symbolic σ′ and Stratonovich correction', (integrator, interpretation) => {
      using builtIn = landscapes.doubleWell();
      using model = sde({ drift: ['-4*x*(x^2-1)'], diffusion: ['sqrt(2*D0*(1+x^2))'], parameters: { D0: 0.1 } });
      expect(maxRelDiff(run(model, integrator, undefined, interpretation), run(builtIn, integrator, { kind: 'sqrt-quadratic', d0: 0.1 }, interpretation))).toBeLessThan(1e-12);
    });

  it('a full constant σ (d = 2) equals correlated noise with D = ½σσᵀ, and is detected as additive (SRA1 accepted)', () => {
    const D = [[0.5, 0.2], [0.2, 0.3]];
    const l00 = Math.sqrt(D[0]![0]!), l10 = D[1]![0]! / l00, l11 = Math.sqrt(D[1]![1]! - l10 * l10);
    const sigma = [l00, 0, l10, l11].map((v) => String(Math.SQRT2 * v));
    using builtIn = landscapes.fromExpression('(x^2-1)^2 + 0.5*y^2', { variables: ['x', 'y'] });
    using model = sde({ drift: ['-4*x*(x^2-1)', '-y'], diffusion: sigma, variables: ['x', 'y'] });
    for (const integrator of ['euler-maruyama', 'sra1'] as const) {
      const opts = { integrator, dt: 0.01, steps: 200, nTrajectories: 300, x0: [-1, 0.5], seed: 2 };
      using a = simulate({ ...opts, landscape: model });
      using b = simulate({ ...opts, landscape: builtIn, noise: { kind: 'correlated', diffusion: D } });
      expect(maxRelDiff(a.positions(), b.positions())).toBeLessThan(1e-12);
    }
  });

  it('the drift is −gradient and its Jacobian the Hessian; no potential (value NaN)', () => {
    using model = sde({ drift: ['-x + w*y', '-y - w*x'], diffusion: ['0.1', '0.1'], variables: ['x', 'y'], parameters: { w: 2 } });
    expect(Array.from(model.gradient([1, 3]))).toEqual([1 - 6, 3 + 2]);
    expect(Array.from(model.hessian([1, 3]))).toEqual([1, -2, 2, 1]);
    expect(model.value([1, 3])).toBeNaN();
  });

  it('pooled runs rebuild it from its recipe and give the same bits', async () => {
    using model = sde({ drift: ['-x'], diffusion: ['0.3*sqrt(1+x^2)'] });
    const opts = { landscape: model, integrator: 'milstein' as const, dt: 0.01, steps: 100, nTrajectories: 400, x0: 1, seed: 6 };
    using single = simulate(opts);
    const pooled = await simulatePooled({ ...opts, workers: 1, batchTrajectories: 256, observe: 'positions' });
    expect(pooled.positions).toEqual(single.positions());
  });
});

describe('GBM via expressions: strong orders on a shared path', () => {
  const mu = -1, s = 0.5, x0 = 1;
  it.each([['milstein', 1, [4, 5, 6, 7, 8]], ['rk-milstein', 1, [4, 5, 6, 7, 8]], ['euler-maruyama', 0.5, [6, 7, 8, 9, 10]]] as Array<[Integrator, number, number[]]>)(
    '%s has strong order %s (±0.15)', (integrator, order, levels) => {
      using gbm = sde({ drift: ['mu*x'], diffusion: ['s*x'], parameters: { mu, s } });
      const r = strongConvergence({
        landscape: gbm, integrator, x0, nTrajectories: 4000, seed: 5, time: 1, levels, fineLevel: 12,
        exact: (W) => W.map((w) => x0 * Math.exp(mu - (s * s) / 2 + s * w)),
      });
      expect(Math.abs(r.order - order)).toBeLessThan(0.15);
    });
});

describe('sde errors', () => {
  it('bad components, counts and scheme/noise combinations give SgdynError naming them', () => {
    expectError(() => sde({ drift: ['-x +'], diffusion: ['1'] }), 'INVALID_ARGUMENT', 'drift[0]', 'column');
    expectError(() => sde({ drift: ['-x'], diffusion: ['z'] }), 'INVALID_ARGUMENT', 'diffusion[0]', 'z');
    expectError(() => sde({ drift: ['-x', '-y'], diffusion: ['1'], variables: ['x'] }), 'INVALID_ARGUMENT', 'drift');
    expectError(() => sde({ drift: ['-x', '-y'], diffusion: ['1', '1', '1'], variables: ['x', 'y'] }), 'INVALID_ARGUMENT', 'diffusion');
    using model = sde({ drift: ['-x', '-y'], diffusion: ['x', 'y', '0', '1'], variables: ['x', 'y'] });
    const base = { landscape: model, dt: 0.01, nTrajectories: 2, x0: [0, 0], seed: 1 };
    expectError(() => simulate({ ...base, integrator: 'mala', temperature: 1 }), 'INVALID_ARGUMENT', 'temperature'); // MALA would need U and T: refused
    expectError(() => simulate({ ...base, integrator: 'milstein' }), 'INVALID_ARGUMENT', 'milstein', 'commutative');
    expectError(() => simulate({ ...base, integrator: 'sra1' }), 'INVALID_ARGUMENT', 'sra1', 'additive');
    expectError(() => simulate({ ...base, noise: { kind: 'temperature' } }), 'INVALID_ARGUMENT', 'noise');
    expectError(() => simulate({ ...base, temperature: 1 }), 'INVALID_ARGUMENT', 'temperature');
  });
});
