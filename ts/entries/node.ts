/** Node entry: the default module is `sgdyn.wasm` beside this bundle, read with `fs`. */
import { setDefaultModuleLoader } from '../../bindings/index.js';

setDefaultModuleLoader(async () => {
  const { readFile } = await import('node:fs/promises');
  return WebAssembly.compile(await readFile(new URL('./sgdyn.wasm', import.meta.url)));
});

export * from '../index.js';
