/**
 * Ownership of WASM objects from JS: `Owned` holds one handle, releases it on `dispose()`
 * (or `using`), and registers a `FinalizationRegistry` backstop for objects the user
 * forgets (a backstop only: memory is returned late and nondeterministically).
 */
import { SgdynError } from '../bindings/index.js';
import { core } from './runtime.js';
import './symbols.js';

const backstop = new FinalizationRegistry<number>((handle) => {
  try {
    core().release(handle, 'finalizer');
  } catch {
    // The module may be gone; nothing else to free.
  }
});

export abstract class Owned {
  #handle: number;
  readonly #kind: string;

  protected constructor(handle: number, kind: string) {
    this.#handle = handle;
    this.#kind = kind;
    backstop.register(this, handle, this);
  }

  /** The live handle; throws `DISPOSED` after `dispose()`. */
  protected handle(method: string): number {
    if (this.#handle === 0) {
      throw new SgdynError('DISPOSED', `${this.#kind}.${method}: this ${this.#kind} was disposed; create a new one`);
    }
    return this.#handle;
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return this.#handle === 0;
  }

  /** Frees the WASM memory behind this object. Idempotent. */
  dispose(): void {
    if (this.#handle === 0) return;
    const h = this.#handle;
    this.#handle = 0;
    backstop.unregister(this);
    core().release(h, `${this.#kind}.dispose`);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
