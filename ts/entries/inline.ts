/** `sgdyn/inline`: the module's bytes are embedded in this bundle (no separate file to serve). */
import { useModuleWorkers } from './browserWorkers.js';
import { setDefaultModuleLoader } from '../../bindings/index.js';
// Resolved by @rollup/plugin-wasm (targetEnv 'auto-inline'): a function that instantiates the embedded bytes.
import instantiateEmbedded from '../../build/sgdyn.wasm';

setDefaultModuleLoader(async () => {
  const result = (await instantiateEmbedded({})) as WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance;
  if ('module' in result) return result.module;
  throw new Error('the embedded module did not expose its WebAssembly.Module');
});

useModuleWorkers(new URL('./worker.js', import.meta.url));

export * from '../index.js';
