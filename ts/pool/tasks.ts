/**
 * The work a pool member does, in whatever runtime it lives in (a worker, or the calling
 * thread for `workers: 1`): open an ensemble for a range of trajectories, advance it, read
 * positions / moment summaries / first-passage records, close it. Every method returns a
 * plain `Outcome` so errors cross worker boundaries with their code and details intact.
 */
import { SgdynError, type SgdynErrorCode } from '../../bindings/index.js';
import { core, runtimeInfo } from '../runtime.js';
import { Ensemble, stepsPerCall, type Integrator, type ResolvedNoise } from '../ensemble.js';
import { landscapes, Landscape, type LandscapeRecipe } from '../landscape.js';
import { MOMENT_BLOCK } from './moments.js';
import { OBJECTIVE_FACTORIES } from '../sgd/objective.js';
import { run as sgdRun, type SgdRun, type SgdRunOptions } from '../sgd/run.js';
import type { ResolvedSampler } from '../samplers.js';

/** A range of trajectories of one run, in structured-cloneable form. */
export interface RangeSpec {
  recipe: LandscapeRecipe;
  temperature: Float64Array;
  dt: number;
  /** d numbers (shared start) or this range's n·d numbers. */
  x0: Float64Array;
  seed: bigint;
  /** Global index of the range's first trajectory. */
  offset: number;
  n: number;
  integrator: Integrator;
  friction: number;
  noise: ResolvedNoise;
  refine: number;
  interpretation: 'ito' | 'stratonovich' | 'native';
  /** First-passage target in the kernel's flat form (see `resolvePassage`). */
  target?: { spec: Float64Array; bridge: boolean };
  /** Sampler options (ts/samplers.ts) without landscapes: no level-set constraint, no replica exchange. */
  sampler?: ResolvedSampler;
}

/** A range of replicas of a pooled SGD run (see `sgd.runPooled`). */
export interface SgdRangeSpec {
  /** The objective's recipe (`sgd.<factory>`). */
  recipe: LandscapeRecipe;
  /** The run's options without the objective; `x0`, `nReplicas`, `replicaOffset` are this range's. */
  options: Omit<SgdRunOptions, 'objective'>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { code: SgdynErrorCode; message: string; trajectory?: number; step?: number } };

/** Turns a thrown value into an `Outcome` (so it survives structured cloning). */
export function capture<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof SgdynError) {
      return { ok: false, error: { code: e.code, message: e.message, ...(e.trajectory !== undefined ? { trajectory: e.trajectory, step: e.step } : {}) } };
    }
    return { ok: false, error: { code: 'WORKER_FAILED', message: `unexpected error in a pool member: ${(e as Error)?.message ?? String(e)}` } };
  }
}

/** The inverse of `capture`. */
export function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  const { code, message, trajectory, step } = o.error;
  throw new SgdynError(code, message, trajectory !== undefined ? { trajectory, step } : {});
}

type Factory = (options: never) => Landscape;

/** Open ensembles of one runtime, by id. */
export class TaskRunner {
  private readonly open = new Map<number, { ensemble: Ensemble; landscape: Landscape }>();
  private readonly sgdRuns = new Map<number, { run: SgdRun; objective: Landscape }>();
  private nextId = 1;

  openRange(spec: RangeSpec): number {
    const name = spec.recipe.factory;
    const factory = name.startsWith('sgd.')
      ? (OBJECTIVE_FACTORIES as unknown as Record<string, Factory>)[name.slice(4)]
      : (landscapes as unknown as Record<string, Factory>)[name];
    if (!factory) throw new SgdynError('INVALID_ARGUMENT', `pool: unknown landscape factory ${JSON.stringify(spec.recipe.factory)}`);
    const landscape = factory(spec.recipe.options as never);
    try {
      const ensemble = new Ensemble({
        landscape, n: spec.n, d: landscape.dim, dt: spec.dt, temperature: spec.temperature, x0: spec.x0,
        seed: spec.seed, offset: spec.offset, integrator: spec.integrator, friction: spec.friction,
        noise: spec.noise, refine: spec.refine, interpretation: spec.interpretation, ...(spec.sampler ? { sampler: spec.sampler } : {}),
      });
      if (spec.target) core().ensembleSetTarget(ensemble.rawHandle('target'), spec.target.spec, spec.target.bridge);
      const id = this.nextId++;
      this.open.set(id, { ensemble, landscape });
      return id;
    } catch (e) {
      landscape.dispose();
      throw e;
    }
  }

  private get(id: number): Ensemble {
    const e = this.open.get(id);
    if (!e) throw new SgdynError('INVALID_HANDLE', `pool: range ${id} is not open (closed, or the run was cancelled)`);
    return e.ensemble;
  }

  /** Advances `k` steps in calls of `stepsPerCall` (or `chunkSteps` when given). */
  advance(id: number, k: number, chunkSteps?: number): void {
    const e = this.get(id);
    const chunk = chunkSteps ?? stepsPerCall(e.nTrajectories * e.dim);
    for (let done = 0; done < k; done += chunk) e.step(Math.min(chunk, k - done));
  }

  positions(id: number): Float64Array {
    return this.get(id).positions();
  }

  moments(id: number): Float64Array {
    const e = this.get(id);
    return core().ensembleBlockMoments(e.rawHandle('moments'), e.nTrajectories, e.dim, MOMENT_BLOCK);
  }

  hitSteps(id: number): Float64Array {
    const e = this.get(id);
    return core().ensembleHitSteps(e.rawHandle('hitSteps'), e.nTrajectories);
  }

  hitComponents(id: number): Float64Array {
    const e = this.get(id);
    return core().ensembleHitComponents(e.rawHandle('hitComponents'), e.nTrajectories);
  }

  /** Opens SGD replicas on an objective rebuilt from its recipe. */
  openSgd(spec: SgdRangeSpec): number {
    const name = spec.recipe.factory.slice(4) as keyof typeof OBJECTIVE_FACTORIES;
    const factory = spec.recipe.factory.startsWith('sgd.') ? (OBJECTIVE_FACTORIES[name] as Factory | undefined) : undefined;
    if (!factory) throw new SgdynError('INVALID_ARGUMENT', `pool: ${JSON.stringify(spec.recipe.factory)} is not an objective factory`);
    const objective = factory(spec.recipe.options as never) as Parameters<typeof sgdRun>[0]['objective'];
    try {
      const run = sgdRun({ ...spec.options, objective });
      const id = this.nextId++;
      this.sgdRuns.set(id, { run, objective });
      return id;
    } catch (e) {
      objective.dispose();
      throw e;
    }
  }

  private sgd(id: number): SgdRun {
    const r = this.sgdRuns.get(id);
    if (!r) throw new SgdynError('INVALID_HANDLE', `pool: SGD range ${id} is not open (closed, or the run was cancelled)`);
    return r.run;
  }

  /** Advances an SGD range; returns its frames (frames × count × columns). */
  advanceSgd(id: number, k: number, every: number): Float64Array {
    return this.sgd(id).advance(k, { every }).data;
  }

  /** Parameters (0) or velocities (1) of an SGD range. */
  sgdState(id: number, which: 0 | 1): Float64Array {
    const r = this.sgd(id);
    return which === 0 ? r.parameters() : r.velocities();
  }

  close(id: number): void {
    const r = this.sgdRuns.get(id);
    if (r) {
      this.sgdRuns.delete(id);
      r.run.dispose();
      r.objective.dispose();
      return;
    }
    const e = this.open.get(id);
    if (!e) return;
    this.open.delete(id);
    e.ensemble.dispose();
    e.landscape.dispose();
  }

  closeAll(): void {
    for (const id of [...this.open.keys(), ...this.sgdRuns.keys()]) this.close(id);
  }

  stats(): { memoryBytes: number; liveObjects: number; openRanges: number } {
    const info = runtimeInfo();
    return { memoryBytes: info.memoryBytes, liveObjects: info.liveObjects, openRanges: this.open.size + this.sgdRuns.size };
  }
}
