// Worker pools (dist/node.js + dist/worker.js, as shipped): determinism across pool sizes and
// chunkings, agreement with the single-threaded API, cancellation without leaks, errors from
// workers, recovery from a dead worker, progress.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Api from '../ts/index.js';

// The shipped bundle (workers need dist/worker.js); typed by the source it is built from.
const sgdyn: typeof Api = await import(new URL('../dist/node.js', import.meta.url).href);

const { init, landscapes, simulate, simulateStream, simulatePooled, firstPassage, firstPassagePooled, createPool, liveWorkerCount, SgdynError } = sgdyn;

beforeAll(async () => {
  await init();
});

async function frames(options: Parameters<typeof simulateStream>[0]) {
  const out = [];
  for await (const f of simulateStream(options)) out.push(f);
  return out;
}

describe('objectives on a pool', () => {
  it('an sgd objective (MLP, and the thesis model with L2) runs in workers bit-identically to the calling thread', async () => {
    const { sgd } = sgdyn;
    const data = sgd.data.teacherStudent({ seed: 3, examples: 40, inputs: 2, hidden: 3, noise: 0.1 });
    using L = sgd.mlp({ x: data.x, y: data.y, inputs: 2, hidden: 2, parameterisation: 'ntk', l2: 0.01 });
    const th = sgd.data.thesis({ seed: 1, points: 10, copies: 2 });
    using T = sgd.thesisModel({ x: th.x, y: th.y, l2: 0.1 });
    for (const [U, x0] of [[L, L.initialParameters({ seed: 5 })], [T, [0.9, 4.5]]] as const) {
      const base = { landscape: U, temperature: 0.01, dt: 1e-3, nTrajectories: 300, x0, seed: 4, steps: 50 };
      using local = simulate(base);
      const pooled = await simulatePooled({ ...base, workers: 2, observe: 'positions' });
      expect(pooled.positions).toEqual(local.positions());
    }
  });
});

describe('pooled SGD', () => {
  it('sgd.runPooled equals the single-threaded run bit for bit for 1, 2 and 3 workers (parameters, velocities, frames)', async () => {
    const { sgd } = sgdyn;
    const d = sgd.data.linearRegression({ seed: 7, examples: 200, dim: 5 });
    using L = sgd.linearRegression({ x: d.x, y: d.y, inputs: 5 });
    const opts = {
      objective: L, batchSize: 8, sampler: 'reshuffle' as const, learningRate: 0.05, momentum: 0.5, nReplicas: 7, replicaOffset: 3, seed: 2,
      x0: sgdyn.rng.normals({ seed: 1, count: 35 }), schedule: { kind: 'step' as const, every: 40, factor: 0.5 }, observe: { loss: true, directions: [d.weights] },
    };
    using local = sgd.run(opts);
    const f = local.advance(120, { every: 30 });
    for (const workers of [1, 2, 3]) {
      const seen: number[] = [];
      const r = await sgd.runPooled({ ...opts, steps: 120, every: 30, workers, onProgress: (p) => seen.push(p.stepsDone) });
      expect(r.parameters).toEqual(local.parameters());
      expect(r.velocities).toEqual(local.velocities());
      expect(r.frames.data).toEqual(f.data);
      expect(r.frames.columns).toEqual(f.columns);
      expect(seen.at(-1)).toBe(120);
    }
    expect(liveWorkerCount()).toBe(0);
  });

  it('sgd.runPooled validates before starting workers, reports divergence, and aborts', async () => {
    const { sgd } = sgdyn;
    using L = sgd.linearRegression({ x: [1, 2, 3, 4], y: [1, 2, 3, 4] });
    await expect(sgd.runPooled({ objective: L, batchSize: 2, learningRate: -1, seed: 1, x0: [0], steps: 10, workers: 2 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(sgd.runPooled({ objective: L, sampler: 'full-batch', learningRate: 2, nReplicas: 4, seed: 1, x0: [0], steps: 5000, workers: 2 }))
      .rejects.toMatchObject({ code: 'DIVERGED', trajectory: 0 });
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(sgd.runPooled({ objective: L, batchSize: 2, learningRate: 0.1, seed: 1, x0: [0], steps: 10, workers: 2, signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(liveWorkerCount()).toBe(0);
  });
});

describe('determinism', () => {
  it('samplers (SGLD with a schedule, SGHMC, heavy ball, sphere constraint) pooled equal the single-threaded run; replica exchange is refused', async () => {
    const U = landscapes.ring({ dim: 2 });
    const noise = { gradientNoise: { covariance: [[0.4, 0.1], [0.1, 0.2]] } };
    const cases = [
      { integrator: 'sgld' as const, temperature: 0.3, stepSchedule: { t0: 50, decay: 0.6 }, ...noise },
      { integrator: 'sghmc' as const, temperature: 0.3, friction: 2, ...noise },
      { integrator: 'heavy-ball' as const, momentum: 0.8, ...noise },
      { integrator: 'ula' as const, temperature: 0.3, constraint: { kind: 'sphere' as const, radius: 1 } },
    ];
    for (const c of cases) {
      const base = { landscape: U, dt: 0.02, nTrajectories: 700, x0: [1, 0], seed: 5, steps: 120, ...c };
      using reference = simulate(base);
      const fs = await frames({ ...base, workers: 2, every: 40, observe: 'positions' });
      expect(fs.at(-1)!.positions, c.integrator).toEqual(reference.positions());
    }
    await expect(simulatePooled({ landscape: U, dt: 0.02, nTrajectories: 700, x0: [1, 0], seed: 5, steps: 10, workers: 2, replicaExchange: { temperatures: [0.1, 0.2] } }))
      .rejects.toThrow(/pooled runs do not support replica exchange/);
    U.dispose();
  });

  it('frames are bit-identical for 1, 2 and 3 workers and any frame spacing, and equal the single-threaded run', async () => {
    const U = landscapes.tiltedDoubleWell({ dim: 2, tilt: 0.1 });
    const base = { landscape: U, temperature: 0.3, dt: 2e-3, nTrajectories: 1500, x0: [-1, 1], seed: 99, steps: 600 };
    using reference = simulate({ ...base });
    const expected = reference.positions();
    const results = [];
    for (const [workers, every] of [[1, 600], [2, 150], [3, 7], [2, 600]] as const) {
      const fs = await frames({ ...base, workers, every, observe: 'positions' });
      expect(fs.at(-1)!.step).toBe(600);
      expect(fs).toHaveLength(Math.ceil(600 / every));
      expect(fs.at(-1)!.positions).toEqual(expected);
      const moments = await frames({ ...base, workers, every, observe: 'moments' });
      results.push(moments.at(-1)!);
    }
    for (const r of results.slice(1)) {
      expect(r.mean).toEqual(results[0]!.mean);
      expect(r.variance).toEqual(results[0]!.variance);
    }
    // The merged moments are the moments of the positions.
    const n = base.nTrajectories;
    const m0 = expected.filter((_, i) => i % 2 === 0).reduce((a, v) => a + v, 0) / n;
    expect(results[0]!.mean![0]).toBeCloseTo(m0, 12);
    U.dispose();
  });

  it('moments of an ensemble run in batches equal the unbatched ones bit for bit', async () => {
    const U = landscapes.ring({ dim: 3 });
    const base = { landscape: U, temperature: 0.2, dt: 2e-3, nTrajectories: 1800, x0: [1, 0, 0], seed: 7, steps: 300, every: 100 };
    const whole = await frames({ ...base, workers: 1 });
    for (const [workers, batchTrajectories] of [[1, 512], [2, 768], [3, 256]] as const) {
      const batched = await frames({ ...base, workers, batchTrajectories });
      expect(batched.map((f) => f.step)).toEqual([100, 200, 300]);
      batched.forEach((f, i) => {
        expect(f.mean).toEqual(whole[i]!.mean);
        expect(f.variance).toEqual(whole[i]!.variance);
      });
    }
    await expect(frames({ ...base, batchTrajectories: 300 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    U.dispose();
  });

  it('first passage on a pool equals the single-threaded record', async () => {
    const U = landscapes.doubleWell();
    const opts = { landscape: U, temperature: 0.4, dt: 2e-3, x0: -1, nTrajectories: 700, seed: 5, maxSteps: 1_000_000, target: { halfSpace: { normal: [1], offset: 1 } } };
    const single = firstPassage(opts);
    for (const workers of [1, 2, 3]) {
      const pooled = await firstPassagePooled({ ...opts, workers });
      expect(pooled.hitSteps).toEqual(single.hitSteps);
      expect(pooled.finalPositions).toEqual(single.finalPositions);
      expect(pooled.meanTime).toBe(single.meanTime);
    }
    U.dispose();
  });
  it('first passage with a union target and the bridge correction: same record (hitTargets too) on 1 and 2 workers', async () => {
    const U = landscapes.doubleWell({ dim: 2 });
    const o = {
      landscape: U, temperature: 0.4, dt: 1e-3, x0: [-1, -1], nTrajectories: 700, seed: 5, maxSteps: 1e6, bridgeCorrection: true,
      target: { union: [{ halfSpace: { normal: [1, 0], offset: 0 } }, { box: { lower: [-5, 0], upper: [5, 5] } }, { level: { above: 1.5 } }] },
    } satisfies Parameters<typeof firstPassage>[0];
    const single = firstPassage(o);
    expect(new Set(single.hitTargets)).toEqual(new Set([0, 1, 2]));
    for (const workers of [1, 2]) {
      const pooled = await firstPassagePooled({ ...o, workers });
      expect(pooled.hitSteps).toEqual(single.hitSteps);
      expect(pooled.hitTargets).toEqual(single.hitTargets);
      expect(pooled.finalPositions).toEqual(single.finalPositions);
    }
    U.dispose();
  });
});

describe('cancellation and resources', () => {
  it('an abort mid-run rejects with AbortError promptly and leaves no worker or memory behind', async () => {
    const U = landscapes.doubleWell({ dim: 2 });
    await using pool = await createPool({ workers: 2 });
    const run = async (signal: AbortSignal) => {
      const seen: number[] = [];
      for await (const f of simulateStream({ landscape: U, temperature: 0.2, dt: 1e-3, nTrajectories: 20_000, x0: -1, seed: 1, steps: 10_000_000, every: 200, pool, signal })) {
        seen.push(f.step);
      }
      return seen;
    };
    const sizes = [];
    for (let cycle = 0; cycle < 4; cycle++) {
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 150);
      const t0 = performance.now();
      await expect(run(ctrl.signal)).rejects.toMatchObject({ name: 'AbortError' });
      expect(performance.now() - t0).toBeLessThan(5000); // "promptly": well before the 10⁷ steps
      const stats = await pool.stats();
      expect(stats.map((s) => s.openRanges)).toEqual([0, 0]);
      sizes.push(stats.map((s) => [s.memoryBytes, s.liveObjects]));
    }
    expect(sizes[3]).toEqual(sizes[1]); // flat after the first cycle sized the allocator
    expect(liveWorkerCount()).toBe(2);
    U.dispose();
  });

  it('a run with its own pool terminates its workers, also when aborted', async () => {
    const U = landscapes.doubleWell();
    const before = liveWorkerCount();
    await simulatePooled({ landscape: U, temperature: 0.2, dt: 1e-3, nTrajectories: 1000, x0: -1, seed: 1, steps: 100, workers: 2 });
    expect(liveWorkerCount()).toBe(before);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(simulatePooled({ landscape: U, temperature: 0.2, dt: 1e-3, nTrajectories: 1000, x0: -1, seed: 1, steps: 100, workers: 2, signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(liveWorkerCount()).toBe(before);
    U.dispose();
  });

  it('reports progress with increasing step counts', async () => {
    const U = landscapes.doubleWell();
    const seen: number[] = [];
    await simulatePooled({ landscape: U, temperature: 0.2, dt: 1e-3, nTrajectories: 300_000, x0: -1, seed: 1, steps: 60, workers: 2, onProgress: (p) => seen.push(p.stepsDone) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(60);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    U.dispose();
  });
});

describe('errors', () => {
  it('a divergence inside a worker surfaces as SgdynError DIVERGED with the global trajectory index', async () => {
    const U = landscapes.doubleWell();
    const n = 2000;
    const x0 = Float64Array.from({ length: n }, (_, i) => (i === 1500 ? 6 : -1)); // in the second worker's range
    await expect(simulatePooled({ landscape: U, temperature: 0, dt: 0.1, nTrajectories: n, x0, seed: 1, steps: 100, workers: 2 }))
      .rejects.toMatchObject({ code: 'DIVERGED', trajectory: 1500 });
    U.dispose();
  });

  it('bad input is rejected before any worker starts', async () => {
    const U = landscapes.doubleWell();
    const before = liveWorkerCount();
    await expect(simulatePooled({ landscape: U, temperature: 0.1, dt: -1, nTrajectories: 10, x0: -1, seed: 1, steps: 10, workers: 2 }))
      .rejects.toBeInstanceOf(SgdynError);
    await expect(simulatePooled({ landscape: U, temperature: 0.1, dt: 0.1, nTrajectories: 10, x0: -1, seed: 1, steps: 10, workers: 0 }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(liveWorkerCount()).toBe(before);
    U.dispose();
  });

  it('a worker that dies rejects the run with WORKER_FAILED, and the pool recovers for the next run', async () => {
    const U = landscapes.doubleWell();
    await using pool = await createPool({ workers: 2 });
    const opts = { landscape: U, temperature: 0.2, dt: 1e-3, nTrajectories: 4000, x0: -1, seed: 3, steps: 4000, pool };
    const expected = (await simulatePooled(opts)).mean;
    const members = (pool as unknown as { members: Array<{ handle: { terminate(): Promise<void> } }> }).members;
    const doomed = simulatePooled({ ...opts, steps: 10_000_000 });
    setTimeout(() => void members[1]!.handle.terminate(), 100);
    await expect(doomed).rejects.toMatchObject({ code: 'WORKER_FAILED' });
    const again = await simulatePooled(opts);
    expect(again.mean).toEqual(expected);
    U.dispose();
  });
});
