/**
 * Node entry: the default module is `sgdyn.wasm` beside this bundle, read with `fs`; pool
 * workers are `worker_threads` running `worker.js` beside this bundle.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { setDefaultModuleLoader } from '../../bindings/index.js';
import { setCoreCount, setWorkerFactory } from '../pool/index.js';

setDefaultModuleLoader(async () => {
  const { readFile } = await import('node:fs/promises');
  return WebAssembly.compile(await readFile(new URL('./sgdyn.wasm', import.meta.url)));
});

setCoreCount(availableParallelism());

setWorkerFactory(async () => {
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  return {
    endpoint: nodeEndpoint(worker),
    onDeath(listener) {
      worker.once('error', (e: Error) => listener(`error: ${e.message}`));
      worker.once('exit', (code) => listener(`exited with code ${code}`));
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
});

export * from '../index.js';
