/**
 * A pool member: either the calling thread (`LocalMember`, used for `workers: 1`) or a
 * worker (`WorkerMember`). Both run the same `WorkerApi` code; a worker's death rejects its
 * pending and future calls with `WORKER_FAILED`.
 */
import * as Comlink from 'comlink';
import { SgdynError } from '../../bindings/index.js';
import { makeWorkerApi, type WorkerApi } from './workerApi.js';
import { unwrap, type Outcome } from './tasks.js';

/** A started worker, whatever the platform. */
export interface WorkerHandle {
  endpoint: Comlink.Endpoint;
  /** Calls `listener` once if the worker dies (error or exit). */
  onDeath(listener: (why: string) => void): void;
  terminate(): Promise<void> | void;
}

/** Starts one pool worker (registered by the entry point, which knows where worker.js is). */
export type WorkerFactory = () => Promise<WorkerHandle>;

let workerFactory: WorkerFactory | undefined;
let liveWorkers = 0;

/** Pool workers started and not yet terminated or dead, in this thread (leak checks). */
export function liveWorkerCount(): number {
  return liveWorkers;
}

export function setWorkerFactory(f: WorkerFactory): void {
  workerFactory = f;
}

type Method = Exclude<keyof WorkerApi, 'init'>;
type Result<M extends Method> = ReturnType<WorkerApi[M]> extends Outcome<infer T> ? T : never;

export interface Member {
  /** Calls `method` on the member; rejects with the member's `SgdynError`. */
  call<M extends Method>(method: M, ...args: Parameters<WorkerApi[M]>): Promise<Result<M>>;
  /** Frees the member's WASM objects and, for a worker, terminates it. */
  dispose(): Promise<void>;
  readonly alive: boolean;
}

/** Runs on the calling thread with the same code a worker runs. */
export class LocalMember implements Member {
  private readonly api = makeWorkerApi();
  readonly alive = true;

  async call<M extends Method>(method: M, ...args: Parameters<WorkerApi[M]>): Promise<Result<M>> {
    const f = this.api[method] as (...a: unknown[]) => Outcome<Result<M>>;
    return unwrap(f(...args));
  }

  async dispose(): Promise<void> {
    this.api.closeAll();
  }
}

export class WorkerMember implements Member {
  private readonly remote: Comlink.Remote<WorkerApi>;
  private death: string | undefined;
  private readonly died: Promise<never>;

  private constructor(private readonly handle: WorkerHandle) {
    this.remote = Comlink.wrap<WorkerApi>(handle.endpoint);
    liveWorkers++;
    this.died = new Promise<never>((_, reject) => {
      handle.onDeath((why) => {
        if (this.death === undefined) liveWorkers--;
        this.death = why;
        reject(new SgdynError('WORKER_FAILED', `a pool worker died (${why}); the run was abandoned, the pool replaces the worker for the next run`));
      });
    });
    this.died.catch(() => {}); // observed through call()
  }

  static async start(module: WebAssembly.Module): Promise<WorkerMember> {
    if (!workerFactory) throw new SgdynError('WORKER_FAILED', 'this entry point cannot start workers; use workers: 1');
    const member = new WorkerMember(await workerFactory());
    try {
      unwrap(await Promise.race([member.remote.init(module), member.died]));
    } catch (e) {
      await member.dispose();
      throw e;
    }
    return member;
  }

  get alive(): boolean {
    return this.death === undefined;
  }

  async call<M extends Method>(method: M, ...args: Parameters<WorkerApi[M]>): Promise<Result<M>> {
    if (this.death !== undefined) return this.died;
    const f = this.remote[method] as unknown as (...a: unknown[]) => Promise<Outcome<Result<M>>>;
    return unwrap(await Promise.race([f(...args), this.died]));
  }

  async dispose(): Promise<void> {
    try {
      this.remote[Comlink.releaseProxy]();
    } finally {
      if (this.death === undefined) {
        liveWorkers--;
        this.death = 'terminated';
      }
      await this.handle.terminate();
    }
  }
}
