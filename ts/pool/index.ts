/** ts/pool/: worker pools (comlink), streamed and cancellable runs. */
export { Pool, createPool, defaultPoolSize, setCoreCount, splitRanges, type PoolOptions } from './pool.js';
export { simulateStream, simulatePooled, firstPassagePooled, type Frame, type Progress, type RunControl, type StreamOptions } from './stream.js';
export { liveWorkerCount, setWorkerFactory, type WorkerFactory, type WorkerHandle } from './executor.js';
export { MOMENT_BLOCK } from './moments.js';
