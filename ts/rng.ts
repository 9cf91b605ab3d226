/**
 * Direct access to sgdyn's random streams (the ones the kernels use): stream `i` of a
 * seed is xoshiro256++ seeded through SplitMix64 from `(seed, i)`; normals by ziggurat.
 */
import { core } from './runtime.js';
import { integer, seed as seedOf } from './validate.js';

/** Options naming one stream and a count. */
export interface StreamRequest {
  seed: number | bigint;
  /** Stream index (= global trajectory index); default 0. */
  stream?: number;
  count: number;
}

function request(where: string, r: StreamRequest): [bigint, number, number] {
  return [seedOf(where, r.seed), integer(where, 'stream', r.stream ?? 0, 0), integer(where, 'count', r.count, 0)];
}

export const rng = {
  /** The raw 64-bit outputs of a stream. */
  bits(r: StreamRequest): BigUint64Array {
    const [s, i, n] = request('rng.bits', r);
    const out = core().rngFill(s, i, 'bits', n);
    return new BigUint64Array(out.buffer, out.byteOffset, out.length);
  },
  /** Uniforms on [0, 1): `(bits >> 11) · 2⁻⁵³`. */
  uniforms(r: StreamRequest): Float64Array {
    const [s, i, n] = request('rng.uniforms', r);
    return core().rngFill(s, i, 'uniform', n);
  },
  /** Standard normals (256-layer ziggurat, Marsaglia & Tsang 2000). */
  normals(r: StreamRequest): Float64Array {
    const [s, i, n] = request('rng.normals', r);
    return core().rngFill(s, i, 'normal', n);
  },
};
