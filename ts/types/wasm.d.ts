/** `import f from './x.wasm'` under @rollup/plugin-wasm: instantiates the embedded module. */
declare module '*.wasm' {
  const instantiate: (imports?: WebAssembly.Imports) => Promise<WebAssembly.WebAssemblyInstantiatedSource>;
  export default instantiate;
}

/** comlink's Node adapter (worker_threads MessagePort/Worker → comlink Endpoint). */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  export default function nodeEndpoint(nep: unknown): Endpoint;
}
