/**
 * Browser entry: the default module is `sgdyn.wasm` beside this bundle, fetched with
 * `new URL(..., import.meta.url)` and compiled while streaming (buffered fallback when
 * the server does not send `application/wasm`).
 */
import { useModuleWorkers } from './browserWorkers.js';
import { compileResponse, setDefaultModuleLoader } from '../../bindings/index.js';

setDefaultModuleLoader(() => compileResponse(fetch(new URL('./sgdyn.wasm', import.meta.url))));

useModuleWorkers(new URL('./worker.js', import.meta.url));

export * from '../index.js';
