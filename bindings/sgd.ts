/**
 * Raw calls of the SGD exports (crate/src/abi/sgd.rs): data objectives, samplers and SGD
 * runs. Inputs are copied into WASM buffers and outputs copied out (Core.withBuffers); no
 * user-level validation here — the crate checks everything and its messages come back as
 * `SgdynError` (Core.check / handleOrThrow).
 */
import type { Core } from './core.js';
import { requireExports } from './exports.js';

/** The exports of crate/src/abi/sgd.rs (pointers are byte offsets; status 0 = ok). */
export interface SgdExports {
  sgd_objective_create(model: number, config: number, configLen: number, loss: number, normalisation: number, l2: number, x: number, xLen: number, y: number, yLen: number): number;
  sgd_objective_per_example(handle: number, theta: number, grads: number, losses: number): number;
  sgd_objective_example_hessian(handle: number, theta: number, index: number, out: number): number;
  sgd_objective_noise_covariance(handle: number, theta: number, sigma: number, gradient: number): number;
  sgd_objective_gauss_newton(handle: number, theta: number, out: number): number;
  sgd_objective_noise_factor_apply(handle: number, theta: number, z: number, out: number): number;
  sgd_objective_batch_gradient(handle: number, theta: number, indices: number, b: number, out: number): number;
  sgd_objective_minibatch_estimate(handle: number, theta: number, sampler: number, batch: number, m: number, seedLo: number, seedHi: number, stream: number, out: number): number;
  sgd_objective_predict(handle: number, theta: number, m: number, xs: number, out: number): number;
  sgd_sampler_batches(sampler: number, n: number, batch: number, seedLo: number, seedHi: number, stream: number, batches: number, out: number): number;
  sgd_run_create(objective: number, sampler: number, batch: number, n: number, offset: number, seedLo: number, seedHi: number, x0: number, x0Len: number, optimiser: number, optimiserLen: number): number;
  sgd_run_create_quadratic(p: number, hessian: number, centre: number, sigma: number, batch: number, n: number, offset: number, seedLo: number, seedHi: number, x0: number, x0Len: number, optimiser: number, optimiserLen: number): number;
  sgd_run_set_observables(handle: number, loss: number, reference: number, referenceLen: number, directions: number, directionsLen: number): number;
  sgd_run_advance(handle: number, k: number, every: number, out: number, outLen: number): number;
  sgd_run_observe(handle: number, out: number): number;
  sgd_run_state(handle: number, which: number, out: number): number;
  sgd_run_steps_done(handle: number): number;
}

requireExports([
  'sgd_objective_create', 'sgd_objective_per_example', 'sgd_objective_example_hessian',
  'sgd_objective_noise_covariance', 'sgd_objective_gauss_newton', 'sgd_objective_noise_factor_apply', 'sgd_objective_batch_gradient',
  'sgd_objective_minibatch_estimate', 'sgd_objective_predict', 'sgd_sampler_batches',
  'sgd_run_create', 'sgd_run_create_quadratic', 'sgd_run_set_observables', 'sgd_run_advance',
  'sgd_run_observe', 'sgd_run_state', 'sgd_run_steps_done',
] satisfies ReadonlyArray<keyof SgdExports>);

/** ABI codes (crate/src/abi/sgd.rs, crate/src/sgd). */
export const MODEL_CODES = { linear: 0, thesis: 1, mlp: 2 } as const;
export const LOSS_CODES = { squared: 0, logistic: 1, 'cross-entropy': 2 } as const;
export const SAMPLER_CODES = { 'with-replacement': 0, 'without-replacement': 1, reshuffle: 2, 'full-batch': 3 } as const;
export const SCHEDULE_CODES = { constant: 0, step: 1, exponential: 2, cosine: 3, 'inverse-sqrt': 4 } as const;
export const CONVENTION_CODES = { canonical: 0, buffer: 1 } as const;

const raw = (core: Core): SgdExports => core.exportsAs<SgdExports>();
const p = (ptrs: number[], i: number): number => ptrs[i] as number;
const halves = (seed: bigint): [number, number] => [Number(seed & 0xffffffffn), Number((seed >> 32n) & 0xffffffffn)];

export function objectiveCreate(
  core: Core, model: number, config: ArrayLike<number>, loss: number, normalisation: number, l2: number,
  x: ArrayLike<number>, y: ArrayLike<number>, context: string,
): number {
  let h = 0;
  core.withBuffers([config, x, y], [], (ptrs) => {
    h = core.handleOrThrow(raw(core).sgd_objective_create(model, p(ptrs, 0), config.length, loss, normalisation, l2, p(ptrs, 1), x.length, p(ptrs, 2), y.length), context);
  });
  return h;
}

export function perExample(core: Core, handle: number, theta: Float64Array, n: number, context: string): { gradients: Float64Array; losses: Float64Array } {
  const [g, l] = core.withBuffers([theta], [n * theta.length, n], (ptrs) =>
    core.check(raw(core).sgd_objective_per_example(handle, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context));
  return { gradients: g as Float64Array, losses: l as Float64Array };
}

export function exampleHessian(core: Core, handle: number, theta: Float64Array, index: number, context: string): Float64Array {
  const d = theta.length;
  const [h] = core.withBuffers([theta], [d * d], (ptrs) =>
    core.check(raw(core).sgd_objective_example_hessian(handle, p(ptrs, 0), index, p(ptrs, 1)), context));
  return h as Float64Array;
}

export function noiseCovariance(core: Core, handle: number, theta: Float64Array, context: string): { sigma: Float64Array; gradient: Float64Array } {
  const d = theta.length;
  const [s, g] = core.withBuffers([theta], [d * d, d], (ptrs) =>
    core.check(raw(core).sgd_objective_noise_covariance(handle, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context));
  return { sigma: s as Float64Array, gradient: g as Float64Array };
}

export function gaussNewton(core: Core, handle: number, theta: Float64Array, context: string): Float64Array {
  const d = theta.length;
  const [g] = core.withBuffers([theta], [d * d], (ptrs) => core.check(raw(core).sgd_objective_gauss_newton(handle, p(ptrs, 0), p(ptrs, 1)), context));
  return g as Float64Array;
}

export function noiseFactorApply(core: Core, handle: number, theta: Float64Array, z: Float64Array, context: string): Float64Array {
  const [out] = core.withBuffers([theta, z], [theta.length], (ptrs) =>
    core.check(raw(core).sgd_objective_noise_factor_apply(handle, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2)), context));
  return out as Float64Array;
}

export function batchGradient(core: Core, handle: number, theta: Float64Array, indices: ArrayLike<number>, context: string): Float64Array {
  const [g] = core.withBuffers([theta, indices], [theta.length], (ptrs) =>
    core.check(raw(core).sgd_objective_batch_gradient(handle, p(ptrs, 0), p(ptrs, 1), indices.length, p(ptrs, 2)), context));
  return g as Float64Array;
}

export function minibatchEstimate(
  core: Core, handle: number, theta: Float64Array, sampler: number, batch: number, m: number, seed: bigint, stream: number, context: string,
): Float64Array {
  const d = theta.length;
  const [lo, hi] = halves(seed);
  const [s] = core.withBuffers([theta], [d * d], (ptrs) =>
    core.check(raw(core).sgd_objective_minibatch_estimate(handle, p(ptrs, 0), sampler, batch, m, lo, hi, stream, p(ptrs, 1)), context));
  return s as Float64Array;
}

export function predict(core: Core, handle: number, theta: Float64Array, m: number, xs: ArrayLike<number>, outputs: number, context: string): Float64Array {
  const [f] = core.withBuffers([theta, xs], [m * outputs], (ptrs) =>
    core.check(raw(core).sgd_objective_predict(handle, p(ptrs, 0), m, p(ptrs, 1), p(ptrs, 2)), context));
  return f as Float64Array;
}

export function samplerBatches(core: Core, sampler: number, n: number, batch: number, seed: bigint, stream: number, batches: number, context: string): Float64Array {
  const [lo, hi] = halves(seed);
  const [out] = core.withBuffers([], [batches * batch], (ptrs) =>
    core.check(raw(core).sgd_sampler_batches(sampler, n, batch, lo, hi, stream, batches, p(ptrs, 0)), context));
  return out as Float64Array;
}

export function runCreate(
  core: Core, objective: number, sampler: number, batch: number, n: number, offset: number, seed: bigint,
  x0: ArrayLike<number>, optimiser: ArrayLike<number>, context: string,
): number {
  const [lo, hi] = halves(seed);
  let h = 0;
  core.withBuffers([x0, optimiser], [], (ptrs) => {
    h = core.handleOrThrow(raw(core).sgd_run_create(objective, sampler, batch, n, offset, lo, hi, p(ptrs, 0), x0.length, p(ptrs, 1), optimiser.length), context);
  });
  return h;
}

export function runCreateQuadratic(
  core: Core, dim: number, hessian: ArrayLike<number>, centre: ArrayLike<number>, sigma: ArrayLike<number>, batch: number,
  n: number, offset: number, seed: bigint, x0: ArrayLike<number>, optimiser: ArrayLike<number>, context: string,
): number {
  const [lo, hi] = halves(seed);
  let h = 0;
  core.withBuffers([hessian, centre, sigma, x0, optimiser], [], (ptrs) => {
    h = core.handleOrThrow(raw(core).sgd_run_create_quadratic(dim, p(ptrs, 0), p(ptrs, 1), p(ptrs, 2), batch, n, offset, lo, hi, p(ptrs, 3), x0.length, p(ptrs, 4), optimiser.length), context);
  });
  return h;
}

/** Sets the observables; returns the number of columns. */
export function runSetObservables(core: Core, handle: number, loss: boolean, reference: ArrayLike<number>, directions: ArrayLike<number>, context: string): number {
  let cols = 0;
  core.withBuffers([reference, directions], [], (ptrs) => {
    cols = raw(core).sgd_run_set_observables(handle, loss ? 1 : 0, p(ptrs, 0), reference.length, p(ptrs, 1), directions.length);
    if (cols < 0) core.check(-cols, context);
  });
  return cols;
}

/** Advances k steps; returns the recorded frames (frames × n × columns). */
export function runAdvance(core: Core, handle: number, k: number, every: number, outLen: number, context: string): Float64Array {
  const [out] = core.withBuffers([], [outLen], (ptrs) => core.check(raw(core).sgd_run_advance(handle, k, every, p(ptrs, 0), outLen), context));
  return out as Float64Array;
}

export function runObserve(core: Core, handle: number, len: number, context: string): Float64Array {
  const [out] = core.withBuffers([], [len], (ptrs) => core.check(raw(core).sgd_run_observe(handle, p(ptrs, 0)), context));
  return out as Float64Array;
}

export function runState(core: Core, handle: number, which: 0 | 1, len: number, context: string): Float64Array {
  const [out] = core.withBuffers([], [len], (ptrs) => core.check(raw(core).sgd_run_state(handle, which, p(ptrs, 0)), context));
  return out as Float64Array;
}

export function runStepsDone(core: Core, handle: number, context: string): number {
  const s = raw(core).sgd_run_steps_done(handle);
  if (s < 0) core.check(2, context);
  return s;
}
