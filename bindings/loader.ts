/**
 * Loading `sgdyn.wasm`: from bytes, a precompiled `WebAssembly.Module`, a URL or path,
 * or (when no source is given) the default source registered by the entry point
 * (Node: `fs`; browsers: `fetch` + `instantiateStreaming`; inline: embedded bytes).
 */
import { SgdynError } from './errors.js';

/** Anything `init()` can load the module from. */
export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | ArrayBufferView
  | URL
  | string
  | Response
  | Promise<Response>;

/** Produces the compiled module when the user gives no source. */
export type DefaultModuleLoader = () => Promise<WebAssembly.Module>;

let defaultLoader: DefaultModuleLoader | undefined;

/** Called by each entry point (node/browser/inline) to say where the module lives. */
export function setDefaultModuleLoader(loader: DefaultModuleLoader): void {
  defaultLoader = loader;
}

function isResponse(x: unknown): x is Response {
  return typeof Response !== 'undefined' && x instanceof Response;
}

/** Compiles a `Response`, streaming when the server sends `application/wasm`. */
export async function compileResponse(response: Response | Promise<Response>): Promise<WebAssembly.Module> {
  const r = await response;
  if (!r.ok) throw new SgdynError('LOAD_FAILED', `fetching sgdyn.wasm failed: HTTP ${r.status} ${r.statusText} (${r.url})`);
  if (typeof WebAssembly.compileStreaming === 'function' && r.headers.get('Content-Type') === 'application/wasm') {
    try {
      return await WebAssembly.compileStreaming(r.clone());
    } catch {
      // Fall through to the buffered path (e.g. a proxy altered the body framing).
    }
  }
  return WebAssembly.compile(await r.arrayBuffer());
}

/** Resolves any `WasmSource` (or the registered default) to a compiled module. */
export async function compileModule(source?: WasmSource): Promise<WebAssembly.Module> {
  try {
    if (source === undefined) {
      if (!defaultLoader) {
        throw new SgdynError('LOAD_FAILED', 'init(): no wasm source given and this entry point has no default; pass bytes, a URL or a WebAssembly.Module');
      }
      return await defaultLoader();
    }
    if (source instanceof WebAssembly.Module) return source;
    if (source instanceof ArrayBuffer) return await WebAssembly.compile(source);
    if (ArrayBuffer.isView(source)) {
      const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
      return await WebAssembly.compile(bytes.slice());
    }
    if (isResponse(source) || source instanceof Promise) return await compileResponse(source);
    if (typeof source === 'string' && isNode() && !/^(https?|data|blob):/i.test(source)) return await compileFile(source);
    const url = source instanceof URL ? source : new URL(source, globalThis.location?.href);
    if (url.protocol === 'file:') return await compileFile(url);
    return await compileResponse(fetch(url));
  } catch (e) {
    if (e instanceof SgdynError) throw e;
    throw new SgdynError('LOAD_FAILED', `loading sgdyn.wasm failed: ${(e as Error).message}`);
  }
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

async function compileFile(path: string | URL): Promise<WebAssembly.Module> {
  const fs = await import(/* @vite-ignore */ 'node:fs/promises');
  return WebAssembly.compile(await fs.readFile(path));
}
