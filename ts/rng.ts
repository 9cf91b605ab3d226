/**
 * Direct access to sgdyn's random streams (the ones the kernels use): stream `i` of a
 * seed is xoshiro256++ seeded through SplitMix64 from `(seed, i)`; normals by ziggurat.
 */
import { core } from './runtime.js';
import { integer, invalid, positive, seed as seedOf } from './validate.js';
import { rngFillStable } from '../bindings/noise.js';

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
  /**
   * Standard symmetric α-stable variates, `E e^{iuS} = e^{−|u|^α}` (α ∈ (0, 2]; Cauchy at α = 1,
   * N(0, 2) at α = 2), by Chambers–Mallows–Stuck (1976): `V ~ U(−π/2, π/2)`, `W ~ Exp(1)`,
   * `S = sin(αV)/cos(V)^{1/α} · (cos((1−α)V)/W)^{(1−α)/α}`. Two uniforms per variate — the
   * draws `'alpha-stable'` noise uses.
   */
  stable(r: StreamRequest & { alpha: number }): Float64Array {
    const [s, i, n] = request('rng.stable', r);
    const alpha = positive('rng.stable', 'alpha', r.alpha);
    if (alpha > 2) throw invalid('rng.stable', 'alpha', alpha, 'the stability index must be in (0, 2]');
    return rngFillStable(core(), s, i, alpha, n, 'rng.stable');
  },
};
