/** `sgdyn/inline`: the module's bytes are embedded in this bundle (no separate file to serve). */
import { useModuleWorkers } from './browserWorkers.js';
import { setDefaultModuleLoader } from '../../bindings/index.js';
// Resolved by @rollup/plugin-wasm (targetEnv 'auto-inline'): called without imports, a function
// that only compiles the embedded bytes; `Core.instantiate` then supplies the module's imports
// (the JS-callback landscape functions), as for every other source.
import compileEmbedded from '../../build/sgdyn.wasm';

setDefaultModuleLoader(async () => {
  const result: unknown = await compileEmbedded();
  if (result instanceof WebAssembly.Module) return result;
  throw new Error('the embedded bytes did not compile to a WebAssembly.Module');
});

useModuleWorkers(new URL('./worker.js', import.meta.url));

export * from '../index.js';
