// Reproducibility contract: a trajectory depends only on (seed, global index), so the same
// seed gives identical bits however the trajectories are split or the steps chunked.
import { beforeAll, describe, expect, it } from 'vitest';
import { firstPassage, landscapes, simulate } from '../ts/index.js';
import { BaselineEnsemble, doubleWellGradient } from '../ts/baseline/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const base = { temperature: 0.3, dt: 0.01, seed: 77 };

describe('bit-identical results', () => {
  it('same seed, same bits; another seed, other bits', () => {
    const U = landscapes.doubleWell({ dim: 3 });
    using a = simulate({ ...base, landscape: U, steps: 500, nTrajectories: 1000, x0: [-1, 0, 1] });
    using b = simulate({ ...base, landscape: U, steps: 500, nTrajectories: 1000, x0: [-1, 0, 1] });
    using c = simulate({ ...base, seed: 78, landscape: U, steps: 500, nTrajectories: 1000, x0: [-1, 0, 1] });
    expect(b.positions()).toEqual(a.positions());
    expect(c.positions()).not.toEqual(a.positions());
    U.dispose();
  });

  it('one ensemble equals its pieces (any split, odd sizes, across block boundaries) and any step chunking', () => {
    const U = landscapes.doubleWell({ dim: 2, barrierHeight: 0.5 });
    const n = 1001;
    using whole = simulate({ ...base, landscape: U, steps: 300, nTrajectories: n, x0: [-1, 1] });
    const expected = whole.positions();
    for (const cuts of [[0, 1, n], [0, 64, 65, 500, n], [0, 333, 334, 999, n]]) {
      const parts: number[] = [];
      for (let p = 0; p + 1 < cuts.length; p++) {
        const start = cuts[p]!, end = cuts[p + 1]!;
        using e = simulate({ ...base, landscape: U, nTrajectories: end - start, trajectoryOffset: start, x0: [-1, 1] });
        e.step(7).step(93).step(0).step(200);
        parts.push(...e.positions());
      }
      expect(Float64Array.from(parts)).toEqual(expected);
    }
    U.dispose();
  });

  it('first-passage records are identical for split ensembles', () => {
    const U = landscapes.doubleWell();
    const opts = { ...base, temperature: 0.25, landscape: U, x0: -1, maxSteps: 20_000, target: { halfSpace: { normal: [1], offset: 1 } } };
    const whole = firstPassage({ ...opts, nTrajectories: 200 });
    const a = firstPassage({ ...opts, nTrajectories: 70 });
    const b = firstPassage({ ...opts, nTrajectories: 130, trajectoryOffset: 70 });
    expect(Float64Array.from([...a.hitSteps, ...b.hitSteps])).toEqual(whole.hitSteps);
    U.dispose();
  });

  it('agrees with the pure-TS baseline Euler–Maruyama to rounding', () => {
    const U = landscapes.tiltedDoubleWell({ dim: 2, barrierHeight: 1.5, wellCurvature: 6, tilt: 0.2 });
    const spec = { n: 300, d: 2, dt: 0.005, temperature: [0.4, 0.1], x0: [-1, 0.5], seed: 5n };
    using ens = simulate({ landscape: U, temperature: spec.temperature, dt: spec.dt, steps: 400, nTrajectories: spec.n, x0: spec.x0, seed: 5 });
    const twin = new BaselineEnsemble(spec, doubleWellGradient(1.5, 6, 0.2));
    twin.step(400);
    const w = ens.positions();
    let maxDiff = 0;
    w.forEach((v, i) => { maxDiff = Math.max(maxDiff, Math.abs(v - (twin.positions[i] as number))); });
    expect(maxDiff).toBeLessThan(1e-12);
    U.dispose();
  });
});
