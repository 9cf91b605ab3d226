/**
 * SGD on a worker pool (public `sgd.runPooled`): the replicas of `sgd.run` split into one
 * contiguous range per pool member; every member rebuilds the objective from its recipe and
 * runs `sgd.run` with `replicaOffset` = the range's first global index. A replica's stream
 * depends only on `(seed, global index)`, so parameters and frames are bit-identical to the
 * single-threaded run for any pool size (tested). `AbortSignal` and progress are checked
 * between rounds of a few ms.
 */
import { SgdynError } from '../../bindings/index.js';
import { abortError, poolFor, type RunControl } from '../pool/stream.js';
import type { Member } from '../pool/executor.js';
import { integer, invalid } from '../validate.js';
import { run, type SgdFrames, type SgdRunOptions } from './run.js';

/** Options of `sgd.runPooled`. */
export interface SgdPooledOptions extends SgdRunOptions, RunControl {
  /** Total steps. */
  steps: number;
  /** Record the observables every `every` steps (dividing `steps`; default: never). */
  every?: number;
}

/** Result of `sgd.runPooled`. */
export interface SgdPooledResult {
  /** nReplicas × p. */
  parameters: Float64Array;
  /** nReplicas × p (v, or the buffer for `momentumConvention: 'buffer'`). */
  velocities: Float64Array;
  frames: SgdFrames;
}

/**
 * The values of settled calls, or the error to report: the earliest divergence (by step, then
 * replica) when every failure is one, else the first failure in range order — the same error
 * for any pool size and timing.
 */
function firstError<T>(settled: PromiseSettledResult<T>[]): T[] {
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as SgdynError);
  if (failures.length === 0) return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  const diverged = failures.filter((e) => e instanceof SgdynError && e.code === 'DIVERGED');
  if (diverged.length < failures.length) throw failures.find((e) => !(e instanceof SgdynError && e.code === 'DIVERGED'));
  throw diverged.reduce((a, b) => ((b.step as number) < (a.step as number) || (b.step === a.step && (b.trajectory as number) < (a.trajectory as number)) ? b : a));
}

/** `sgd.run` + `advance(steps, { every })` on a pool. */
export async function runPooled(o: SgdPooledOptions): Promise<SgdPooledResult> {
  const where = 'sgd.runPooled';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object');
  const { objective, pool: _pool, workers: _workers, signal, onProgress, steps: stepsIn, every: everyIn, ...rest } = o;
  const steps = integer(where, 'steps', stepsIn, 0);
  const every = integer(where, 'every', everyIn ?? 0, 0);
  if (every > 0 && steps % every !== 0) throw invalid(where, 'every', every, `it must divide steps = ${steps}`);
  const recipe = objective?.recipe;
  if (!recipe || !recipe.factory.startsWith('sgd.')) throw invalid(where, 'objective', objective, 'it must be an Objective from sgd.* (workers rebuild it from its recipe)');
  // Validate every option here, on one replica, before any worker starts.
  const n = integer(where, 'nReplicas', o.nReplicas ?? 1, 1);
  const offset = integer(where, 'replicaOffset', o.replicaOffset ?? 0, 0);
  const p = objective.dim;
  const x0 = o.x0;
  if (!x0 || (x0.length !== p && x0.length !== n * p)) throw invalid(where, 'x0.length', x0?.length, `it must be p = ${p} (one start) or nReplicas·p = ${n * p}`);
  let columns: readonly string[];
  let cost: number;
  {
    using probe = run({ ...o, nReplicas: 1, x0: Array.from(x0).slice(0, p) });
    columns = probe.columns;
    cost = (o.sampler === 'full-batch' ? objective.examples : (o.batchSize as number)) * p;
  }
  signal?.throwIfAborted?.();
  const { pool, owned } = await poolFor(where, o);
  const members: Member[] = [];
  const ids: number[] = [];
  try {
    const all = await pool.membersForRun();
    const per = Math.ceil(n / all.length);
    const ranges: Array<{ start: number; count: number }> = [];
    for (let start = 0; start < n; start += per) ranges.push({ start, count: Math.min(per, n - start) });
    const shared = x0.length === p;
    const opened = await Promise.allSettled(ranges.map((r, i) => (all[i] as Member).call('openSgd', {
      recipe,
      options: { ...rest, nReplicas: r.count, replicaOffset: offset + r.start, x0: shared ? Float64Array.from(x0) : Float64Array.from(x0).slice(r.start * p, (r.start + r.count) * p) },
    })));
    opened.forEach((res, i) => {
      if (res.status === 'fulfilled') {
        members.push(all[i] as Member);
        ids.push(res.value);
      }
    });
    const failed = opened.find((res): res is PromiseRejectedResult => res.status === 'rejected');
    if (failed) throw failed.reason;

    const cols = columns.length;
    const frames = every > 0 ? steps / every : 0;
    const data = new Float64Array(frames * n * cols);
    const unit = every > 0 ? every : 1;
    const round = Math.max(unit, Math.floor((1 << 22) / Math.max(1, per * cost) / unit) * unit);
    let done = 0, frame = 0;
    while (done < steps) {
      if (signal?.aborted) throw abortError(signal);
      const s = Math.min(round, steps - done);
      const parts = firstError(await Promise.allSettled(members.map((m, i) => m.call('advanceSgd', ids[i] as number, s, every))));
      const f = every > 0 ? s / every : 0;
      parts.forEach((part, i) => {
        const r = ranges[i] as { start: number; count: number };
        for (let j = 0; j < f; j++) data.set(part.subarray(j * r.count * cols, (j + 1) * r.count * cols), ((frame + j) * n + r.start) * cols);
      });
      frame += f;
      done += s;
      onProgress?.({ stepsDone: done, stepsTotal: steps, trajectoriesDone: done === steps ? n : 0 });
    }
    const state = async (which: 0 | 1) => {
      const parts = await Promise.all(members.map((m, i) => m.call('sgdState', ids[i] as number, which)));
      const out = new Float64Array(n * p);
      parts.forEach((part, i) => out.set(part, (ranges[i] as { start: number }).start * p));
      return out;
    };
    const stepsAt = Float64Array.from({ length: frames }, (_, j) => (j + 1) * every);
    return { parameters: await state(0), velocities: await state(1), frames: { data, frames, columns, steps: stepsAt } };
  } finally {
    await Promise.allSettled(members.map((m, i) => (m.alive ? m.call('close', ids[i] as number) : undefined)));
    if (owned) await pool.dispose();
  }
}
