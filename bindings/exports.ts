/**
 * The typed signature of every export of `sgdyn.wasm` (crate/src/abi/mod.rs).
 * Pointers and `usize` are numbers (byte offsets into linear memory); `u32` handles come
 * back as signed i32 and must be normalised with `>>> 0`.
 */
export interface RawExports {
  memory: WebAssembly.Memory;
  sgd_abi_version(): number;
  sgd_alloc(bytes: number): number;
  sgd_free(ptr: number, bytes: number): void;
  sgd_last_error_code(): number;
  sgd_last_error_message_ptr(): number;
  sgd_last_error_message_len(): number;
  sgd_last_error_trajectory(): number;
  sgd_last_error_step(): number;
  sgd_release(handle: number): number;
  sgd_live_objects(): number;
  sgd_rng_fill(seedLo: number, seedHi: number, stream: number, kind: number, n: number, out: number): number;
  sgd_landscape_quadratic(dim: number, h: number, c: number): number;
  sgd_landscape_double_well(dim: number, barrier: number, curvature: number, tilt: number): number;
  sgd_landscape_ring(dim: number): number;
  sgd_landscape_expression(src: number, srcLen: number, vars: number, varsLen: number, paramNames: number, paramNamesLen: number, paramValues: number, nParams: number): number;
  sgd_landscape_dim(handle: number): number;
  sgd_landscape_values(handle: number, m: number, xs: number, out: number): number;
  sgd_landscape_gradients(handle: number, m: number, xs: number, out: number): number;
  sgd_landscape_hessians(handle: number, m: number, xs: number, out: number): number;
  sgd_landscape_hessian_vectors(handle: number, m: number, xs: number, vs: number, out: number): number;
  sgd_ensemble_create(
    landscape: number, n: number, offset: number, seedLo: number, seedHi: number, dt: number,
    temperature: number, temperatureLen: number, x0: number, x0Len: number,
  ): number;
  sgd_ensemble_step(handle: number, k: number): number;
  sgd_ensemble_positions(handle: number, out: number): number;
  sgd_ensemble_steps_done(handle: number): number;
  sgd_ensemble_set_target(handle: number, spec: number, specLen: number, bridge: number): number;
  sgd_ensemble_hit_components(handle: number, out: number): number;
  sgd_ensemble_hit_steps(handle: number, out: number): number;
  sgd_ensemble_block_moments(handle: number, block: number, out: number): number;
  sgd_ensemble_set_scheme(handle: number, scheme: number, friction: number): number;
  sgd_ensemble_velocities(handle: number, out: number): number;
  sgd_ensemble_mala_counts(handle: number, out: number): number;
  sgd_ensemble_set_noise(handle: number, kind: number, param: number, matrix: number, matrixLen: number): number;
  sgd_ensemble_set_refinement(handle: number, refine: number): number;
  sgd_fp1d_create(cells: number, a: number, b: number, left: number, right: number, drift: number, diffusionFaces: number, diffusionCentres: number): number;
  sgd_fp1d_density(handle: number, out: number): number;
  sgd_fp1d_set_density(handle: number, p: number, len: number): number;
  sgd_fp1d_evolve(handle: number, steps: number, dt: number, scheme: number): number;
  sgd_fp1d_time(handle: number): number;
  sgd_fp1d_stationary(handle: number, out: number): number;
  sgd_fp1d_current(handle: number, out: number): number;
  sgd_fp1d_entropy_production(handle: number, out: number): number;
  sgd_fp1d_spectrum(handle: number, k: number, out: number): number;
  sgd_fp1d_escape(handle: number, rate: number, density: number): number;
  sgd_fp1d_backward(handle: number, source: number, fixed: number, leftValue: number, rightValue: number, out: number): number;
}

/** The ABI version these bindings were written for (crate/src/abi/mod.rs `ABI_VERSION`). */
export const EXPECTED_ABI_VERSION = 1;

const REQUIRED: ReadonlyArray<keyof RawExports> = [
  'memory', 'sgd_abi_version', 'sgd_alloc', 'sgd_free', 'sgd_last_error_code',
  'sgd_last_error_message_ptr', 'sgd_last_error_message_len', 'sgd_last_error_trajectory',
  'sgd_last_error_step', 'sgd_release', 'sgd_live_objects', 'sgd_rng_fill',
  'sgd_landscape_quadratic', 'sgd_landscape_double_well', 'sgd_landscape_ring', 'sgd_landscape_dim',
  'sgd_landscape_expression',
  'sgd_landscape_values', 'sgd_landscape_gradients', 'sgd_landscape_hessians',
  'sgd_landscape_hessian_vectors', 'sgd_ensemble_create', 'sgd_ensemble_step',
  'sgd_ensemble_positions', 'sgd_ensemble_steps_done', 'sgd_ensemble_set_target', 'sgd_ensemble_hit_components',
  'sgd_ensemble_hit_steps', 'sgd_ensemble_block_moments', 'sgd_ensemble_set_scheme',
  'sgd_ensemble_velocities', 'sgd_ensemble_mala_counts', 'sgd_ensemble_set_noise',
  'sgd_ensemble_set_refinement',
  'sgd_fp1d_create', 'sgd_fp1d_density', 'sgd_fp1d_set_density', 'sgd_fp1d_evolve', 'sgd_fp1d_time',
  'sgd_fp1d_stationary', 'sgd_fp1d_current', 'sgd_fp1d_entropy_production', 'sgd_fp1d_spectrum',
  'sgd_fp1d_escape', 'sgd_fp1d_backward',
];

const areaExports: string[] = [];

/**
 * Called at module load by each area's bindings file (bindings/<area>.ts) with the names of
 * the exports it uses, so a stale or foreign module is refused at `init()` (`ABI_MISMATCH`).
 */
export function requireExports(names: readonly string[]): void {
  areaExports.push(...names);
}

/** Names of required exports missing from `exports` (empty when the module is complete). */
export function missingExports(exports: WebAssembly.Exports): string[] {
  return [...REQUIRED, ...areaExports].filter((name) => !(name in exports));
}
