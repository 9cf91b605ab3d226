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
import { mergeMoments } from './moments.js';
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

function abortError(signal: AbortSignal): unknown {
  const r: unknown = signal.reason;
  return r instanceof Error && r.name === 'AbortError' ? r : new DOMException('the sgdyn run was aborted', 'AbortError');
}

/** An open run: one range per member, closed (freeing worker memory) by `close()`. */
class OpenRun {
  private constructor(
    readonly members: Member[],
    readonly ids: number[],
    readonly ranges: Array<{ start: number; count: number }>,
    private readonly ownedPool: Pool | undefined,
  ) {}

  static async open(where: string, control: RunControl, spec: ReturnType<typeof resolveEnsembleSpec>, target?: RangeSpec['target']): Promise<OpenRun> {
    const recipe = spec.landscape.recipe;
    if (!recipe) throw invalid(where, 'landscape', spec.landscape.kind, 'a pooled run needs a landscape that workers can rebuild (a built-in or expression landscape)');
    if (control.pool && control.workers !== undefined) throw invalid(where, 'workers', control.workers, 'give either pool or workers, not both');
    const ownedPool = control.pool ? undefined : await Pool.create(control.workers === undefined ? {} : { workers: control.workers });
    const pool = control.pool ?? (ownedPool as Pool);
    try {
      const members = await pool.membersForRun();
      const ranges = splitRanges(spec.n, members.length);
      const shared = spec.x0.length === spec.d;
      const ids = await Promise.all(ranges.map((r, i) => (members[i] as Member).call('openRange', {
        recipe, temperature: spec.temperature, dt: spec.dt, seed: spec.seed, offset: spec.offset + r.start, n: r.count,
        x0: shared ? spec.x0 : spec.x0.slice(r.start * spec.d, (r.start + r.count) * spec.d),
        ...(target ? { target } : {}),
      })));
      return new OpenRun(members.slice(0, ranges.length), ids, ranges, ownedPool);
    } catch (e) {
      await ownedPool?.dispose();
      throw e;
    }
  }

  /** Calls `method(id, ...args)` on every member in parallel; results in range order. */
  each<T>(f: (m: Member, id: number) => Promise<T>): Promise<T[]> {
    return Promise.all(this.members.map((m, i) => f(m, this.ids[i] as number)));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.members.map((m, i) => (m.alive ? m.call('close', this.ids[i] as number) : undefined)));
    await this.ownedPool?.dispose();
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
  const { signal, onProgress } = options;
  signal?.throwIfAborted?.();
  const run = await OpenRun.open(where, options, spec);
  try {
    const round = stepsPerCall(Math.max(...run.ranges.map((r) => r.count)) * spec.d);
    let done = 0;
    while (done < steps) {
      const frameEnd = Math.min(steps, done + every);
      while (done < frameEnd) {
        if (signal?.aborted) throw abortError(signal);
        const k = Math.min(round, frameEnd - done);
        await run.each((m, id) => m.call('advance', id, k));
        done += k;
        onProgress?.({ stepsDone: done, stepsTotal: steps, trajectoriesDone: done === steps ? spec.n : 0 });
      }
      if (signal?.aborted) throw abortError(signal);
      const frame: Frame = { step: done, time: done * spec.dt, nTrajectories: spec.n };
      if (observe === 'positions') {
        frame.positions = concat(await run.each((m, id) => m.call('positions', id)));
      } else {
        const { mean, variance } = mergeMoments(await run.each((m, id) => m.call('moments', id)), spec.d);
        frame.mean = mean;
        frame.variance = variance;
      }
      yield frame;
    }
  } finally {
    await run.close();
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
  const { maxSteps, normal, offset } = resolvePassage(where, options, spec.d);
  const { signal, onProgress } = options;
  signal?.throwIfAborted?.();
  const run = await OpenRun.open(where, options, spec, { normal, offset });
  try {
    const round = stepsPerCall(Math.max(...run.ranges.map((r) => r.count)) * spec.d);
    let done = 0;
    let hitSteps = concat(await run.each((m, id) => m.call('hitSteps', id)));
    while (done < maxSteps) {
      if (signal?.aborted) throw abortError(signal);
      const k = Math.min(round, maxSteps - done);
      await run.each((m, id) => m.call('advance', id, k));
      done += k;
      hitSteps = concat(await run.each((m, id) => m.call('hitSteps', id)));
      const arrived = hitSteps.reduce((a, s) => a + (s >= 0 ? 1 : 0), 0);
      onProgress?.({ stepsDone: done, stepsTotal: maxSteps, trajectoriesDone: arrived });
      if (arrived === spec.n) break;
    }
    return summarizePassage(hitSteps, spec.dt, maxSteps, concat(await run.each((m, id) => m.call('positions', id))));
  } finally {
    await run.close();
  }
}
