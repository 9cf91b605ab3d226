/**
 * Raw calls of the noise-related exports of crate/src/abi/mod.rs: the interpretation of an
 * ensemble's noise and symmetric α-stable draws from a stream. No user-level validation
 * here (ts/ does it; the crate re-checks).
 */
import { seedHalves, type Core } from './core.js';
import { requireExports } from './exports.js';

/** The exports used here (status 0 = ok). */
export interface NoiseExports {
  sgd_ensemble_set_interpretation(handle: number, kind: number): number;
  sgd_rng_fill_stable(seedLo: number, seedHi: number, stream: number, alpha: number, n: number, out: number): number;
}

requireExports(['sgd_ensemble_set_interpretation', 'sgd_rng_fill_stable'] satisfies ReadonlyArray<keyof NoiseExports>);

const raw = (core: Core): NoiseExports => core.exportsAs<NoiseExports>();

/** ABI codes of the interpretations. */
const INTERPRETATION_CODES = { native: 0, ito: 1, stratonovich: 2 } as const;

export function ensembleSetInterpretation(core: Core, handle: number, interpretation: keyof typeof INTERPRETATION_CODES, context: string): void {
  core.check(raw(core).sgd_ensemble_set_interpretation(handle, INTERPRETATION_CODES[interpretation]), context);
}

/** `count` standard symmetric α-stable variates from stream `stream` of `seed`. */
export function rngFillStable(core: Core, seed: bigint, stream: number, alpha: number, count: number, context: string): Float64Array {
  const [lo, hi] = seedHalves(seed);
  const [out] = core.withBuffers([], [count], ([o]) =>
    core.check(raw(core).sgd_rng_fill_stable(lo, hi, stream, alpha, count, o as number), context),
  );
  return out as Float64Array;
}
