// landscapes.fromFunction: a landscape computed by batched JS callbacks (the slow path).
// Oracle: the built-in separable double well U = Σ (xᵢ² − 1)², whose WASM kernel computes
// ∂ᵢU = (4xᵢ)((xᵢ·xᵢ)·1 − 1) + 0; the callbacks below compute the same numbers, so the same
// seed must give the same trajectories (asserted to 1e-12; they agree bit for bit in practice).
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdynError, firstPassage, landscapes, runtimeInfo, simulate, simulatePooled, type Integrator, type LandscapeCallback } from '../ts/index.js';
import { loadSgdyn } from './support/wasm.js';

beforeAll(loadSgdyn);

const value: LandscapeCallback = (x, out, n) => {
  const d = x.length / n;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] as number;
      s += (v * v - 1) * (v * v - 1);
    }
    out[i] = s;
  }
};
const gradient: LandscapeCallback = (x, g) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    g[i] = 4 * v * (v * v - 1);
  }
};
const hessian: LandscapeCallback = (x, h, n) => {
  const d = x.length / n;
  h.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] as number;
      h[i * d * d + j * d + j] = 12 * v * v - 4;
    }
  }
};

function callbackWell(dim: number, extra: Partial<Parameters<typeof landscapes.fromFunction>[0]> = {}) {
  return landscapes.fromFunction({ dim, value, gradient, hessian, name: 'double well', ...extra });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('landscapes.fromFunction', () => {
  it('evaluates values, gradients, Hessians and HVPs like the built-in double well', () => {
    using U = callbackWell(3);
    using W = landscapes.doubleWell({ dim: 3 });
    const xs = Array.from({ length: 3 * 17 }, (_, i) => Math.sin(1.3 * i) * 1.7);
    const vs = Array.from({ length: 3 * 17 }, (_, i) => Math.cos(0.7 * i));
    expect(maxDiff(U.values(xs), W.values(xs))).toBeLessThan(1e-12);
    expect(maxDiff(U.gradients(xs), W.gradients(xs))).toBeLessThan(1e-12);
    expect(maxDiff(U.hessians(xs), W.hessians(xs))).toBeLessThan(1e-12);
    expect(maxDiff(U.hessianVectors(xs, vs), W.hessianVectors(xs, vs))).toBeLessThan(1e-12);
    expect(U.kind).toBe('function');
    expect(U.recipe).toBeUndefined();
  });

  it.each(['euler-maruyama', 'baoab', 'heun'] as Integrator[])('follows the built-in double well step for step (%s, same seed)', (integrator) => {
    // n = 100: a full block of 64 and a partial one of 36; d = 2.
    const base = { temperature: 0.4, dt: 0.01, nTrajectories: 100, x0: [-1, 0.5], seed: 11, integrator };
    using U = callbackWell(2);
    using W = landscapes.doubleWell({ dim: 2 });
    using a = simulate({ ...base, landscape: U, steps: 37 });
    using b = simulate({ ...base, landscape: W, steps: 37 });
    expect(maxDiff(a.positions(), b.positions())).toBeLessThan(1e-12);
    if (integrator === 'baoab') expect(maxDiff(a.velocities(), b.velocities())).toBeLessThan(1e-12);
    a.step(5);
    b.step(5);
    expect(maxDiff(a.positions(), b.positions())).toBeLessThan(1e-12);
  });

  it('runs MALA and level-set first passage through the value callback', () => {
    const base = { temperature: 0.5, dt: 0.05, nTrajectories: 70, x0: 0.2, seed: 3 };
    using U = callbackWell(1);
    using W = landscapes.doubleWell();
    using a = simulate({ ...base, landscape: U, integrator: 'mala', steps: 40 });
    using b = simulate({ ...base, landscape: W, integrator: 'mala', steps: 40 });
    expect(maxDiff(a.positions(), b.positions())).toBeLessThan(1e-12);
    expect(a.acceptanceRate()).toBe(b.acceptanceRate());
    const fp = { temperature: 0.3, dt: 0.01, nTrajectories: 80, x0: -1, seed: 5, maxSteps: 3000, target: { level: { above: 0.8 } } } as const;
    const hitA = firstPassage({ ...fp, landscape: U });
    const hitB = firstPassage({ ...fp, landscape: W });
    expect(Array.from(hitA.hitSteps)).toEqual(Array.from(hitB.hitSteps));
    expect(hitA.nHit).toBeGreaterThan(0);
  });

  it('calls the gradient once per block of trajectories and step, over views of the block', () => {
    const sizes: number[] = [];
    using U = landscapes.fromFunction({ dim: 2, gradient: (x, g, n) => { sizes.push(n); expect(x.length).toBe(2 * n); expect(g.length).toBe(2 * n); gradient(x, g, n); } });
    using e = simulate({ landscape: U, temperature: 0.1, dt: 0.01, nTrajectories: 150, x0: [0, 0], seed: 1, steps: 3 });
    expect(sizes).toEqual([64, 64, 64, 64, 64, 64, 22, 22, 22]);
    expect(e.stepsDone).toBe(3);
  });

  it('rejects bad options with INVALID_ARGUMENT naming the parameter', () => {
    const bad = (o: unknown, name: string) => {
      let err: unknown;
      try {
        landscapes.fromFunction(o as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SgdynError);
      expect((err as SgdynError).code).toBe('INVALID_ARGUMENT');
      expect((err as SgdynError).message).toContain(`${name} =`);
    };
    const live = runtimeInfo();
    bad({ dim: 0, gradient }, 'dim');
    bad({ dim: 1.5, gradient }, 'dim');
    bad({ dim: 5000, gradient }, 'dim');
    bad({ dim: 2 }, 'gradient');
    bad({ dim: 2, gradient: [1, 2] }, 'gradient');
    bad({ dim: 2, gradient, value: 3 }, 'value');
    bad({ dim: 2, gradient, hessian: 'h' }, 'hessian');
    bad({ dim: 2, gradient, name: 7 }, 'name');
    bad(undefined, 'options');
    expect(runtimeInfo().liveObjects).toBe(live.liveObjects);
    expect(runtimeInfo().callbacks).toBe(live.callbacks);
  });

  it('refuses what needs a missing value or Hessian callback with a clear error', () => {
    using U = landscapes.fromFunction({ dim: 1, gradient, name: 'no value' });
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(SgdynError);
        return [(e as SgdynError).code, (e as SgdynError).message];
      }
      throw new Error('expected an error');
    };
    const [c1, m1] = code(() => simulate({ landscape: U, temperature: 0.5, dt: 0.01, nTrajectories: 4, x0: 0, seed: 1, integrator: 'mala' }));
    expect(c1).toBe('INVALID_ARGUMENT');
    expect(m1).toContain('fromFunction without `value`');
    const [c2, m2] = code(() => U.values([0.3]));
    expect(c2).toBe('INVALID_ARGUMENT');
    expect(m2).toContain("landscape 'no value'");
    expect(m2).toContain('no `value` callback');
    const [c3, m3] = code(() => U.hessians([0.3]));
    expect(c3).toBe('INVALID_ARGUMENT');
    expect(m3).toContain('no `hessian` callback');
    const [c4, m4] = code(() => firstPassage({ landscape: U, temperature: 0.5, dt: 0.01, nTrajectories: 4, x0: 0, seed: 1, maxSteps: 10, target: { level: { above: 1 } } }));
    expect(c4).toBe('INVALID_ARGUMENT');
    expect(m4).toContain('no value U');
    // The landscape still works for what it has.
    expect(U.gradient([2])[0]).toBe(24);
  });

  it('turns an exception in a callback into CALLBACK_FAILED with the error as cause; everything stays usable', () => {
    let calls = 0;
    let throwAt = 5;
    const boom = new RangeError('boom');
    using U = landscapes.fromFunction({ dim: 1, name: 'flaky', gradient: (x, g, n) => { if (++calls === throwAt) throw boom; gradient(x, g, n); } });
    using W = landscapes.doubleWell();
    using e = simulate({ landscape: U, temperature: 0.2, dt: 0.01, nTrajectories: 100, x0: -1, seed: 2 });
    let err: unknown;
    try {
      e.step(10);
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(SgdynError);
    const s = err as SgdynError;
    expect(s.code).toBe('CALLBACK_FAILED');
    expect(s.cause).toBe(boom);
    // Call 5 is block 0's fifth gradient: EM evaluates it in step 5.
    expect(s.message).toContain("landscape 'flaky'");
    expect(s.message).toContain('at step 5');
    expect(s.message).toContain('RangeError: boom');
    // The ensemble refuses to continue but stays readable and disposable.
    expect(() => e.step(1)).toThrow(/cannot step again/);
    expect(e.positions().length).toBe(100);
    // Other objects, and new ensembles on the same landscape, work.
    throwAt = -1;
    using f = simulate({ landscape: U, temperature: 0.2, dt: 0.01, nTrajectories: 100, x0: -1, seed: 2, steps: 10 });
    using g = simulate({ landscape: W, temperature: 0.2, dt: 0.01, nTrajectories: 100, x0: -1, seed: 2, steps: 10 });
    expect(maxDiff(f.positions(), g.positions())).toBeLessThan(1e-12);
    // A thrown non-Error value is reported too, and landscape calls fail the same way.
    using V = landscapes.fromFunction({ dim: 1, gradient: () => { throw 'plain string'; } });
    expect(() => V.gradients([1, 2])).toThrow(/by throwing plain string/);
    expect(U.gradient([2])[0]).toBe(24);
  });

  it('rejects re-entrant calls into sgdyn from inside a callback', () => {
    using W = landscapes.doubleWell();
    const seen: unknown[] = [];
    using U = landscapes.fromFunction({
      dim: 1, name: 'nosy',
      gradient: (x, g, n) => {
        for (const f of [() => W.gradient([1]), () => landscapes.ring(), () => runtimeInfo()]) {
          try {
            f();
            seen.push('no error');
          } catch (e) {
            seen.push(e instanceof SgdynError ? e.code : e);
          }
        }
        gradient(x, g, n);
      },
    });
    const live = runtimeInfo().liveObjects;
    using e = simulate({ landscape: U, temperature: 0.2, dt: 0.01, nTrajectories: 10, x0: 1, seed: 1, steps: 2 });
    expect(seen).toEqual(Array(6).fill('REENTRANT_CALL'));
    expect(e.stepsDone).toBe(2);
    expect(runtimeInfo().liveObjects).toBe(live + 1);
    // Not caught by the callback: the step fails with REENTRANT_CALL and a message naming it.
    using V = landscapes.fromFunction({ dim: 1, name: 'careless', gradient: () => { W.gradient([0]); } });
    let err: unknown;
    try {
      simulate({ landscape: V, temperature: 0.2, dt: 0.01, nTrajectories: 10, x0: 1, seed: 1, steps: 2 });
    } catch (x) {
      err = x;
    }
    expect((err as SgdynError).code).toBe('REENTRANT_CALL');
    expect((err as SgdynError).message).toContain("landscape 'careless'");
    expect(W.gradient([2])[0]).toBe(24);
  });

  it('refuses asynchronous callbacks and leaves unwritten outputs NaN (divergence, not stale numbers)', () => {
    using A = landscapes.fromFunction({ dim: 1, name: 'async', gradient: (async () => {}) as unknown as LandscapeCallback });
    expect(() => A.gradients([1])).toThrow(/landscape 'async'.*returned a Promise/);
    using L = landscapes.fromFunction({ dim: 1, gradient: (_x, g, n) => { for (let i = 0; i < n; i += 2) g[i] = 0; } });
    expect(Array.from(L.gradients([1, 2, 3]))).toEqual([0, NaN, 0]);
    let err: unknown;
    try {
      simulate({ landscape: L, temperature: 0, dt: 0.01, nTrajectories: 4, x0: 0, seed: 1, steps: 3 });
    } catch (x) {
      err = x;
    }
    expect((err as SgdynError).code).toBe('DIVERGED');
    expect((err as SgdynError).trajectory).toBe(1);
    expect((err as SgdynError).step).toBe(1);
  });

  it('reports non-finite gradients as ordinary divergence with trajectory and step', () => {
    using U = landscapes.fromFunction({ dim: 1, gradient: (x, g) => { for (let i = 0; i < x.length; i++) g[i] = Math.abs(x[i] as number) > 4 ? NaN : 0; } });
    const x0 = Array.from({ length: 100 }, (_, i) => (i === 70 ? 3.95 : 0));
    let err: unknown;
    try {
      simulate({ landscape: U, temperature: 0, dt: 0.01, nTrajectories: 100, x0, seed: 1, steps: 5 });
    } catch (x) {
      err = x;
    }
    // T = 0 and zero gradient: x stays 3.95 (finite); NaN only if a point exceeds 4 — none does.
    expect(err).toBeUndefined();
    const moved = x0.map((v) => (v === 3.95 ? 4.5 : v));
    try {
      simulate({ landscape: U, temperature: 0, dt: 0.01, nTrajectories: 100, x0: moved, seed: 1, steps: 5 });
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(SgdynError);
    expect((err as SgdynError).code).toBe('DIVERGED');
    expect((err as SgdynError).trajectory).toBe(70);
    expect((err as SgdynError).step).toBe(1);
  });

  it('is refused by pooled runs (no recipe)', async () => {
    using U = callbackWell(1);
    await expect(simulatePooled({ landscape: U, temperature: 0.2, dt: 0.01, nTrajectories: 10, x0: 0, seed: 1, steps: 1, workers: 1 }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('landscapes.fromFunction') });
  });

  it('releases its callbacks with the last owner and leaks nothing over 10³ cycles', () => {
    const before = runtimeInfo();
    const U = callbackWell(1);
    const e = simulate({ landscape: U, temperature: 0.2, dt: 0.01, nTrajectories: 8, x0: 0, seed: 1, steps: 1 });
    U.dispose();
    expect(runtimeInfo().callbacks).toBe(before.callbacks + 1); // the ensemble still holds it
    e.step(2);
    e.dispose();
    expect(runtimeInfo().callbacks).toBe(before.callbacks);

    const cycle = (i: number) => {
      const V = callbackWell(2, { gradient: i % 7 === 3 ? () => { throw new Error('x'); } : gradient });
      try {
        const f = simulate({ landscape: V, temperature: 0.2, dt: 0.01, nTrajectories: 70, x0: [0, 0], seed: i, steps: 2, integrator: i % 2 ? 'baoab' : 'euler-maruyama' });
        f.positions();
        f.dispose();
      } catch (err) {
        if (!(err instanceof SgdynError) || err.code !== 'CALLBACK_FAILED') throw err;
      }
      V.values([0, 1]);
      V.dispose();
    };
    for (let i = 0; i < 50; i++) cycle(i);
    const warm = runtimeInfo();
    for (let i = 0; i < 1000; i++) cycle(i);
    const after = runtimeInfo();
    expect(after.memoryBytes).toBe(warm.memoryBytes);
    expect(after.liveObjects).toBe(warm.liveObjects);
    expect(after.callbacks).toBe(warm.callbacks);
  });
});
