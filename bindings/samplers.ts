/**
 * Raw calls of the sampler exports (crate/src/abi/samplers.rs): SGLD, SGHMC, heavy-ball
 * momentum, replica exchange and constraints on an ensemble handle. No user-level validation
 * here: the crate checks everything and its messages come back as `SgdynError` (Core.check).
 */
import type { Core } from './core.js';
import { requireExports } from './exports.js';

/** The exports of crate/src/abi/samplers.rs (pointers are byte offsets; status 0 = ok). */
export interface SamplerExports {
  sgd_ensemble_use_sgld(handle: number, cov: number, covLen: number, t0: number, decay: number): number;
  sgd_ensemble_use_sghmc(handle: number, friction: number, cov: number, covLen: number, estimate: number, estimateLen: number): number;
  sgd_ensemble_use_heavy_ball(handle: number, momentum: number, weightDecay: number, cov: number, covLen: number): number;
  sgd_ensemble_set_replica_exchange(handle: number, ladder: number, ladderLen: number, swapEvery: number): number;
  sgd_ensemble_swap_counts(handle: number, out: number): number;
  sgd_ensemble_replicas(handle: number): number;
  sgd_ensemble_set_sphere(handle: number, centre: number, centreLen: number, radius: number): number;
  sgd_ensemble_set_level_set(handle: number, g: number, tolerance: number, maxIterations: number): number;
}

requireExports([
  'sgd_ensemble_use_sgld', 'sgd_ensemble_use_sghmc', 'sgd_ensemble_use_heavy_ball', 'sgd_ensemble_set_replica_exchange',
  'sgd_ensemble_swap_counts', 'sgd_ensemble_replicas', 'sgd_ensemble_set_sphere', 'sgd_ensemble_set_level_set',
] satisfies ReadonlyArray<keyof SamplerExports>);

const raw = (core: Core): SamplerExports => core.exportsAs<SamplerExports>();
const CONTEXT = 'simulate';

/** SGLD: gradient-noise covariance (d×d, or empty for exact gradients), schedule Δt(1 + k/t0)^−decay. */
export function useSgld(core: Core, handle: number, covariance: Float64Array, t0: number, decay: number): void {
  core.withBuffers([covariance], [], ([c]) => core.check(raw(core).sgd_ensemble_use_sgld(handle, c as number, covariance.length, t0, decay), CONTEXT));
}

/** SGHMC: friction, gradient-noise covariance (or empty), per-coordinate noise estimate (d). */
export function useSghmc(core: Core, handle: number, friction: number, covariance: Float64Array, estimate: Float64Array): void {
  core.withBuffers([covariance, estimate], [], ([c, e]) =>
    core.check(raw(core).sgd_ensemble_use_sghmc(handle, friction, c as number, covariance.length, e as number, estimate.length), CONTEXT));
}

/** Heavy-ball momentum β, weight decay λ, gradient-noise covariance (or empty). */
export function useHeavyBall(core: Core, handle: number, momentum: number, weightDecay: number, covariance: Float64Array): void {
  core.withBuffers([covariance], [], ([c]) =>
    core.check(raw(core).sgd_ensemble_use_heavy_ball(handle, momentum, weightDecay, c as number, covariance.length), CONTEXT));
}

export function setReplicaExchange(core: Core, handle: number, ladder: Float64Array, swapEvery: number): void {
  core.withBuffers([ladder], [], ([l]) =>
    core.check(raw(core).sgd_ensemble_set_replica_exchange(handle, l as number, ladder.length, swapEvery), CONTEXT));
}

/** Proposed then accepted swaps per neighbour pair (2(R − 1) numbers). */
export function swapCounts(core: Core, handle: number): Float64Array {
  const r = raw(core).sgd_ensemble_replicas(handle);
  if (r < 0) core.check(-1, 'ensemble.swapAcceptance'); // throws the last error (bad handle)
  if (r === 0) return new Float64Array();
  const [out] = core.withBuffers([], [2 * (r - 1)], ([o]) =>
    core.check(raw(core).sgd_ensemble_swap_counts(handle, o as number), 'ensemble.swapAcceptance'));
  return out as Float64Array;
}

export function setSphere(core: Core, handle: number, centre: Float64Array, radius: number): void {
  core.withBuffers([centre], [], ([c]) => core.check(raw(core).sgd_ensemble_set_sphere(handle, c as number, centre.length, radius), CONTEXT));
}

export function setLevelSet(core: Core, handle: number, g: number, tolerance: number, maxIterations: number): void {
  core.check(raw(core).sgd_ensemble_set_level_set(handle, g, tolerance, maxIterations), CONTEXT);
}
