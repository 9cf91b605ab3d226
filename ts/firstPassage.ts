/**
 * First passage: run an ensemble until each trajectory enters a target set, with an
 * explicit step cap. A trajectory that has not arrived by the cap is *censored*: its
 * time is not reported as a time.
 */
import { core } from './runtime.js';
import { Ensemble, resolveEnsembleSpec, stepsPerCall, type SimulateOptions } from './ensemble.js';
import { finite, finiteArray, integer, invalid, positive } from './validate.js';
import { Landscape } from './landscape.js';
import { basinOf } from './escape/landscapeTools.js';

/** A point, or a `findMinima` / `findSaddle` result. */
type PointLike = ArrayLike<number> | { point: ArrayLike<number> };

/**
 * One target set (checked in WASM after every step):
 * - `halfSpace`: `{ x : normal · x ≥ offset }`;
 * - `ball`: `{ x : ‖x − center‖ ≤ radius }`;
 * - `box`: `{ x : lower ≤ x ≤ upper }` componentwise;
 * - `level`: the sub-level set `{ U(x) ≤ below }` or the super-level set `{ U(x) ≥ above }`;
 * - `basin`: "reached the basin of `minima[index]`", decided in the kernel as the ball of
 *   `radius` around that minimum (default: ¼ of the distance to the nearest other minimum).
 *   Before the run the ball is checked to lie in the basin: 2d + 62 points on its sphere
 *   (the ±axis points and fixed pseudo-random directions) must flow (gradient flow, `basinOf`)
 *   to that minimum, else the call fails asking for a smaller radius. A trajectory that
 *   enters the ball has reached the basin; one in the basin but outside the ball has not yet
 *   (for a ball deep inside the basin this adds the short relaxation time to the ball).
 */
export type TargetSet =
  | { halfSpace: { normal: ArrayLike<number>; offset: number } }
  | { ball: { center: ArrayLike<number>; radius: number } }
  | { box: { lower: ArrayLike<number>; upper: ArrayLike<number> } }
  | { level: { below: number } | { above: number } }
  | { basin: { minima: ReadonlyArray<PointLike>; index: number; radius?: number } };

/** A target: one set, or a union (`hitTargets` then reports the index of the set entered first; ties go to the lower index). */
export type Target = TargetSet | { union: ReadonlyArray<TargetSet> };

/** Options of `firstPassage`: those of `simulate` (without `steps`) plus the target and cap. */
export interface FirstPassageOptions extends Omit<SimulateOptions, 'steps'> {
  target: Target;
  /** Step cap (integer ≥ 1): trajectories not in the target after it are censored. */
  maxSteps: number;
  /**
   * Brownian-bridge crossing correction for half-space sets (default false): a step that
   * starts and ends outside the half-space `n·x ≥ c` counts as a hit with probability
   * `exp(−(n·x₀ − c)(n·x₁ − c) / (Δt Σⱼ nⱼ²Tⱼ))`, the probability that a Brownian bridge with
   * the step's noise crosses in between (one uniform from the trajectory's own stream).
   * Removes the O(√Δt) bias of discrete monitoring (exit times become O(Δt) accurate).
   * Euler–Maruyama with temperature noise only.
   */
  bridgeCorrection?: boolean;
  /** Called between chunks of work. */
  onProgress?: (p: { stepsDone: number; stepsTotal: number; trajectoriesDone: number }) => void;
}

/** What `firstPassage` measured. */
export interface FirstPassageResult {
  /** Per trajectory, the step at which it entered the target; −1 if censored. */
  hitSteps: Float64Array;
  /** Per trajectory, which set of the target it entered (index into `union`, 0 for a single set); −1 if censored. */
  hitTargets: Int32Array;
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
  /**
   * Positions at the hit (row-major n × d); censored rows hold the position at the cap. With
   * `bridgeCorrection`, a hit by a bridge crossing leaves the position after the step (outside).
   */
  finalPositions: Float64Array;
}

/** A validated target in the kernel's flat form (crate/src/sde/target.rs) and the run's cap. */
export interface ResolvedPassage {
  maxSteps: number;
  spec: Float64Array;
  bridge: boolean;
}

function pointOf(where: string, name: string, p: unknown, d: number): Float64Array {
  const v = p && typeof p === 'object' && 'point' in (p as object) ? (p as { point: unknown }).point : p;
  return finiteArray(where, name, v, [d], `a point of length d = ${d} (or a findMinima result)`);
}

/** Fixed unit directions on the sphere in ℝᵈ: ±eⱼ, then 62 pseudo-random ones (deterministic). */
function sphereDirections(d: number): Float64Array[] {
  const dirs: Float64Array[] = [];
  for (let j = 0; j < d; j++) for (const s of [1, -1]) { const e = new Float64Array(d); e[j] = s; dirs.push(e); }
  let state = 0x2545f491;
  const next = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 2 ** 32 - 0.5; };
  for (let k = 0; k < 62; k++) {
    const v = Float64Array.from({ length: d }, next);
    const n = Math.hypot(...v);
    if (n > 0) dirs.push(v.map((x) => x / n));
  }
  return dirs;
}

/** The flat numbers of one set (kind code first). */
function resolveSet(where: string, name: string, set: TargetSet, landscape: Landscape): number[] {
  const d = landscape.dim;
  const keys = set && typeof set === 'object' ? Object.keys(set) : [];
  if (keys.length !== 1) throw invalid(where, name, set, 'it must have exactly one of halfSpace, ball, box, level, basin (or be { union: [...] })');
  if ('halfSpace' in set) {
    const normal = finiteArray(where, `${name}.halfSpace.normal`, set.halfSpace?.normal, [d], `d = ${d}`);
    if (normal.every((v) => v === 0)) throw invalid(where, `${name}.halfSpace.normal`, set.halfSpace.normal, 'it must have a non-zero entry');
    return [0, ...normal, finite(where, `${name}.halfSpace.offset`, set.halfSpace.offset)];
  }
  if ('ball' in set) {
    const center = finiteArray(where, `${name}.ball.center`, set.ball?.center, [d], `d = ${d}`);
    return [1, ...center, positive(where, `${name}.ball.radius`, set.ball.radius)];
  }
  if ('box' in set) {
    const lower = finiteArray(where, `${name}.box.lower`, set.box?.lower, [d], `d = ${d}`);
    const upper = finiteArray(where, `${name}.box.upper`, set.box?.upper, [d], `d = ${d}`);
    lower.forEach((l, j) => { if (!(l <= (upper[j] as number))) throw invalid(where, `${name}.box.upper[${j}]`, upper[j], `it must be >= lower[${j}] = ${l}`); });
    return [2, ...lower, ...upper];
  }
  if ('level' in set) {
    const l = set.level as { below?: number; above?: number };
    if ((l?.below === undefined) === (l?.above === undefined)) throw invalid(where, `${name}.level`, l, 'it must be { below: c } (U ≤ c) or { above: c } (U ≥ c)');
    return l.below !== undefined ? [3, finite(where, `${name}.level.below`, l.below)] : [4, finite(where, `${name}.level.above`, l.above)];
  }
  if ('basin' in set) {
    const b = set.basin;
    if (!Array.isArray(b?.minima) || b.minima.length === 0) throw invalid(where, `${name}.basin.minima`, b?.minima, 'it must be a non-empty array of points (or findMinima results)');
    const minima = b.minima.map((m, i) => pointOf(where, `${name}.basin.minima[${i}]`, m, d));
    const k = integer(where, `${name}.basin.index`, b.index, 0);
    if (k >= minima.length) throw invalid(where, `${name}.basin.index`, k, `it must be < minima.length = ${minima.length}`);
    const centre = minima[k] as Float64Array;
    let nearest = Infinity;
    minima.forEach((m, i) => { if (i !== k) nearest = Math.min(nearest, Math.hypot(...m.map((v, j) => v - (centre[j] as number)))); });
    const radius = b.radius !== undefined ? positive(where, `${name}.basin.radius`, b.radius)
      : Number.isFinite(nearest) ? nearest / 4 : noDefaultRadius(where, `${name}.basin.radius`);
    const probes = sphereDirections(d).map((u) => u.map((v, j) => (centre[j] as number) + radius * v));
    const flows = basinOf(landscape, probes, minima, { captureRadius: Math.min(radius, 0.05 * (Number.isFinite(nearest) ? nearest : radius)) / 2 });
    const bad = flows.findIndex((f) => f !== k);
    if (bad >= 0) {
      throw invalid(where, `${name}.basin.radius`, radius, `the ball around minima[${k}] is not inside its basin (the point [${Array.from(probes[bad] as Float64Array, (v) => v.toPrecision(4)).join(', ')}] on its sphere flows to ${flows[bad] === -1 ? 'no listed minimum' : `minima[${flows[bad]}]`}); give a smaller radius`);
    }
    return [1, ...centre, radius];
  }
  throw invalid(where, name, set, 'it must have exactly one of halfSpace, ball, box, level, basin (or be { union: [...] })');
}

function noDefaultRadius(where: string, name: string): never {
  throw invalid(where, name, undefined, 'give a radius: with one minimum there is no default');
}

/** Validates a target and cap; returns the kernel's flat form. */
export function resolvePassage(where: string, options: FirstPassageOptions, landscape: Landscape): ResolvedPassage {
  const maxSteps = integer(where, 'maxSteps', options.maxSteps, 1);
  const t = options.target as Target | undefined;
  if (!t || typeof t !== 'object') throw invalid(where, 'target', t, 'it must be a target set ({ halfSpace | ball | box | level | basin }) or { union: [sets] }');
  let spec: number[];
  if ('union' in t) {
    if (!Array.isArray(t.union) || t.union.length === 0) throw invalid(where, 'target.union', t.union, 'it must be a non-empty array of target sets');
    spec = t.union.flatMap((set, i) => resolveSet(where, `target.union[${i}]`, set, landscape));
  } else {
    spec = resolveSet(where, 'target', t, landscape);
  }
  const bridge = options.bridgeCorrection ?? false;
  if (typeof bridge !== 'boolean') throw invalid(where, 'bridgeCorrection', bridge, 'it must be true or false');
  return { maxSteps, spec: Float64Array.from(spec), bridge };
}

/** The statistics of a first-passage record (hit step per trajectory, −1 = censored). */
export function summarizePassage(hitSteps: Float64Array, hitComponents: Float64Array, dt: number, maxSteps: number, finalPositions: Float64Array): FirstPassageResult {
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
  return { hitSteps, hitTargets: Int32Array.from(hitComponents), hitTimes, nHit, nCensored, censorTime: maxSteps * dt, meanTime, standardError, finalPositions };
}

/**
 * Simulates until each trajectory first enters `target` (checked in WASM after every step; the
 * discrete monitoring misses crossings between steps, an O(√Δt) bias of exit times, which
 * `bridgeCorrection` removes for half-spaces). Per trajectory: hit step, which set was hit,
 * position at the hit; censored at `maxSteps`.
 */
export function firstPassage(options: FirstPassageOptions): FirstPassageResult {
  const where = 'firstPassage';
  const spec = resolveEnsembleSpec(where, { ...options, steps: 0 } as SimulateOptions);
  const { maxSteps, spec: target, bridge } = resolvePassage(where, options, spec.landscape);

  const ensemble = new Ensemble(spec);
  try {
    const c = core();
    const h = ensemble.rawHandle('firstPassage');
    c.ensembleSetTarget(h, target, bridge);
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
    return summarizePassage(hitSteps, c.ensembleHitComponents(h, spec.n), spec.dt, maxSteps, ensemble.positions());
  } finally {
    ensemble.dispose();
  }
}
