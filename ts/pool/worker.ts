/**
 * The pool worker script (built to dist/worker.js): Node `worker_threads` or a browser
 * module Worker. It receives the compiled `WebAssembly.Module` from the pool, instantiates
 * its own copy, and serves `WorkerApi` over comlink.
 */
import * as Comlink from 'comlink';
import { makeWorkerApi } from './workerApi.js';

const api = makeWorkerApi();
if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') {
  const { parentPort } = await import('node:worker_threads');
  const { default: nodeEndpoint } = await import('comlink/dist/esm/node-adapter.mjs');
  if (!parentPort) throw new Error('sgdyn worker: not started as a worker thread');
  Comlink.expose(api, nodeEndpoint(parentPort));
} else {
  Comlink.expose(api);
}
