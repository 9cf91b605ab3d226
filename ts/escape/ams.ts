/**
 * Adaptive multilevel splitting (AMS) for mean first-passage times too long to simulate
 * directly (Cérou & Guyader, Stoch. Anal. Appl. 25, 417, 2007; the generalised, unbiased
 * version with ties and k kills per iteration: Bréhier, Gazeau, Goudenège, Lelièvre & Rousset,
 * Ann. Appl. Probab. 26, 3559, 2016; the MFPT decomposition: Cérou, Guyader, Lelièvre &
 * Pommier, J. Chem. Phys. 134, 054108, 2011).
 *
 * Sets: A (around the start minimum), Σ (leaving A: "the walker got out"), B (the target),
 * and a reaction coordinate ξ. A *cycle* goes from A to Σ (time T_up), then from Σ either
 * back to A (time T_down, probability 1 − p) or on to B (time T_reac, probability p). By the
 * strong Markov property at the entrances of A and Σ (taken as a renewal — see below),
 *
 *   τ(x₀ → B) = E[T₀] + (1 − p)/p · (E[T_up] + E[T_down | back to A]) + E[T_reac],
 *
 * with T₀ the time from x₀ to Σ. The times and the Σ-entrance points come from direct
 * simulation in WASM (`firstPassage` runs: x₀ → Σ, Σ → A∪B, A-entrance → Σ, Σ → A∪B; the
 * second round, started from the A-entrances of the first, is the one measured, so cycles
 * start from where real cycles start rather than from x₀). p — tiny — comes from AMS:
 * N replicas start at Σ-entrance points and run (in WASM, observed every `observeEvery`
 * steps) until A or B; a replica's level is the largest ξ observed, +∞ once in B. Each
 * iteration kills every replica whose level is ≤ the k-th smallest level z and restarts it
 * from a surviving replica (uniformly chosen) at that replica's first observed state with
 * ξ > z, with fresh noise. Then `p̂ = Π_j (1 − K_j/N) · #{in B}/N` is unbiased for the
 * probability of the *observed chain* (in-kernel checks of A and B every step, levels at
 * the observation times — any observation spacing keeps it unbiased). `runs` independent AMS
 * runs give p̄ and its standard error; E[T_reac] is the mean elapsed time of the replicas
 * that end in B. The interval is the delta-method normal interval of τ.
 */
import { core } from '../runtime.js';
import { Ensemble, resolveEnsembleSpec, type SimulateOptions } from '../ensemble.js';
import { firstPassage, resolvePassage, type FirstPassageOptions, type TargetSet } from '../firstPassage.js';
import { rng } from '../rng.js';
import { finiteArray, integer, invalid, positive } from '../validate.js';

/** Options of `amsMeanFirstPassageTime`. */
export interface AmsOptions extends Omit<SimulateOptions, 'steps' | 'nTrajectories' | 'x0' | 'trajectoryOffset'> {
  /** The start x₀ (in or near A). */
  start: ArrayLike<number>;
  /** A: the neighbourhood of the start minimum a return to which ends a cycle. */
  A: TargetSet;
  /** Σ: leaving A; its entrance points start the AMS replicas. Must be reachable from A quickly. */
  sigma: TargetSet;
  /** B: the target set. */
  B: TargetSet;
  /** The reaction coordinate ξ(x) (levels); should increase from A to B. */
  reactionCoordinate: (x: Float64Array) => number;
  /** Replicas per AMS run (N, default 100). */
  replicas?: number;
  /** Kill at least this many replicas per iteration (k, default ⌈N/10⌉). */
  killPerIteration?: number;
  /** Independent AMS runs (default 10): p̄ and its standard error come from their spread. */
  runs?: number;
  /** Direct-simulation cycles per phase for E[T_up], E[T_down] (default 1000). */
  cycles?: number;
  /** Steps between observations of ξ (default 10). */
  observeEvery?: number;
  /** Step cap of every direct phase and every AMS segment (default 10⁷): exceeding it is an error. */
  maxSteps?: number;
  /** Brownian-bridge correction for half-space sets (see `firstPassage`). */
  bridgeCorrection?: boolean;
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
}

/** What `amsMeanFirstPassageTime` estimated. */
export interface AmsResult {
  /** τ(x₀ → B) and its standard error (delta method), with the normal confidence interval. */
  time: number;
  standardError: number;
  interval: [number, number];
  /** p̄ = P(B before A | start on Σ) and its standard error over the runs; the per-run p̂. */
  probability: number;
  probabilityError: number;
  runEstimates: Float64Array;
  /** Mean times (with standard errors) of the cycle pieces. */
  firstToSigma: { mean: number; standardError: number };
  up: { mean: number; standardError: number };
  down: { mean: number; standardError: number };
  reactive: { mean: number; standardError: number };
  /** AMS iterations per run, and WASM steps taken in AMS segments (all runs). */
  iterations: Int32Array;
  amsSteps: number;
}

function meanSe(v: ArrayLike<number>): { mean: number; standardError: number } {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i] as number;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += ((v[i] as number) - m) ** 2;
  return { mean: m, standardError: n > 1 ? Math.sqrt(s / (n - 1) / n) : Infinity };
}

/** Inverse standard normal CDF for the two-sided interval (Acklam's rational approximation, |ε| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155211939];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(p, 1 - p);
  let x: number;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  } else {
    const r = q - 0.5, s = r * r;
    x = ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) / (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
  }
  return p < 0.5 ? x : -x;
}

/** One replica's history: observed states where its running maximum of ξ increased. */
interface Replica {
  levels: number[];
  states: Float64Array[];
  /** Steps since the replica's Σ start at each recorded state. */
  elapsed: number[];
  /** max ξ, or +∞ once in B. */
  level: number;
  /** Steps since the Σ start when it ended in B. */
  reactiveSteps: number;
}

/**
 * Mean first-passage time from `start` into B by direct simulation of the cycles plus AMS for
 * the probability of a reactive excursion (module doc).
 *
 * ```ts
 * const U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
 * const r = amsMeanFirstPassageTime({ landscape: U, temperature: 0.05, dt: 1e-3, seed: 1, start: [-1, 0],
 *   A: { halfSpace: { normal: [-1, 0], offset: 1 } },      // x ≤ −1
 *   sigma: { halfSpace: { normal: [1, 0], offset: -0.85 } }, // x ≥ −0.85
 *   B: { halfSpace: { normal: [1, 0], offset: 0 } },       // x ≥ 0 (the separatrix)
 *   reactionCoordinate: (x) => x[0], bridgeCorrection: true });
 * r.time, r.interval; // ≈ 2.7e8
 * ```
 */
export function amsMeanFirstPassageTime(options: AmsOptions): AmsResult {
  const where = 'amsMeanFirstPassageTime';
  const base = resolveEnsembleSpec(where, { ...options, nTrajectories: 1, x0: options?.start, steps: 0 } as SimulateOptions);
  const d = base.d;
  const start = finiteArray(where, 'start', options.start, [d], `d = ${d}`);
  const xi = options.reactionCoordinate;
  if (typeof xi !== 'function') throw invalid(where, 'reactionCoordinate', xi, 'it must be a function x => ξ(x)');
  const N = integer(where, 'replicas', options.replicas ?? 100, 2);
  const k = integer(where, 'killPerIteration', options.killPerIteration ?? Math.ceil(N / 10), 1);
  if (k >= N) throw invalid(where, 'killPerIteration', k, `it must be < replicas = ${N}`);
  const runs = integer(where, 'runs', options.runs ?? 10, 2);
  const cycles = integer(where, 'cycles', options.cycles ?? 1000, 2);
  const every = integer(where, 'observeEvery', options.observeEvery ?? 10, 1);
  const maxSteps = integer(where, 'maxSteps', options.maxSteps ?? 1e7, 1);
  const confidence = positive(where, 'confidence', options.confidence ?? 0.95);
  if (!(confidence < 1)) throw invalid(where, 'confidence', confidence, 'it must be in (0, 1)');
  const bridge = options.bridgeCorrection ?? false;
  const landscape = base.landscape;
  const check = (name: string, target: FirstPassageOptions['target']) => resolvePassage(`${where} (${name})`, { target, maxSteps, bridgeCorrection: bridge } as FirstPassageOptions, landscape);
  check('A', options.A);
  check('sigma', options.sigma);
  check('B', options.B);
  const absorbing = check('A ∪ B', { union: [options.A, options.B] });

  const { reactionCoordinate: _xi, start: _s, A, sigma, B: _b, replicas: _r, killPerIteration: _k, runs: _n, cycles: _c, observeEvery: _o, maxSteps: _m, confidence: _cf, ...sim } = options;
  // Direct simulation of the cycles (module doc). Phase j uses streams [j·cycles, (j+1)·cycles).
  const phase = (j: number, x0: Float64Array, target: FirstPassageOptions['target']) => {
    const r = firstPassage({ ...sim, x0, nTrajectories: cycles, trajectoryOffset: j * cycles, target, maxSteps, bridgeCorrection: bridge && hasHalfSpace(target) });
    if (r.nCensored > 0) throw invalid(where, 'maxSteps', maxSteps, `${r.nCensored} of ${cycles} direct-simulation trajectories (phase ${j}) did not finish; raise it or move sigma closer to A`);
    return r;
  };
  const rows = (p: Float64Array, keep: (i: number) => boolean) => {
    const out: number[] = [];
    for (let i = 0; i < p.length / d; i++) if (keep(i)) for (let j = 0; j < d; j++) out.push(p[i * d + j] as number);
    return Float64Array.from(out);
  };
  const repeatRows = (p: Float64Array, n: number) => Float64Array.from({ length: n * d }, (_, i) => p[i % p.length] as number);
  const first = phase(0, repeatRows(start, cycles), sigma);
  const down0 = phase(1, first.finalPositions, { union: [A, options.B] });
  const entrances = rows(down0.finalPositions, (i) => down0.hitTargets[i] === 0);
  if (entrances.length === 0) throw invalid(where, 'sigma', sigma, 'no direct-simulation excursion from sigma returned to A; sigma must be close to A (the excursions are the common event)');
  const up = phase(2, repeatRows(entrances, cycles), sigma);
  const down = phase(3, up.finalPositions, { union: [A, options.B] });
  const downTimes = Float64Array.from([...down.hitSteps].filter((_, i) => down.hitTargets[i] === 0), (s) => s * base.dt);
  const sigmaPoints = up.finalPositions;

  // AMS runs.
  const estimates = new Float64Array(runs);
  const iterations = new Int32Array(runs);
  const reactive: number[] = [];
  let amsSteps = 0;
  const CLONE_BASE = 2 ** 44, SELECT_BASE = 2 ** 45;
  for (let run = 0; run < runs; run++) {
    let nextStream = CLONE_BASE + run * 2 ** 36;
    // Replicas advanced together in WASM from the given states; returns their continuations.
    const simulate = (starts: Array<{ state: Float64Array; replica: Replica }>) => {
      const x0 = new Float64Array(starts.length * d);
      starts.forEach((s, i) => x0.set(s.state, i * d));
      const ensemble = new Ensemble(resolveEnsembleSpec(where, { ...sim, x0, nTrajectories: starts.length, trajectoryOffset: nextStream } as SimulateOptions));
      nextStream += starts.length;
      try {
        const c = core();
        const h = ensemble.rawHandle(where);
        c.ensembleSetTarget(h, absorbing.spec, absorbing.bridge && hasHalfSpace({ union: [A, options.B] }));
        const offsetSteps = starts.map((s) => s.replica.elapsed.at(-1) as number);
        let done = 0;
        for (let steps = 0; ; steps += every) {
          const hit = c.ensembleHitSteps(h, starts.length);
          const which = c.ensembleHitComponents(h, starts.length);
          const pos = ensemble.positions();
          done = 0;
          starts.forEach((s, i) => {
            const r = s.replica;
            if (r.level === Infinity) { done++; return; }
            const state = pos.subarray(i * d, (i + 1) * d);
            const atStep = hit[i]! >= 0 ? hit[i]! : steps;
            if (which[i] === 1) {
              r.level = Infinity;
              r.reactiveSteps = (offsetSteps[i] as number) + atStep;
              r.levels.push(Infinity);
              r.states.push(Float64Array.from(state));
              r.elapsed.push(r.reactiveSteps);
              done++;
              return;
            }
            const v = xi(state);
            if (!Number.isFinite(v)) throw invalid(where, 'reactionCoordinate', v, 'it must return a finite number');
            if (v > r.level) {
              r.level = v;
              r.levels.push(v);
              r.states.push(Float64Array.from(state));
              r.elapsed.push((offsetSteps[i] as number) + atStep);
            }
            if (hit[i]! >= 0) done++;
          });
          if (done === starts.length) { amsSteps += steps * starts.length; return; }
          if (steps >= maxSteps) throw invalid(where, 'maxSteps', maxSteps, 'an AMS replica reached neither A nor B within it; raise it');
          c.ensembleStep(h, every, where);
        }
      } finally {
        ensemble.dispose();
      }
    };
    // Initial replicas: Σ-entrance points, taken in turn (run r starts at point r·N).
    const population: Replica[] = [];
    const starts: Array<{ state: Float64Array; replica: Replica }> = [];
    for (let i = 0; i < N; i++) {
      const j = (run * N + i) % cycles;
      const state = sigmaPoints.slice(j * d, (j + 1) * d);
      const replica: Replica = { levels: [xi(state)], states: [state], elapsed: [0], level: xi(state), reactiveSteps: 0 };
      population.push(replica);
      starts.push({ state, replica });
    }
    simulate(starts);
    let logWeight = 0;
    let iteration = 0;
    for (;;) {
      const sorted = population.map((r) => r.level).sort((a, b) => a - b);
      const z = sorted[k - 1] as number;
      if (z === Infinity) break;
      const killed = population.map((r, i) => (r.level <= z ? i : -1)).filter((i) => i >= 0);
      if (killed.length === N) { logWeight = -Infinity; break; }
      logWeight += Math.log1p(-killed.length / N);
      const survivors = population.map((r, i) => (r.level > z ? i : -1)).filter((i) => i >= 0);
      const u = rng.uniforms({ seed: base.seed, stream: SELECT_BASE + run * 2 ** 30 + iteration, count: killed.length });
      const restarts: Array<{ state: Float64Array; replica: Replica }> = [];
      killed.forEach((i, m) => {
        const parent = population[survivors[Math.floor((u[m] as number) * survivors.length)] as number] as Replica;
        const b = parent.levels.findIndex((l) => l > z);
        const replica: Replica = {
          levels: parent.levels.slice(0, b + 1), states: parent.states.slice(0, b + 1), elapsed: parent.elapsed.slice(0, b + 1),
          level: parent.levels[b] as number, reactiveSteps: parent.reactiveSteps,
        };
        population[i] = replica;
        // Branching at the parent's entrance into B copies the rest of it: already in B.
        if (replica.level !== Infinity) restarts.push({ state: parent.states[b] as Float64Array, replica });
      });
      if (restarts.length > 0) simulate(restarts);
      iteration++;
    }
    iterations[run] = iteration;
    const inB = population.filter((r) => r.level === Infinity);
    estimates[run] = Math.exp(logWeight) * (inB.length / N);
    for (const r of inB) reactive.push(r.reactiveSteps * base.dt);
  }

  const p = meanSe(estimates);
  const T0 = meanSe(first.hitTimes);
  const Tup = meanSe(up.hitTimes);
  const Tdown = meanSe(downTimes);
  const Treac = reactive.length > 1 ? meanSe(reactive) : { mean: 0, standardError: 0 };
  if (!(p.mean > 0)) throw invalid(where, 'replicas', N, 'no AMS run reached B; use more replicas or check that B is reachable');
  const loop = Tup.mean + Tdown.mean;
  const factor = (1 - p.mean) / p.mean;
  const time = T0.mean + factor * loop + Treac.mean;
  const standardError = Math.sqrt(
    T0.standardError ** 2 + (factor * Tup.standardError) ** 2 + (factor * Tdown.standardError) ** 2
    + ((loop / (p.mean * p.mean)) * p.standardError) ** 2 + Treac.standardError ** 2,
  );
  const zq = normalQuantile(0.5 + confidence / 2);
  return {
    time, standardError, interval: [time - zq * standardError, time + zq * standardError],
    probability: p.mean, probabilityError: p.standardError, runEstimates: estimates,
    firstToSigma: T0, up: Tup, down: Tdown, reactive: Treac, iterations, amsSteps,
  };
}

function hasHalfSpace(t: FirstPassageOptions['target']): boolean {
  return 'union' in t ? t.union.some((s) => 'halfSpace' in s) : 'halfSpace' in t;
}
