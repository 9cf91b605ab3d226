/** `import f from './x.wasm'` under @rollup/plugin-wasm: instantiates the embedded module. */
declare module '*.wasm' {
  const instantiate: (imports?: WebAssembly.Imports) => Promise<WebAssembly.WebAssemblyInstantiatedSource>;
  export default instantiate;
}
