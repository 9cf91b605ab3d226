/**
 * Raw calls of the 2-D Fokker–Planck exports (crate/src/abi/fp2d.rs). Inputs are copied
 * into WASM buffers, outputs copied out, buffers freed (Core.withBuffers). No user-level
 * validation here: the crate checks everything (Core.check / handleOrThrow).
 */
import type { Core } from './core.js';
import { requireExports } from './exports.js';

/** The exports of crate/src/abi/fp2d.rs (pointers are byte offsets; status 0 = ok). */
export interface FokkerPlanck2DExports {
  sgd_fp2d_create(
    nx: number, ny: number, domain: number, bounds: number, driftX: number, driftY: number,
    dxxFaces: number, dxxCentres: number, dyyFaces: number, dyyCentres: number, dxyCentres: number, hasXY: number,
  ): number;
  sgd_fp2d_density(handle: number, out: number): number;
  sgd_fp2d_set_density(handle: number, p: number, len: number): number;
  sgd_fp2d_evolve(handle: number, steps: number, dt: number, scheme: number): number;
  sgd_fp2d_time(handle: number): number;
  sgd_fp2d_stationary(handle: number, tol: number, maxIter: number, out: number, info: number): number;
  sgd_fp2d_current(handle: number, jx: number, jy: number): number;
  sgd_fp2d_mfpt(handle: number, target: number, tol: number, maxIter: number, out: number, info: number): number;
  sgd_fp2d_committor(handle: number, a: number, b: number, tol: number, maxIter: number, out: number, info: number): number;
  sgd_fp2d_entropy_production(handle: number, out: number): number;
  sgd_fp2d_spectrum(handle: number, k: number, tol: number, maxIter: number, re: number, im: number, info: number): number;
  sgd_fp2d_escape(handle: number, tol: number, maxIter: number, out: number, info: number): number;
}

requireExports([
  'sgd_fp2d_create', 'sgd_fp2d_density', 'sgd_fp2d_set_density', 'sgd_fp2d_evolve', 'sgd_fp2d_time',
  'sgd_fp2d_stationary', 'sgd_fp2d_current', 'sgd_fp2d_mfpt', 'sgd_fp2d_committor', 'sgd_fp2d_entropy_production',
  'sgd_fp2d_spectrum', 'sgd_fp2d_escape',
] satisfies ReadonlyArray<keyof FokkerPlanck2DExports>);

const raw = (core: Core): FokkerPlanck2DExports => core.exportsAs<FokkerPlanck2DExports>();
const p = (ptrs: number[], i: number): number => ptrs[i] as number;

/** The diffusion matrix sampled as the crate wants it (crate/src/fp/solver2d.rs `Diffusion2D`); `xy` null when D₁₂ = 0. */
export interface FokkerPlanck2DDiffusionSamples {
  xxFaces: ArrayLike<number>; xxCentres: ArrayLike<number>;
  yyFaces: ArrayLike<number>; yyCentres: ArrayLike<number>;
  xy: ArrayLike<number> | null;
}

/** Creates a solver; `domain` = [ax, bx, ay, by], `bounds` = 4 boundary codes (x-left, x-right, y-left, y-right). */
export function fp2dCreate(
  core: Core, nx: number, ny: number, domain: ArrayLike<number>, bounds: ArrayLike<number>,
  driftX: ArrayLike<number>, driftY: ArrayLike<number>, d: FokkerPlanck2DDiffusionSamples, context: string,
): number {
  let h = 0;
  const xy = d.xy ?? [0];
  core.withBuffers([domain, bounds, driftX, driftY, d.xxFaces, d.xxCentres, d.yyFaces, d.yyCentres, xy], [], (ptrs) => {
    h = core.handleOrThrow(raw(core).sgd_fp2d_create(
      nx, ny, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2), p(ptrs, 3), p(ptrs, 4), p(ptrs, 5), p(ptrs, 6), p(ptrs, 7), p(ptrs, 8), d.xy ? 1 : 0,
    ), context);
  });
  return h;
}

/** The density (`nx·ny` values, x fastest). */
export function fp2dDensity(core: Core, handle: number, length: number, context: string): Float64Array {
  const [out] = core.withBuffers([], [length], (ptrs) => core.check(raw(core).sgd_fp2d_density(handle, p(ptrs, 0)), context));
  return out as Float64Array;
}

/** Replaces the density and resets the clock. */
export function fp2dSetDensity(core: Core, handle: number, values: ArrayLike<number>, context: string): void {
  core.withBuffers([values], [], (ptrs) => core.check(raw(core).sgd_fp2d_set_density(handle, p(ptrs, 0), values.length), context));
}

/** `steps` implicit steps of `dt` (scheme 0 backward Euler, 2 TR-BDF2). */
export function fp2dEvolve(core: Core, handle: number, steps: number, dt: number, scheme: number, context: string): void {
  core.check(raw(core).sgd_fp2d_evolve(handle, steps, dt, scheme), context);
}

/** Time since the density was last set. */
export function fp2dTime(core: Core, handle: number, context: string): number {
  const t = raw(core).sgd_fp2d_time(handle);
  if (t < 0) core.check(2, context);
  return t;
}

/** The normalised stationary density and the number of Krylov iterations. */
export function fp2dStationary(core: Core, handle: number, length: number, tol: number, maxIter: number, context: string): { density: Float64Array; iterations: number } {
  const [out, info] = core.withBuffers([], [length, 1], (ptrs) =>
    core.check(raw(core).sgd_fp2d_stationary(handle, tol, maxIter, p(ptrs, 0), p(ptrs, 1)), context),
  );
  return { density: out as Float64Array, iterations: (info as Float64Array)[0] as number };
}

/** Face currents: x-faces (`(nx+1)·ny`) and y-faces (`nx·(ny+1)`). */
export function fp2dCurrent(core: Core, handle: number, nx: number, ny: number, context: string): { x: Float64Array; y: Float64Array } {
  const [jx, jy] = core.withBuffers([], [(nx + 1) * ny, nx * (ny + 1)], (ptrs) =>
    core.check(raw(core).sgd_fp2d_current(handle, p(ptrs, 0), p(ptrs, 1)), context),
  );
  return { x: jx as Float64Array, y: jy as Float64Array };
}

/** Mean first-passage times into `target` (1 = target cell) and the number of Krylov iterations. */
export function fp2dMfpt(core: Core, handle: number, target: ArrayLike<number>, tol: number, maxIter: number, context: string): { times: Float64Array; iterations: number } {
  const [out, info] = core.withBuffers([target], [target.length, 1], (ptrs) =>
    core.check(raw(core).sgd_fp2d_mfpt(handle, p(ptrs, 0), tol, maxIter, p(ptrs, 1), p(ptrs, 2)), context),
  );
  return { times: out as Float64Array, iterations: (info as Float64Array)[0] as number };
}

/** Committor between the cell sets `a` and `b` (1 = member) and the number of Krylov iterations. */
export function fp2dCommittor(core: Core, handle: number, a: ArrayLike<number>, b: ArrayLike<number>, tol: number, maxIter: number, context: string): { values: Float64Array; iterations: number } {
  const [out, info] = core.withBuffers([a, b], [a.length, 1], (ptrs) =>
    core.check(raw(core).sgd_fp2d_committor(handle, p(ptrs, 0), p(ptrs, 1), tol, maxIter, p(ptrs, 2), p(ptrs, 3)), context),
  );
  return { values: out as Float64Array, iterations: (info as Float64Array)[0] as number };
}

/** Entropy production rate of the current density. */
export function fp2dEntropyProduction(core: Core, handle: number, context: string): number {
  const [out] = core.withBuffers([], [1], (ptrs) => core.check(raw(core).sgd_fp2d_entropy_production(handle, p(ptrs, 0)), context));
  return (out as Float64Array)[0] as number;
}

/** The k eigenvalues of −L nearest 0: real and imaginary parts, whether the reversible path was used, linear solves. */
export function fp2dSpectrum(core: Core, handle: number, k: number, tol: number, maxIter: number, context: string): { re: Float64Array; im: Float64Array; reversible: boolean; solves: number } {
  const [re, im, info] = core.withBuffers([], [k, k, 2], (ptrs) =>
    core.check(raw(core).sgd_fp2d_spectrum(handle, k, tol, maxIter, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context),
  );
  const i = info as Float64Array;
  return { re: re as Float64Array, im: im as Float64Array, reversible: i[0] === 1, solves: i[1] as number };
}

/** Escape rate and quasi-stationary density (`length` cells). */
export function fp2dEscape(core: Core, handle: number, length: number, tol: number, maxIter: number, context: string): { rate: number; density: Float64Array } {
  const [out, info] = core.withBuffers([], [length, 1], (ptrs) =>
    core.check(raw(core).sgd_fp2d_escape(handle, tol, maxIter, p(ptrs, 0), p(ptrs, 1)), context),
  );
  return { rate: (info as Float64Array)[0] as number, density: out as Float64Array };
}
