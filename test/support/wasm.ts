/** Test set-up: load the freshly built module (build/sgdyn.wasm) through the public init(). */
import { readFileSync } from 'node:fs';
import { init } from '../../ts/index.js';

export async function loadSgdyn(): Promise<void> {
  await init(readFileSync(new URL('../../build/sgdyn.wasm', import.meta.url)));
}
