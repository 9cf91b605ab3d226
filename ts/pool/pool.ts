/**
 * A pool of sgdyn runtimes: the `WebAssembly.Module` is compiled once and posted to N
 * workers, each with its own instance. A run splits its trajectories into contiguous,
 * block-aligned index ranges, one per member; since a trajectory's randomness depends only
 * on (seed, global index), results are bit-identical for any pool size (tested).
 */
import { SgdynError } from '../../bindings/index.js';
import '../symbols.js';
import { core } from '../runtime.js';
import { integer } from '../validate.js';
import { LocalMember, WorkerMember, type Member } from './executor.js';
import { MOMENT_BLOCK } from './moments.js';

let coreCount: number | undefined;

/** Called by the Node entry with `os.availableParallelism()` (browsers report `navigator.hardwareConcurrency`). */
export function setCoreCount(cores: number): void {
  coreCount = cores;
}

/** `min(4, max(1, cores − 1))`. */
export function defaultPoolSize(): number {
  const cores = coreCount ?? (typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 1);
  return Math.min(4, Math.max(1, cores - 1));
}

export interface PoolOptions {
  /** Number of workers; 1 runs on the calling thread (default `min(4, max(1, cores − 1))`). */
  workers?: number;
}

export class Pool {
  readonly size: number;
  private members: Member[];
  private disposed = false;

  private constructor(size: number, members: Member[]) {
    this.size = size;
    this.members = members;
  }

  /** Starts the workers (after `await init()`). */
  static async create(options: PoolOptions = {}): Promise<Pool> {
    const size = integer('createPool', 'workers', options.workers ?? defaultPoolSize(), 1);
    if (size === 1) return new Pool(1, [new LocalMember()]);
    const module = core().module;
    const members = await Promise.all(Array.from({ length: size }, () => WorkerMember.start(module)));
    return new Pool(size, members);
  }

  /** @internal the members for a run, replacing any that died since the last one. */
  async membersForRun(): Promise<Member[]> {
    if (this.disposed) throw new SgdynError('DISPOSED', 'pool: this pool was disposed; create a new one');
    if (this.size > 1) {
      this.members = await Promise.all(this.members.map((m) => (m.alive ? m : WorkerMember.start(core().module))));
    }
    return this.members;
  }

  /** Memory and object counts of every member (for leak checks). */
  async stats(): Promise<Array<{ memoryBytes: number; liveObjects: number; openRanges: number }>> {
    const members = await this.membersForRun();
    return Promise.all(members.map((m) => m.call('stats')));
  }

  /** Terminates the workers and frees their memory. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled(this.members.map((m) => m.dispose()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/** Starts a pool of `workers` members; dispose it when done. */
export function createPool(options: PoolOptions = {}): Promise<Pool> {
  return Pool.create(options);
}

/**
 * Splits `n` trajectories into at most `parts` contiguous ranges whose boundaries are
 * multiples of `MOMENT_BLOCK` (so block reductions never straddle two members).
 */
export function splitRanges(n: number, parts: number): Array<{ start: number; count: number }> {
  const blocks = Math.ceil(n / MOMENT_BLOCK);
  const perPart = Math.ceil(blocks / parts) * MOMENT_BLOCK;
  const ranges: Array<{ start: number; count: number }> = [];
  for (let start = 0; start < n; start += perPart) ranges.push({ start, count: Math.min(perPart, n - start) });
  return ranges;
}
