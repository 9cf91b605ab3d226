// No leaks: every WASM allocation has an owner and a dispose(); many create/dispose cycles
// leave linear memory and the live-object count flat.
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdynError, firstPassage, landscapes, runtimeInfo, simulate } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

describe('memory', () => {
  it('stays flat over 10⁴ create/step/read/dispose cycles, also when calls fail', () => {
    const cycle = (i: number) => {
      const U = i % 2 ? landscapes.doubleWell({ dim: 2 }) : landscapes.quadratic({ hessian: [[2, 0.1], [0.1, 1]] });
      const e = simulate({ landscape: U, temperature: 0.1, dt: 0.01, steps: 2, nTrajectories: 100, x0: [0, 0], seed: i });
      e.positions();
      U.gradients([0, 0, 1, 1]);
      try {
        simulate({ landscape: U, temperature: 0.1, dt: -1, nTrajectories: 10, x0: [0, 0], seed: 1 });
      } catch (err) {
        if (!(err instanceof SgdynError)) throw err;
      }
      e.dispose();
      U.dispose();
    };
    for (let i = 0; i < 200; i++) cycle(i); // warm-up: let the allocator reach its working size
    const before = runtimeInfo();
    for (let i = 0; i < 10_000; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
  });

  it('does not grow across repeated first-passage runs or diverging runs', () => {
    const U = landscapes.doubleWell();
    const run = (i: number) => {
      firstPassage({ landscape: U, temperature: 0.5, dt: 0.01, nTrajectories: 50, x0: -1, seed: i, maxSteps: 2000, target: { halfSpace: { normal: [1], offset: 0 } } });
      try {
        simulate({ landscape: U, temperature: 0, dt: 0.1, steps: 50, nTrajectories: 10, x0: 9, seed: i });
      } catch (err) {
        if (!(err instanceof SgdynError) || err.code !== 'DIVERGED') throw err;
      }
    };
    for (let i = 0; i < 50; i++) run(i);
    const before = runtimeInfo();
    for (let i = 0; i < 1000; i++) run(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
    U.dispose();
  });

  it('stays flat over sampler create/step/read/dispose cycles, also when the crate rejects a sampler', () => {
    const U = landscapes.ring({ dim: 2 });
    const g = landscapes.fromExpression('x^2 + y^2 - 1', { variables: ['x', 'y'] });
    const base = { landscape: U, dt: 0.01, steps: 2, nTrajectories: 64, x0: [1, 0] };
    const noise = { gradientNoise: { variance: 0.3 } };
    const cycle = (i: number) => {
      const made = [
        simulate({ ...base, seed: i, temperature: 0.1, integrator: 'sgld', ...noise, stepSchedule: { t0: 10, decay: 0.6 } }),
        simulate({ ...base, seed: i, temperature: 0.1, integrator: 'sghmc', ...noise }),
        simulate({ ...base, seed: i, integrator: 'heavy-ball', ...noise }),
        simulate({ ...base, seed: i, integrator: 'mala', replicaExchange: { temperatures: [0.1, 0.2, 0.4, 0.8] } }),
        simulate({ ...base, seed: i, temperature: 0.1, constraint: { kind: 'level-set', g } }),
      ];
      made[1]!.velocities();
      made[3]!.swapAcceptance();
      made.forEach((e) => { e.positions(); e.dispose(); });
      for (const bad of [
        () => simulate({ ...base, seed: 1, temperature: 0.1, integrator: 'sghmc', friction: 0.01, noiseEstimate: 100 }), // rejected by the crate
        () => simulate({ ...base, seed: 1, nTrajectories: 63, replicaExchange: { temperatures: [0.1, 0.2] } }),
      ]) {
        try {
          bad();
        } catch (err) {
          if (!(err instanceof SgdynError)) throw err;
        }
      }
    };
    for (let i = 0; i < 50; i++) cycle(i);
    const before = runtimeInfo();
    for (let i = 0; i < 1000; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(before.memoryBytes);
    expect(after.liveObjects).toBe(before.liveObjects);
    g.dispose();
    U.dispose();
  });
});
