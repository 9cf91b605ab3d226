/**
 * JS functions called from WASM: the landscape callbacks of `landscapes.fromFunction`
 * (crate/src/landscape/js.rs). One `CallbackHost` per instantiated module supplies the
 * imports `env.sgd_js_landscape_eval` / `env.sgd_js_landscape_release`, keeps the callbacks
 * in a table keyed by the id the crate stores, and enforces the two rules of a callback:
 *
 * - **No re-entry.** While a callback runs, the engine is in the middle of a call (the handle
 *   table is borrowed, a kernel holds pointers into linear memory). `guard()` wraps every
 *   export so that calling sgdyn from inside a callback throws `REENTRANT_CALL` instead of
 *   corrupting state or trapping; since no export runs, memory cannot grow during a callback
 *   either, so the views it receives stay valid for the whole call.
 * - **Exceptions never cross into WASM.** Whatever a callback throws is caught here and kept;
 *   the import returns status 1, the crate stops the computation (NaN outputs, a
 *   `CALLBACK_FAILED` status), and `Core` rethrows it as the `cause` of an `SgdynError`.
 */
import { SgdynError } from './errors.js';

/**
 * A batched landscape callback: reads `n` points from `positions` (row-major n × d) and
 * writes `n` values, `n × d` gradients or `n × d × d` Hessians into `out` (which arrives
 * filled with NaN, so an entry left unwritten shows up as divergence, never as a stale
 * number). Both arrays are views over WASM memory, valid only during the call (copy what
 * you want to keep) and `positions` must not be written. It must be synchronous.
 */
export type LandscapeCallback = (positions: Float64Array, out: Float64Array, n: number) => void;

/** The callbacks of one `fromFunction` landscape. */
export interface LandscapeCallbacks {
  name: string;
  value?: LandscapeCallback | undefined;
  gradient: LandscapeCallback;
  hessian?: LandscapeCallback | undefined;
}

/** Callback kinds by the crate's `what` code (crate/src/landscape/js.rs `Kind`). */
const KINDS = ['value', 'gradient', 'hessian'] as const;

/** What a failing callback threw, with the landscape it belongs to. */
export interface CallbackFailure {
  landscape: string;
  error: unknown;
}

export class CallbackHost {
  private readonly table = new Map<number, LandscapeCallbacks>();
  private nextId = 1;
  private memory: WebAssembly.Memory | undefined;
  /** Name of the landscape whose callback is running, if one is. */
  private active: string | undefined;
  private pending: CallbackFailure | undefined;

  /** The import object for `WebAssembly.instantiate`. */
  imports(): WebAssembly.Imports {
    return {
      env: {
        sgd_js_landscape_eval: (id: number, what: number, xs: number, out: number, n: number, d: number): number =>
          this.evaluate(id >>> 0, what, xs >>> 0, out >>> 0, n >>> 0, d >>> 0),
        sgd_js_landscape_release: (id: number): void => {
          this.table.delete(id >>> 0);
        },
      },
    };
  }

  /** Called once the instance exists: the callbacks' views are made over this memory. */
  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
  }

  /** Registers callbacks and returns their id; the crate's `JsLandscape` releases it when dropped. */
  register(callbacks: LandscapeCallbacks): number {
    while (this.table.has(this.nextId)) this.nextId = (this.nextId % 0xffffffff) + 1;
    const id = this.nextId;
    this.nextId = (this.nextId % 0xffffffff) + 1;
    this.table.set(id, callbacks);
    return id;
  }

  /** Number of registered callback sets (for leak checks). */
  registered(): number {
    return this.table.size;
  }

  /** The failure behind the last `CALLBACK_FAILED` status, cleared. */
  takeFailure(): CallbackFailure | undefined {
    const f = this.pending;
    this.pending = undefined;
    return f;
  }

  /** `exports` with every function wrapped to throw `REENTRANT_CALL` while a callback runs. */
  guard<T extends object>(exports: T): T {
    const guarded: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== 'function') {
        guarded[name] = value;
        continue;
      }
      const f = value as (...args: unknown[]) => unknown;
      guarded[name] = (...args: unknown[]): unknown => {
        if (this.active !== undefined) throw this.reentrant(this.active);
        return f(...args);
      };
    }
    return guarded as T;
  }

  private reentrant(landscape: string): SgdynError {
    return new SgdynError('REENTRANT_CALL',
      `sgdyn was called from inside a callback of landscape '${landscape}' (landscapes.fromFunction): ` +
      'a callback must not call sgdyn (the engine is in the middle of a step); compute with plain JS and write into `out`');
  }

  private evaluate(id: number, what: number, xs: number, out: number, n: number, d: number): number {
    const entry = this.table.get(id);
    const kind = KINDS[what];
    if (!entry || !kind || !this.memory) {
      this.pending = { landscape: `#${id}`, error: new SgdynError('INVALID_HANDLE', `landscape callback #${id} (${what}) is not registered with this module instance`) };
      return 1;
    }
    const f = entry[kind];
    if (!f) {
      this.pending = {
        landscape: entry.name,
        error: new SgdynError('INVALID_ARGUMENT', `landscape '${entry.name}' (landscapes.fromFunction) has no \`${kind}\` callback: ` +
          (kind === 'value'
            ? 'pass `value` to use it with landscape.values, level-set targets, MALA, SGD noise or the escape tools'
            : 'pass `hessian` to use landscape.hessians / hessianVectors and the tools built on them')),
      };
      return 1;
    }
    const per = kind === 'value' ? 1 : kind === 'gradient' ? d : d * d;
    const buffer = this.memory.buffer;
    const positions = new Float64Array(buffer, xs, n * d);
    const output = new Float64Array(buffer, out, n * per).fill(NaN);
    this.active = entry.name;
    try {
      const result: unknown = f(positions, output, n);
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        this.pending = {
          landscape: entry.name,
          error: new SgdynError('INVALID_ARGUMENT', `landscape '${entry.name}': the \`${kind}\` callback returned a Promise: ` +
            'callbacks must be synchronous and write their results into `out` before returning'),
        };
        return 1;
      }
      return 0;
    } catch (error) {
      this.pending = { landscape: entry.name, error };
      return 1;
    } finally {
      this.active = undefined;
    }
  }
}
