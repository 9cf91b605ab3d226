// Bad input gets an SgdynError with a code and a message naming the parameter, the value
// and what is allowed — never a trap, hang or NaN — and objects the user already had
// stay usable afterwards.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ensemble, SgdynError, landscapes, runtimeInfo, simulate, type SimulateOptions } from '../ts/index.js';
import { Core, compileModule } from '../bindings/index.js';
import { loadSgdyn } from './support/wasm.js';
import { expectError } from './support/expectError.js';

beforeAll(loadSgdyn);

describe('simulate rejects bad input and leaves live objects usable', () => {
  const U = () => landscapes.doubleWell({ dim: 2 });
  const good = (landscape = U()): SimulateOptions => ({ landscape, temperature: 0.2, dt: 0.01, steps: 10, nTrajectories: 16, x0: [-1, 0], seed: 1 });

  it.each([
    ['dt = 0', { dt: 0 }, 'dt = 0', '> 0'],
    ['dt < 0', { dt: -0.1 }, 'dt = -0.1', '> 0'],
    ['dt NaN', { dt: Number.NaN }, 'dt = NaN'],
    ['negative temperature', { temperature: -1 }, 'temperature = -1', '>= 0'],
    ['negative per-coordinate temperature', { temperature: [0.1, -2] }, 'temperature[1] = -2'],
    ['temperature of wrong length', { temperature: [0.1, 0.2, 0.3] }, 'temperature.length = 3'],
    ['NaN in x0', { x0: [0, Number.NaN] }, 'x0[1] = NaN', 'finite'],
    ['x0 of wrong length', { x0: [1, 2, 3] }, 'x0.length = 3', 'd = 2'],
    ['non-integer steps', { steps: 2.5 }, 'steps = 2.5', 'integer'],
    ['negative steps', { steps: -1 }, 'steps = -1'],
    ['zero trajectories', { nTrajectories: 0 }, 'nTrajectories = 0'],
    ['fractional trajectories', { nTrajectories: 1.5 }, 'nTrajectories = 1.5'],
    ['negative seed', { seed: -3 }, 'seed = -3'],
    ['seed too large', { seed: 1n << 64n }, 'seed ='],
    ['unknown integrator', { integrator: 'rk4' as never }, "integrator = \"rk4\"", "'euler-maruyama'"],
    ['a landscape that is not one', { landscape: {} as never }, 'landscape'],
    ['workers on the synchronous simulate', { workers: 2 } as never, 'workers = 2', 'simulatePooled'],
  ] as Array<[string, Partial<SimulateOptions>, ...string[]]>)('%s', (_name, patch, ...fragments) => {
    using live = simulate(good());
    const before = live.positions();
    expectError(() => simulate({ ...good(), ...patch } as SimulateOptions), 'INVALID_ARGUMENT', 'simulate', ...fragments);
    live.step(5); // still usable
    expect(live.positions()).not.toEqual(before);
  });

  it('a disposed ensemble or landscape is an error, other objects carry on', () => {
    const landscape = U();
    const a = simulate(good(landscape));
    using b = simulate(good(landscape));
    a.dispose();
    a.dispose(); // idempotent
    expectError(() => a.step(1), 'DISPOSED', 'ensemble.step', 'disposed');
    expectError(() => a.positions(), 'DISPOSED');
    landscape.dispose();
    expectError(() => simulate(good(landscape)), 'DISPOSED', 'landscape');
    expectError(() => landscape.value([0, 0]), 'DISPOSED');
    b.step(3); // b holds its own reference to the landscape's kernel
    expect(b.stepsDone).toBe(13);
  });
});

describe('landscape constructors', () => {
  it('reject a non-SPD, non-symmetric or ragged Hessian', () => {
    expectError(() => landscapes.quadratic({ hessian: [[1, 2], [2, 1]] }), 'INVALID_ARGUMENT', 'positive definite');
    expectError(() => landscapes.quadratic({ hessian: [[1, 0.5], [0, 1]] }), 'INVALID_ARGUMENT', 'symmetric');
    expectError(() => landscapes.quadratic({ hessian: [[1, 0], [0]] }), 'INVALID_ARGUMENT', 'hessian[1]');
    expectError(() => landscapes.quadratic({ hessian: [[Number.POSITIVE_INFINITY]] }), 'INVALID_ARGUMENT', 'finite');
    expectError(() => landscapes.quadratic({ hessian: [[2]], centre: [0, 1] }), 'INVALID_ARGUMENT', 'centre.length = 2');
  });

  it('reject bad double-well and ring parameters', () => {
    expectError(() => landscapes.doubleWell({ barrierHeight: 0 }), 'INVALID_ARGUMENT', 'barrierHeight = 0');
    expectError(() => landscapes.doubleWell({ wellCurvature: -8 }), 'INVALID_ARGUMENT', 'wellCurvature = -8');
    expectError(() => landscapes.doubleWell({ dim: 0 }), 'INVALID_ARGUMENT', 'dim = 0');
    expectError(() => landscapes.tiltedDoubleWell({ tilt: Number.NaN }), 'INVALID_ARGUMENT', 'tilt = NaN');
    expectError(() => landscapes.ring({ dim: 2.5 }), 'INVALID_ARGUMENT', 'dim = 2.5');
  });

  it('have exact derivatives: gradient and Hessian match central differences', () => {
    const cases = [
      landscapes.quadratic({ hessian: [[2, 0.3, 0], [0.3, 1, -0.2], [0, -0.2, 3]], centre: [0.1, -0.2, 0.3] }),
      landscapes.tiltedDoubleWell({ dim: 3, barrierHeight: 0.7, wellCurvature: 5, tilt: 0.1 }),
      landscapes.ring({ dim: 3 }),
    ];
    const x = [0.3, -0.7, 1.1];
    const e = 1e-5;
    for (const U of cases) {
      const g = U.gradient(x), H = U.hessian(x);
      for (let i = 0; i < 3; i++) {
        const xp = [...x], xm = [...x];
        xp[i]! += e; xm[i]! -= e;
        expect(g[i]).toBeCloseTo((U.value(xp) - U.value(xm)) / (2 * e), 7);
        const gp = U.gradient(xp), gm = U.gradient(xm);
        for (let j = 0; j < 3; j++) expect(H[j * 3 + i]).toBeCloseTo(((gp[j] as number) - (gm[j] as number)) / (2 * e), 6);
      }
      const v = [0.5, 1, -2];
      const hv = U.hessianVectors(x, v);
      for (let i = 0; i < 3; i++) expect(hv[i]).toBeCloseTo(H.slice(i * 3, i * 3 + 3).reduce((s, h, j) => s + h * v[j]!, 0), 12);
      U.dispose();
    }
  });
});

describe('divergence', () => {
  it('is reported with the trajectory index and step, and the ensemble refuses further steps', () => {
    const U = landscapes.doubleWell();
    // Explicit EM on the quartic is unstable once |x| is large: x ← x − Δt·4x(x²−1) overshoots.
    const x0 = Float64Array.from({ length: 100 }, (_, i) => (i === 37 ? 5 : -1));
    const ens = simulate({ landscape: U, temperature: 0, dt: 0.1, nTrajectories: 100, x0, seed: 1 });
    const e = expectError(() => ens.step(50), 'DIVERGED', 'trajectory 37', 'step');
    expect(e.trajectory).toBe(37);
    expect(e.step).toBeGreaterThan(0);
    expect(e.step).toBeLessThanOrEqual(50);
    expectError(() => ens.step(1), 'DIVERGED', 'trajectory 37');
    expect(ens.positions().length).toBe(100); // still readable for inspection
    ens.dispose();
    // The first divergence is the earliest step across blocks, then the lowest index.
    const x1 = Float64Array.from({ length: 200 }, (_, i) => (i === 150 ? 8 : i === 3 ? 4 : -1));
    const e2 = expectError(() => simulate({ landscape: U, temperature: 0, dt: 0.1, steps: 50, nTrajectories: 200, x0: x1, seed: 1 }), 'DIVERGED');
    expect(e2.trajectory).toBe(150);
    U.dispose();
  });

  it('reports the global index of a trajectory in an offset ensemble', () => {
    const U = landscapes.doubleWell();
    const e = expectError(() => simulate({ landscape: U, temperature: 0, dt: 0.1, steps: 50, nTrajectories: 4, x0: [-1, -1, 6, -1], seed: 1, trajectoryOffset: 1000 }), 'DIVERGED');
    expect(e.trajectory).toBe(1002);
    U.dispose();
  });
});

describe('the ABI boundary never traps', () => {
  it('rejects stale and foreign handles and out-of-range pointers with errors', async () => {
    const core = await Core.instantiate(await compileModule(readFileSync('build/sgdyn.wasm')));
    const h = core.landscapeRing(2);
    core.release(h, 'test');
    expect(() => core.release(h, 'test')).toThrow(/not a live object/);
    expect(() => core.landscapeEval('values', h, 2, [0, 0])).toThrow(SgdynError);
    expect(() => core.ensembleStep(0xdeadbeef, 1, 'test')).toThrow(/not a live object/);
    const l = core.landscapeRing(2);
    expect(() => core.ensembleStep(l, 1, 'test')).toThrow(/is a landscape, not a ensemble|not a/);
    // A raw call with a pointer past the end of memory is an error status, not a trap.
    const raw = (core as unknown as { raw: { sgd_ensemble_positions(h: number, p: number): number } }).raw;
    const e = core.ensembleCreate({ landscape: l, n: 4, offset: 0, seed: 1n, dt: 0.1, temperature: [0, 0], x0: [0, 0] });
    expect(raw.sgd_ensemble_positions(e, core.memoryBytes() - 8)).toBe(1);
    expect(raw.sgd_ensemble_positions(e, 3)).toBe(1); // misaligned
    expect(core.ensemblePositions(e, 8).length).toBe(8);
  });

  it('refuses a module that is not sgdyn with ABI_MISMATCH, and garbage bytes with LOAD_FAILED', async () => {
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    await expect(Core.instantiate(await compileModule(empty))).rejects.toMatchObject({ code: 'ABI_MISMATCH' });
    await expect(compileModule(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'LOAD_FAILED' });
  });

  it('steps longer than 2^32 are accepted as counts; non-integers are not', () => {
    const U = landscapes.ring();
    using e = simulate({ landscape: U, temperature: 0.1, dt: 0.01, nTrajectories: 2, x0: [1, 0], seed: 1 });
    expectError(() => e.step(Number.POSITIVE_INFINITY), 'INVALID_ARGUMENT', 'k = Infinity');
    expect(e instanceof Ensemble).toBe(true);
    expect(runtimeInfo().liveObjects).toBeGreaterThan(0);
    U.dispose();
  });
});
