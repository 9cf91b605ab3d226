/** `import f from './x.wasm'` under @rollup/plugin-wasm: the embedded module's loader. */
declare module '*.wasm' {
  /** With imports: instantiates the embedded bytes; without: only compiles them (a `WebAssembly.Module`). */
  const load: (imports?: WebAssembly.Imports) => Promise<WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Module>;
  export default load;
}

/** comlink's Node adapter (worker_threads MessagePort/Worker → comlink Endpoint). */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  export default function nodeEndpoint(nep: unknown): Endpoint;
}
