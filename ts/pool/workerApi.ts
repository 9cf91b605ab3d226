/** What a pool worker exposes over comlink: the `TaskRunner` methods, wrapped in `Outcome`s. */
import * as Comlink from 'comlink';
import { init } from '../runtime.js';
import { TaskRunner, capture, type Outcome, type RangeSpec, type SgdRangeSpec } from './tasks.js';

export function makeWorkerApi() {
  const runner = new TaskRunner();
  return {
    async init(module: WebAssembly.Module): Promise<Outcome<void>> {
      try {
        await init(module);
        return { ok: true, value: undefined };
      } catch (e) {
        return capture(() => { throw e; });
      }
    },
    openRange: (spec: RangeSpec) => capture(() => runner.openRange(spec)),
    advance: (id: number, k: number, chunkSteps?: number) => capture(() => runner.advance(id, k, chunkSteps)),
    positions: (id: number) => transferred(capture(() => runner.positions(id))),
    moments: (id: number) => transferred(capture(() => runner.moments(id))),
    hitSteps: (id: number) => transferred(capture(() => runner.hitSteps(id))),
    hitComponents: (id: number) => transferred(capture(() => runner.hitComponents(id))),
    openSgd: (spec: SgdRangeSpec) => capture(() => runner.openSgd(spec)),
    advanceSgd: (id: number, k: number, every: number) => transferred(capture(() => runner.advanceSgd(id, k, every))),
    sgdState: (id: number, which: 0 | 1) => transferred(capture(() => runner.sgdState(id, which))),
    close: (id: number) => capture(() => runner.close(id)),
    closeAll: () => capture(() => runner.closeAll()),
    stats: () => capture(() => runner.stats()),
  };
}

/** Marks an array result for transfer (not cloning) when it crosses a worker boundary. */
function transferred(o: Outcome<Float64Array>): Outcome<Float64Array> {
  return o.ok ? Comlink.transfer(o, [o.value.buffer]) : o;
}

export type WorkerApi = ReturnType<typeof makeWorkerApi>;
