/**
 * Bindings of the built-in landscape constructors of crate/src/abi/landscapes.rs
 * (Müller–Brown, Rosenbrock, multi-well, Gaussian mixture, thesis model) and of the
 * JS-callback landscape (`landscapeFromFunction`). Each function
 * copies its arrays into WASM buffers (freed on return, also on error) and returns the
 * new landscape's handle; failures throw the module's error as an `SgdynError`.
 * No user-level validation here: that is `ts/landscape.ts`'s job (the crate re-checks).
 */
import type { Core } from './core.js';
import type { LandscapeCallbacks } from './callbacks.js';
import { requireExports } from './exports.js';

/** The exports of crate/src/abi/landscapes.rs. */
export interface LandscapeExports {
  sgd_landscape_muller_brown(scale: number): number;
  sgd_landscape_rosenbrock(dim: number, a: number, b: number): number;
  sgd_landscape_multi_well(
    dim: number, minima: number, minimaLen: number, depths: number, depthsLen: number,
    curvatures: number, curvaturesLen: number,
  ): number;
  sgd_landscape_gaussian_mixture(
    dim: number, means: number, meansLen: number, widths: number, widthsLen: number,
    weights: number, weightsLen: number, confinement: number,
  ): number;
  sgd_landscape_thesis_model(xs: number, xsLen: number, ys: number, ysLen: number, normalisation: number): number;
  sgd_landscape_js(id: number, dim: number, hasValue: number): number;
}

requireExports([
  'sgd_landscape_muller_brown', 'sgd_landscape_rosenbrock', 'sgd_landscape_multi_well',
  'sgd_landscape_gaussian_mixture', 'sgd_landscape_thesis_model', 'sgd_landscape_js',
] satisfies ReadonlyArray<keyof LandscapeExports>);

/** ABI codes of the loss normalisations (crate/src/sgd/loss.rs). */
export const NORMALISATION_CODES = { 'half-mean': 0, mean: 1, sum: 2 } as const;

const raw = (core: Core) => core.exportsAs<LandscapeExports>();

export function landscapeMullerBrown(core: Core, scale: number, context: string): number {
  return core.handleOrThrow(raw(core).sgd_landscape_muller_brown(scale), context);
}

export function landscapeRosenbrock(core: Core, dim: number, a: number, b: number, context: string): number {
  return core.handleOrThrow(raw(core).sgd_landscape_rosenbrock(dim, a, b), context);
}

export function landscapeMultiWell(
  core: Core, dim: number, minima: ArrayLike<number>, depths: ArrayLike<number>, curvatures: ArrayLike<number>,
  context: string,
): number {
  let h = 0;
  core.withBuffers([minima, depths, curvatures], [], ([pm, pd, pc]) => {
    h = core.handleOrThrow(
      raw(core).sgd_landscape_multi_well(dim, pm as number, minima.length, pd as number, depths.length, pc as number, curvatures.length),
      context,
    );
  });
  return h;
}

export function landscapeGaussianMixture(
  core: Core, dim: number, means: ArrayLike<number>, widths: ArrayLike<number>, weights: ArrayLike<number>,
  confinement: number, context: string,
): number {
  let h = 0;
  core.withBuffers([means, widths, weights], [], ([pm, ps, pw]) => {
    h = core.handleOrThrow(
      raw(core).sgd_landscape_gaussian_mixture(dim, pm as number, means.length, ps as number, widths.length, pw as number, weights.length, confinement),
      context,
    );
  });
  return h;
}

export function landscapeThesisModel(
  core: Core, xs: ArrayLike<number>, ys: ArrayLike<number>, normalisation: keyof typeof NORMALISATION_CODES, context: string,
): number {
  let h = 0;
  core.withBuffers([xs, ys], [], ([px, py]) => {
    h = core.handleOrThrow(
      raw(core).sgd_landscape_thesis_model(px as number, xs.length, py as number, ys.length, NORMALISATION_CODES[normalisation]),
      context,
    );
  });
  return h;
}

/**
 * A landscape evaluated by JS callbacks: registers them with the core's `CallbackHost` and
 * creates the crate's `JsLandscape`, which owns the registration from then on (it is
 * released when the last WASM owner drops, also when creation is refused).
 */
export function landscapeFromFunction(core: Core, dim: number, callbacks: LandscapeCallbacks, context: string): number {
  const id = core.callbacks.register(callbacks);
  return core.handleOrThrow(raw(core).sgd_landscape_js(id, dim, callbacks.value ? 1 : 0), context);
}
