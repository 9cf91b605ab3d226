/**
 * Raw calls of the noise-related exports (crate/src/abi/mod.rs, crate/src/abi/expr.rs): the
 * interpretation of an ensemble's noise, symmetric α-stable draws from a stream, and general
 * SDEs from expressions. No user-level validation here (ts/ does it; the crate re-checks).
 */
import { seedHalves, type Core } from './core.js';
import { requireExports } from './exports.js';

/** The exports used here (status 0 = ok). */
export interface NoiseExports {
  sgd_ensemble_set_interpretation(handle: number, kind: number): number;
  sgd_rng_fill_stable(seedLo: number, seedHi: number, stream: number, alpha: number, n: number, out: number): number;
  sgd_sde_expression(
    sources: number, sourcesLen: number, lengths: number, nDrift: number, nDiffusion: number,
    vars: number, varsLen: number, names: number, namesLen: number, values: number, nParams: number,
  ): number;
}

requireExports(['sgd_ensemble_set_interpretation', 'sgd_rng_fill_stable', 'sgd_sde_expression'] satisfies ReadonlyArray<keyof NoiseExports>);

const encoder = new TextEncoder();

/** A general SDE from drift and diffusion expressions; returns its landscape handle (gradient −b). */
export function sdeExpression(
  core: Core, drift: readonly string[], diffusion: readonly string[], variables: readonly string[],
  names: readonly string[], values: ArrayLike<number>, context: string,
): number {
  const parts = [...drift, ...diffusion];
  const lengths = parts.map((p) => encoder.encode(p).length);
  let h = 0;
  core.withTexts([parts.join(''), variables.join(','), names.join(',')], (buffers) => {
      const [[ps, ls], [pv, lv], [pn, ln]] = buffers as Array<[number, number]> as [[number, number], [number, number], [number, number]];
    core.withBuffers([lengths, values], [], ([pl, pvals]) => {
      h = core.handleOrThrow(
        raw(core).sgd_sde_expression(ps, ls, pl as number, drift.length, diffusion.length, pv, lv, pn, ln, pvals as number, values.length),
        context,
      );
    });
  });
  return h;
}

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
