/**
 * Pooled, streamed, cancellable runs. `simulateStream` is an `AsyncIterable` of frames
 * (positions, or per-coordinate moments, every `every` steps); `firstPassagePooled` is the
 * pooled `firstPassage`. Both accept `{ pool }` or `{ workers }`, an `AbortSignal`
 * (cancellation takes effect after the current chunk of a few ms, frees every worker-side
 * allocation and rejects with an `AbortError`), and `onProgress`.
 */
import { SgdynError } from '../../bindings/index.js';
import { resolveEnsembleSpec, stepsPerCall, type SimulateOptions } from '../ensemble.js';
import { resolvePassage, summarizePassage, type FirstPassageOptions, type FirstPassageResult } from '../firstPassage.js';
import { integer, invalid, oneOf } from '../validate.js';
import { MOMENT_BLOCK, MomentAccumulator } from './moments.js';
import { Pool, splitRanges, type PoolOptions } from './pool.js';
import type { Member } from './executor.js';
import type { RangeSpec } from './tasks.js';

/** Progress of a pooled run. */
export interface Progress {
  stepsDone: number;
  stepsTotal: number;
  /** Trajectories finished (first passage: arrived); for plain runs, all once the run ends. */
  trajectoriesDone: number;
}

/** Options shared by the pooled runs. */
export interface RunControl extends PoolOptions {
  /** A pool to run on; otherwise one of `workers` members is started and disposed for this run. */
  pool?: Pool;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface StreamOptions extends SimulateOptions, RunControl {
  /** Total steps (integer ≥ 1). */
  steps: number;
  /** A frame every `every` steps (default: one frame, at the end). */
  every?: number;
  /** What a frame carries: `'moments'` (default; memory O(d) per frame) or `'positions'` (n × d). */
  observe?: 'moments' | 'positions';
  /**
   * For `'moments'`: at most this many trajectories are held at once (default 2¹⁹, a multiple
   * of 256). Larger ensembles run in batches, and their frames arrive when the last batch ends.
   */
  batchTrajectories?: number;
}

/** One streamed observation. */
export interface Frame {
  step: number;
  time: number;
  nTrajectories: number;
  /** Row-major n × d (observe: 'positions'). */
  positions?: Float64Array;
  /** Per-coordinate mean and unbiased variance (observe: 'moments'); bit-identical for any pool size. */
  mean?: Float64Array;
  variance?: Float64Array;
}

/** @internal */
export function abortError(signal: AbortSignal): unknown {
  const r: unknown = signal.reason;
  return r instanceof Error && r.name === 'AbortError' ? r : new DOMException('the sgdyn run was aborted', 'AbortError');
}

/** The pool a run uses: the caller's, or one started (and later disposed) for this run. */
/** @internal */
export async function poolFor(where: string, control: RunControl): Promise<{ pool: Pool; owned: boolean }> {
  if (control.pool && control.workers !== undefined) throw invalid(where, 'workers', control.workers, 'give either pool or workers, not both');
  if (control.pool) return { pool: control.pool, owned: false };
  return { pool: await Pool.create(control.workers === undefined ? {} : { workers: control.workers }), owned: true };
}

type Spec = ReturnType<typeof resolveEnsembleSpec>;

/** Trajectories `[start, start + count)` of a run, one contiguous range per member. */
class OpenRun {
  private constructor(readonly members: Member[], readonly ids: number[], readonly ranges: Array<{ start: number; count: number }>) {}

  static async open(where: string, pool: Pool, spec: Spec, batch: { start: number; count: number }, target?: RangeSpec['target']): Promise<OpenRun> {
    const recipe = spec.landscape.recipe;
    if (!recipe) throw invalid(where, 'landscape', spec.landscape.kind, 'a pooled run needs a landscape that workers can rebuild (a built-in, expression or objective landscape); a landscapes.fromFunction landscape holds JS functions that cannot be sent to workers: run it with simulate() / Ensemble on this thread');
    const sampler = spec.sampler;
    if (sampler && (sampler.ladder.length > 0 || sampler.constraint?.kind === 'level-set')) {
      const [name, value] = sampler.ladder.length > 0 ? ['replicaExchange', sampler.ladder] : ['constraint.kind', 'level-set'];
      throw invalid(where, name, value, 'pooled runs do not support replica exchange or level-set constraints yet: use simulate');
    }
    const members = await pool.membersForRun();
    const ranges = splitRanges(batch.count, members.length).map((r) => ({ start: batch.start + r.start, count: r.count }));
    const shared = spec.x0.length === spec.d;
    const opened = await Promise.allSettled(ranges.map((r, i) => (members[i] as Member).call('openRange', {
      recipe, temperature: spec.temperature, dt: spec.dt, seed: spec.seed, offset: spec.offset + r.start, n: r.count,
      integrator: spec.integrator, friction: spec.friction, noise: spec.noise, refine: spec.refine, interpretation: spec.interpretation, ...(sampler ? { sampler } : {}),
      x0: shared ? spec.x0 : spec.x0.slice(r.start * spec.d, (r.start + r.count) * spec.d),
      ...(target ? { target } : {}),
    })));
    const run = new OpenRun(members.slice(0, ranges.length), opened.map((o) => (o.status === 'fulfilled' ? o.value : 0)), ranges);
    const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      await run.close();
      throw failed.reason;
    }
    return run;
  }

  /** Calls `f(member, id)` on every member in parallel; results in range order. */
  each<T>(f: (m: Member, id: number) => Promise<T>): Promise<T[]> {
    return Promise.all(this.members.map((m, i) => f(m, this.ids[i] as number)));
  }

  /** Advances every range by `k` steps in rounds of a few ms, checking `signal` between rounds. */
  async advance(k: number, d: number, signal: AbortSignal | undefined, after: (steps: number) => void): Promise<void> {
    const round = stepsPerCall(Math.max(...this.ranges.map((r) => r.count)) * d);
    for (let done = 0; done < k;) {
      if (signal?.aborted) throw abortError(signal);
      const s = Math.min(round, k - done);
      await this.each((m, id) => m.call('advance', id, s));
      done += s;
      after(s);
    }
  }

  /** Frees the ranges' WASM memory in the members (skipping dead ones). */
  async close(): Promise<void> {
    await Promise.allSettled(this.members.map((m, i) => (m.alive && this.ids[i] ? m.call('close', this.ids[i] as number) : undefined)));
  }
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Streams a pooled Euler–Maruyama run: yields a `Frame` every `every` steps.
 *
 * ```ts
 * const ctrl = new AbortController();
 * for await (const f of simulateStream({ landscape, temperature: 0.2, dt: 1e-3, nTrajectories: 1e6,
 *   x0: -1, seed: 1, steps: 10_000, every: 1000, workers: 2, signal: ctrl.signal })) console.log(f.step, f.mean);
 * ```
 */
export async function* simulateStream(options: StreamOptions): AsyncGenerator<Frame, void, undefined> {
  const where = 'simulateStream';
  const spec = resolveEnsembleSpec(where, options);
  const steps = integer(where, 'steps', options.steps, 1);
  const every = integer(where, 'every', options.every ?? steps, 1);
  const observe = oneOf(where, 'observe', options.observe ?? 'moments', ['moments', 'positions'] as const);
  const batchSize = integer(where, 'batchTrajectories', options.batchTrajectories ?? DEFAULT_BATCH, MOMENT_BLOCK);
  if (batchSize % MOMENT_BLOCK !== 0) throw invalid(where, 'batchTrajectories', batchSize, `it must be a multiple of ${MOMENT_BLOCK}`);
  const { signal, onProgress } = options;
  signal?.throwIfAborted?.();
  const { pool, owned } = await poolFor(where, options);
  try {
    if (observe === 'moments' && spec.n > batchSize) {
      yield* batchedMoments(where, pool, spec, steps, every, batchSize, signal, onProgress);
      return;
    }
    const run = await OpenRun.open(where, pool, spec, { start: 0, count: spec.n });
    try {
      let done = 0;
      while (done < steps) {
        const k = Math.min(every, steps - done);
        await run.advance(k, spec.d, signal, (s) => {
          done += s;
          onProgress?.({ stepsDone: done, stepsTotal: steps, trajectoriesDone: done === steps ? spec.n : 0 });
        });
        const frame: Frame = { step: done, time: done * spec.dt, nTrajectories: spec.n };
        if (observe === 'positions') {
          frame.positions = concat(await run.each((m, id) => m.call('positions', id)));
        } else {
          const acc = new MomentAccumulator(spec.d);
          for (const part of await run.each((m, id) => m.call('moments', id))) acc.add(part);
          const { mean, variance } = acc.result();
          frame.mean = mean;
          frame.variance = variance;
        }
        yield frame;
      }
    } finally {
      await run.close();
    }
  } finally {
    if (owned) await pool.dispose();
  }
}

/** Trajectories held in memory at once by a moments run (2¹⁹: about 25 MB at d = 2). */
const DEFAULT_BATCH = 1 << 19;

/**
 * Moments of an ensemble too large to hold at once: batches of trajectories run one after
 * another through all steps, each frame's moments merged batch by batch in block order
 * (so the result is bit-identical to an unbatched run); the frames are yielded when the
 * last batch is done. Memory: one batch plus O(d) per frame.
 */
async function* batchedMoments(
  where: string, pool: Pool, spec: Spec, steps: number, every: number, batchSize: number,
  signal: AbortSignal | undefined, onProgress: RunControl['onProgress'],
): AsyncGenerator<Frame, void, undefined> {
  const frameSteps: number[] = [];
  for (let s = Math.min(every, steps); ; s = Math.min(steps, s + every)) {
    frameSteps.push(s);
    if (s === steps) break;
  }
  const accumulators = frameSteps.map(() => new MomentAccumulator(spec.d));
  for (let start = 0; start < spec.n; start += batchSize) {
    const run = await OpenRun.open(where, pool, spec, { start, count: Math.min(batchSize, spec.n - start) });
    try {
      let done = 0;
      for (let f = 0; f < frameSteps.length; f++) {
        await run.advance((frameSteps[f] as number) - done, spec.d, signal, (s) => {
          done += s;
          onProgress?.({ stepsDone: done, stepsTotal: steps, trajectoriesDone: start });
        });
        for (const part of await run.each((m, id) => m.call('moments', id))) accumulators[f]!.add(part);
      }
    } finally {
      await run.close();
    }
  }
  onProgress?.({ stepsDone: steps, stepsTotal: steps, trajectoriesDone: spec.n });
  for (let f = 0; f < frameSteps.length; f++) {
    const { mean, variance } = accumulators[f]!.result();
    yield { step: frameSteps[f] as number, time: (frameSteps[f] as number) * spec.dt, nTrajectories: spec.n, mean, variance };
  }
}

/** Runs `simulateStream` to the end and returns its last frame. */
export async function simulatePooled(options: StreamOptions): Promise<Frame> {
  let last: Frame | undefined;
  for await (const f of simulateStream({ ...options, every: options.steps })) last = f;
  if (!last) throw new SgdynError('INVALID_ARGUMENT', 'simulatePooled: the run produced no frame');
  return last;
}

/** `firstPassage` on a pool: same result, bit-identical for any pool size. */
export async function firstPassagePooled(options: FirstPassageOptions & RunControl): Promise<FirstPassageResult> {
  const where = 'firstPassagePooled';
  const spec = resolveEnsembleSpec(where, { ...options, steps: 0 } as SimulateOptions);
  const { maxSteps, spec: target, bridge } = resolvePassage(where, options, spec.landscape);
  const { signal, onProgress } = options;
  signal?.throwIfAborted?.();
  const { pool, owned } = await poolFor(where, options);
  try {
    const run = await OpenRun.open(where, pool, spec, { start: 0, count: spec.n }, { spec: target, bridge });
    try {
      const hits = async () => concat(await run.each((m, id) => m.call('hitSteps', id)));
      let hitSteps = await hits();
      const round = stepsPerCall(Math.max(...run.ranges.map((r) => r.count)) * spec.d);
      for (let done = 0; done < maxSteps;) {
        const k = Math.min(round, maxSteps - done);
        await run.advance(k, spec.d, signal, () => {});
        done += k;
        hitSteps = await hits();
        const arrived = hitSteps.reduce((a, s) => a + (s >= 0 ? 1 : 0), 0);
        onProgress?.({ stepsDone: done, stepsTotal: maxSteps, trajectoriesDone: arrived });
        if (arrived === spec.n) break;
      }
      const components = concat(await run.each((m, id) => m.call('hitComponents', id)));
      return summarizePassage(hitSteps, components, spec.dt, maxSteps, concat(await run.each((m, id) => m.call('positions', id))));
    } finally {
      await run.close();
    }
  } finally {
    if (owned) await pool.dispose();
  }
}
