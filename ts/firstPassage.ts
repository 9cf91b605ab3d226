/**
 * First passage: run an ensemble until each trajectory enters a target set, with an
 * explicit step cap. A trajectory that has not arrived by the cap is *censored*: its
 * time is not reported as a time.
 */
import { core } from './runtime.js';
import { Ensemble, resolveEnsembleSpec, stepsPerCall, type SimulateOptions } from './ensemble.js';
import { finite, finiteArray, integer, invalid } from './validate.js';

/** A target set. */
export interface Target {
  /** The half-space `{ x : normal · x ≥ offset }`. */
  halfSpace: { normal: ArrayLike<number>; offset: number };
}

/** Options of `firstPassage`: those of `simulate` (without `steps`) plus the target and cap. */
export interface FirstPassageOptions extends Omit<SimulateOptions, 'steps'> {
  target: Target;
  /** Step cap (integer ≥ 1): trajectories not in the target after it are censored. */
  maxSteps: number;
  /** Called between chunks of work. */
  onProgress?: (p: { stepsDone: number; stepsTotal: number; trajectoriesDone: number }) => void;
}

/** What `firstPassage` measured. */
export interface FirstPassageResult {
  /** Per trajectory, the step at which it entered the target; −1 if censored. */
  hitSteps: Float64Array;
  /** Hit times `step·Δt` of the trajectories that arrived (in trajectory order). */
  hitTimes: Float64Array;
  /** Trajectories that arrived / that were censored at the cap. */
  nHit: number;
  nCensored: number;
  /** The cap as a time, `maxSteps · Δt`. */
  censorTime: number;
  /**
   * Sample mean of the hit times and its standard error `s/√n`; `null` when some
   * trajectory was censored (the plain mean would be biased low; raise `maxSteps`).
   */
  meanTime: number | null;
  standardError: number | null;
  /** Positions at the hit (row-major n × d); censored rows hold the position at the cap. */
  finalPositions: Float64Array;
}

/** Validated target and cap of a first-passage run. */
export function resolvePassage(where: string, options: FirstPassageOptions, d: number): { maxSteps: number; normal: Float64Array; offset: number } {
  const maxSteps = integer(where, 'maxSteps', options.maxSteps, 1);
  const hs = options.target?.halfSpace;
  if (!hs) throw invalid(where, 'target', options.target, 'it must be { halfSpace: { normal, offset } }');
  const normal = finiteArray(where, 'target.halfSpace.normal', hs.normal, [d], `d = ${d}`);
  if (normal.every((v) => v === 0)) throw invalid(where, 'target.halfSpace.normal', hs.normal, 'it must have a non-zero entry');
  return { maxSteps, normal, offset: finite(where, 'target.halfSpace.offset', hs.offset) };
}

/** The statistics of a first-passage record (hit step per trajectory, −1 = censored). */
export function summarizePassage(hitSteps: Float64Array, dt: number, maxSteps: number, finalPositions: Float64Array): FirstPassageResult {
  const hitTimes = Float64Array.from(hitSteps.filter((s) => s >= 0), (s) => s * dt);
  const nHit = hitTimes.length;
  const nCensored = hitSteps.length - nHit;
  let meanTime: number | null = null;
  let standardError: number | null = null;
  if (nCensored === 0) {
    const m = hitTimes.reduce((a, t) => a + t, 0) / nHit;
    const variance = nHit > 1 ? hitTimes.reduce((a, t) => a + (t - m) ** 2, 0) / (nHit - 1) : 0;
    meanTime = m;
    standardError = Math.sqrt(variance / nHit);
  }
  return { hitSteps, hitTimes, nHit, nCensored, censorTime: maxSteps * dt, meanTime, standardError, finalPositions };
}

/**
 * Simulates until each trajectory first enters `target` (checked after every step; the
 * discrete monitoring overshoots a continuous crossing by O(√Δt)).
 */
export function firstPassage(options: FirstPassageOptions): FirstPassageResult {
  const where = 'firstPassage';
  const spec = resolveEnsembleSpec(where, { ...options, steps: 0 } as SimulateOptions);
  const { maxSteps, normal, offset } = resolvePassage(where, options, spec.d);

  const ensemble = new Ensemble(spec);
  try {
    const c = core();
    const h = ensemble.rawHandle('firstPassage');
    c.ensembleSetTargetHalfSpace(h, normal, offset);
    let hitSteps = c.ensembleHitSteps(h, spec.n);
    const chunk = stepsPerCall(spec.n * spec.d);
    let done = 0;
    while (done < maxSteps) {
      const k = Math.min(chunk, maxSteps - done);
      c.ensembleStep(h, k, where);
      done += k;
      hitSteps = c.ensembleHitSteps(h, spec.n);
      const arrived = hitSteps.reduce((a, s) => a + (s >= 0 ? 1 : 0), 0);
      options.onProgress?.({ stepsDone: done, stepsTotal: maxSteps, trajectoriesDone: arrived });
      if (arrived === spec.n) break;
    }
    return summarizePassage(hitSteps, spec.dt, maxSteps, ensemble.positions());
  } finally {
    ensemble.dispose();
  }
}
