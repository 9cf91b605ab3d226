/** Pool workers in browsers: module Workers running `worker.js` beside the bundle. */
import { setWorkerFactory } from '../pool/index.js';

export function useModuleWorkers(workerUrl: URL): void {
  setWorkerFactory(async () => {
    const worker = new Worker(workerUrl, { type: 'module' });
    return {
      endpoint: worker,
      onDeath(listener) {
        worker.addEventListener('error', (e) => listener(`error: ${e.message}`), { once: true });
      },
      terminate: () => worker.terminate(),
    };
  });
}
