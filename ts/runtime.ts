/**
 * The process-wide sgdyn instance: `init()` loads and instantiates the WASM module once
 * (idempotent); everything else asks `core()` for it.
 */
import { Core, SgdynError, compileModule, type WasmSource } from '../bindings/index.js';

let current: Core | undefined;
let pending: Promise<Core> | undefined;

/**
 * Loads sgdyn's WASM core. Idempotent: later calls return the same instance (their source
 * is ignored). `source` may be a path or URL, bytes, a `Response`, or a compiled
 * `WebAssembly.Module`; without it the entry point's default is used (Node: the
 * `sgdyn.wasm` beside the bundle; browsers: fetched from beside the bundle; `sgdyn/inline`:
 * embedded).
 */
export async function init(source?: WasmSource): Promise<void> {
  if (current) return;
  pending ??= compileModule(source).then((m) => Core.instantiate(m));
  try {
    current = await pending;
  } catch (e) {
    pending = undefined; // a failed load may be retried with another source
    throw e;
  }
}

/** The loaded core; throws `NOT_INITIALIZED` before `await init()`. */
export function core(): Core {
  if (!current) throw new SgdynError('NOT_INITIALIZED', 'sgdyn is not initialised: call `await init()` first');
  return current;
}

/**
 * Facts about the loaded module, for leak checks and diagnostics; `callbacks` counts the
 * registered `landscapes.fromFunction` callback sets (each lives as long as its landscape
 * and the ensembles built on it).
 */
export function runtimeInfo(): { memoryBytes: number; liveObjects: number; callbacks: number; module: WebAssembly.Module } {
  const c = core();
  return { memoryBytes: c.memoryBytes(), liveObjects: c.liveObjects(), callbacks: c.callbacks.registered(), module: c.module };
}
