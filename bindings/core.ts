/**
 * `Core`: one instantiated sgdyn module. It owns the raw exports and linear memory, and
 * offers typed calls: arrays are copied into freshly allocated WASM buffers, the export
 * is called, results are copied out, and every buffer is freed (also on error). Views
 * over `memory.buffer` are created after each call, never cached across one.
 */
import { STATUS_CODES, SgdynError } from './errors.js';
import { EXPECTED_ABI_VERSION, missingExports, type RawExports } from './exports.js';
import { CallbackHost } from './callbacks.js';

/** What a landscape batch evaluation computes per point. */
export type LandscapeEval = 'values' | 'gradients' | 'hessians' | 'hessian_vectors';

/** Random output kinds of `sgd_rng_fill`. */
export const RNG_KIND = { bits: 0, uniform: 1, normal: 2 } as const;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** ABI codes of `sgd_ensemble_set_scheme` (crate/src/abi/mod.rs). */
const SCHEME_CODES = {
  'euler-maruyama': 0, baoab: 1, mala: 2, milstein: 3, heun: 4, sra1: 5, 'tamed-euler': 6, 'rk-milstein': 7, 'exact-ou': 8,
} as const;

/** ABI codes of `sgd_ensemble_set_noise`. */
const NOISE_CODES = { temperature: 0, correlated: 1, linear: 2, 'sqrt-quadratic': 3, 'alpha-stable': 4, sgd: 5, sde: 6, minibatch: 7 } as const;

/** Splits a seed (already validated: integer in [0, 2⁶⁴)) into u32 halves. */
export function seedHalves(seed: bigint): [number, number] {
  return [Number(seed & 0xffffffffn), Number((seed >> 32n) & 0xffffffffn)];
}

export class Core {
  readonly module: WebAssembly.Module;
  /** The JS callbacks this instance calls (`landscapes.fromFunction`); see bindings/callbacks.ts. */
  readonly callbacks: CallbackHost;
  private readonly raw: RawExports;

  private constructor(module: WebAssembly.Module, raw: RawExports, callbacks: CallbackHost) {
    this.module = module;
    this.callbacks = callbacks;
    this.raw = callbacks.guard(raw);
  }

  /**
   * Instantiates `module` with the callback imports, checking that it is a complete sgdyn
   * module of the right ABI version. Every way of loading (file, fetch, bytes, Module,
   * inline, pool workers) ends here.
   */
  static async instantiate(module: WebAssembly.Module): Promise<Core> {
    const callbacks = new CallbackHost();
    const instance = await WebAssembly.instantiate(module, callbacks.imports());
    const missing = missingExports(instance.exports);
    if (missing.length > 0) {
      throw new SgdynError('ABI_MISMATCH', `the wasm module is not sgdyn's (or is out of date): missing exports ${missing.join(', ')}`);
    }
    const raw = instance.exports as unknown as RawExports;
    const version = raw.sgd_abi_version();
    if (version !== EXPECTED_ABI_VERSION) {
      throw new SgdynError('ABI_MISMATCH', `sgdyn.wasm has ABI version ${version} but these bindings need ${EXPECTED_ABI_VERSION}: rebuild with \`npm run build\``);
    }
    callbacks.attach(raw.memory);
    return new Core(module, raw, callbacks);
  }

  /** Current size of linear memory in bytes (it only grows). */
  memoryBytes(): number {
    return this.raw.memory.buffer.byteLength;
  }

  /** Number of live objects behind handles. */
  liveObjects(): number {
    return this.raw.sgd_live_objects();
  }

  /** Throws the module's last error as an `SgdynError` when `status` ≠ 0. */
  check(status: number, context: string): void {
    if (status !== 0) throw this.lastError(context);
  }

  private lastError(context: string): SgdynError {
    const r = this.raw;
    const code = STATUS_CODES[r.sgd_last_error_code()] ?? 'INVALID_ARGUMENT';
    const ptr = r.sgd_last_error_message_ptr() >>> 0;
    const len = r.sgd_last_error_message_len() >>> 0;
    const message = len > 0 ? decoder.decode(new Uint8Array(r.memory.buffer, ptr, len)) : 'unknown error';
    const trajectory = r.sgd_last_error_trajectory();
    const step = r.sgd_last_error_step();
    if (code === 'CALLBACK_FAILED') return this.callbackError(context, message);
    return new SgdynError(code, `${context}: ${message}`, trajectory >= 0 ? { trajectory, step } : {});
  }

  /**
   * A failed callback: its own `SgdynError` (a re-entrant call, a missing callback) keeps its
   * code; anything else the user's function threw becomes `CALLBACK_FAILED` with it as `cause`.
   */
  private callbackError(context: string, message: string): SgdynError {
    const failure = this.callbacks.takeFailure();
    if (!failure) return new SgdynError('CALLBACK_FAILED', `${context}: ${message}`);
    const { landscape, error } = failure;
    if (error instanceof SgdynError) return new SgdynError(error.code, `${context}: ${error.message}`, { cause: error });
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new SgdynError('CALLBACK_FAILED', `${context}: landscape '${landscape}': ${message} by throwing ${what}`, { cause: error });
  }

  /** Normalises a constructor's returned handle; 0 means failure and throws the last error. */
  handleOrThrow(handle: number, context: string): number {
    const h = handle >>> 0;
    if (h === 0) throw this.lastError(context);
    return h;
  }

  /**
   * Runs `body` with `inputs` copied into WASM buffers and `outputLengths` f64 buffers
   * allocated; returns the outputs copied out. All buffers are freed, also on error.
   */
  withBuffers(inputs: ArrayLike<number>[], outputLengths: number[], body: (ptrs: number[]) => void): Float64Array[] {
    const r = this.raw;
    const sizes = [...inputs.map((a) => a.length), ...outputLengths].map((n) => Math.max(8, n * 8));
    const ptrs: number[] = [];
    try {
      for (const bytes of sizes) {
        const p = r.sgd_alloc(bytes) >>> 0;
        if (p === 0) throw this.lastError('allocating a buffer');
        ptrs.push(p);
      }
      inputs.forEach((a, i) => new Float64Array(r.memory.buffer, ptrs[i], a.length).set(a));
      body(ptrs);
      return outputLengths.map((n, i) => new Float64Array(r.memory.buffer, ptrs[inputs.length + i], n).slice());
    } finally {
      ptrs.forEach((p, i) => r.sgd_free(p, sizes[i] as number));
    }
  }

  /**
   * The raw exports, typed by the caller: each area's bindings file (bindings/<area>.ts)
   * declares the interface of its own exports and lists them with `requireExports`.
   */
  exportsAs<T>(): T {
    return this.raw as unknown as T;
  }

  /** Disposes an object; its handle becomes invalid. */
  release(handle: number, context: string): void {
    this.check(this.raw.sgd_release(handle), context);
  }

  // ---- random streams ----

  /** `count` outputs of stream `stream` of `seed`: raw 64-bit words, uniforms or normals. */
  rngFill(seed: bigint, stream: number, kind: keyof typeof RNG_KIND, count: number): Float64Array {
    const [lo, hi] = seedHalves(seed);
    const [out] = this.withBuffers([], [count], ([o]) =>
      this.check(this.raw.sgd_rng_fill(lo, hi, stream, RNG_KIND[kind], count, o as number), 'rng'),
    );
    return out as Float64Array;
  }

  // ---- landscapes ----

  landscapeQuadratic(hessian: ArrayLike<number>, centre: ArrayLike<number>): number {
    let h = 0;
    this.withBuffers([hessian, centre], [], ([ph, pc]) => {
      h = this.handleOrThrow(this.raw.sgd_landscape_quadratic(centre.length, ph as number, pc as number), 'landscapes.quadratic');
    });
    return h;
  }

  landscapeDoubleWell(dim: number, barrier: number, curvature: number, tilt: number, context: string): number {
    return this.handleOrThrow(this.raw.sgd_landscape_double_well(dim, barrier, curvature, tilt), context);
  }

  landscapeRing(dim: number): number {
    return this.handleOrThrow(this.raw.sgd_landscape_ring(dim), 'landscapes.ring');
  }

  /**
   * A landscape from a formula: the source, the variable names (joined by ',') and the
   * parameter names are copied in as UTF-8, the values as f64; every buffer is freed.
   */
  landscapeExpression(source: string, variables: readonly string[], names: readonly string[], values: ArrayLike<number>, context: string): number {
    let h = 0;
    this.withTexts([source, variables.join(','), names.join(',')], (buffers) => {
      const [[ps, ls], [pv, lv], [pn, ln]] = buffers as Array<[number, number]> as [[number, number], [number, number], [number, number]];
      this.withBuffers([values], [], ([pvals]) => {
        h = this.handleOrThrow(this.raw.sgd_landscape_expression(ps, ls, pv, lv, pn, ln, pvals as number, values.length), context);
      });
    });
    return h;
  }

  /**
   * Copies each text as UTF-8 into a WASM buffer and calls `body` with (pointer, byte length)
   * per text; the buffers are freed afterwards, also on error.
   */
  withTexts(texts: readonly string[], body: (buffers: Array<[number, number]>) => void): void {
    const r = this.raw;
    const bytes = texts.map((t) => encoder.encode(t));
    const ptrs: number[] = [];
    try {
      for (const t of bytes) {
        const p = r.sgd_alloc(Math.max(8, t.length)) >>> 0;
        if (p === 0) throw this.lastError('allocating a buffer');
        ptrs.push(p);
        new Uint8Array(r.memory.buffer, p, t.length).set(t);
      }
      body(ptrs.map((p, i) => [p, (bytes[i] as Uint8Array).length]));
    } finally {
      ptrs.forEach((p, i) => r.sgd_free(p, Math.max(8, (bytes[i] as Uint8Array).length)));
    }
  }

  landscapeDim(handle: number): number {
    const d = this.raw.sgd_landscape_dim(handle);
    if (d < 0) throw this.lastError('landscape');
    return d;
  }

  /** Batched value / gradient / Hessian / Hessian-vector product at `m` points (row-major). */
  landscapeEval(what: LandscapeEval, handle: number, dim: number, xs: ArrayLike<number>, vs?: ArrayLike<number>): Float64Array {
    const m = xs.length / dim;
    const perPoint = what === 'values' ? 1 : what === 'hessians' ? dim * dim : dim;
    const inputs = vs ? [xs, vs] : [xs];
    const [out] = this.withBuffers(inputs, [m * perPoint], (p) => {
      const r = this.raw;
      const [px, a, b] = p as [number, number, number];
      const status =
        what === 'values' ? r.sgd_landscape_values(handle, m, px, a)
        : what === 'gradients' ? r.sgd_landscape_gradients(handle, m, px, a)
        : what === 'hessians' ? r.sgd_landscape_hessians(handle, m, px, a)
        : r.sgd_landscape_hessian_vectors(handle, m, px, a, b);
      this.check(status, `landscape.${what}`);
    });
    return out as Float64Array;
  }

  // ---- ensembles ----

  ensembleCreate(spec: {
    landscape: number; n: number; offset: number; seed: bigint; dt: number;
    temperature: ArrayLike<number>; x0: ArrayLike<number>;
  }): number {
    const [lo, hi] = seedHalves(spec.seed);
    let h = 0;
    this.withBuffers([spec.temperature, spec.x0], [], ([pt, px]) => {
      h = this.handleOrThrow(
        this.raw.sgd_ensemble_create(spec.landscape, spec.n, spec.offset, lo, hi, spec.dt,
          pt as number, spec.temperature.length, px as number, spec.x0.length),
        'simulate',
      );
    });
    return h;
  }

  ensembleStep(handle: number, k: number, context: string): void {
    this.check(this.raw.sgd_ensemble_step(handle, k), context);
  }

  ensemblePositions(handle: number, length: number): Float64Array {
    const [out] = this.withBuffers([], [length], ([p]) =>
      this.check(this.raw.sgd_ensemble_positions(handle, p as number), 'ensemble.positions'),
    );
    return out as Float64Array;
  }

  ensembleStepsDone(handle: number): number {
    const s = this.raw.sgd_ensemble_steps_done(handle);
    if (s < 0) throw this.lastError('ensemble.stepsDone');
    return s;
  }

  /** Sets the first-passage target from its flat form (crate/src/sde/target.rs). */
  ensembleSetTarget(handle: number, spec: ArrayLike<number>, bridge: boolean): void {
    this.withBuffers([spec], [], ([p]) =>
      this.check(this.raw.sgd_ensemble_set_target(handle, p as number, spec.length, bridge ? 1 : 0), 'target'),
    );
  }

  /** Per trajectory, the index of the target component entered, or −1. */
  ensembleHitComponents(handle: number, n: number): Float64Array {
    const [out] = this.withBuffers([], [n], ([p]) =>
      this.check(this.raw.sgd_ensemble_hit_components(handle, p as number), 'ensemble.hitComponents'),
    );
    return out as Float64Array;
  }

  /** Chooses the scheme before the first step (crate/src/abi `sgd_ensemble_set_scheme`). */
  ensembleSetScheme(handle: number, scheme: keyof typeof SCHEME_CODES, friction: number): void {
    const code = SCHEME_CODES[scheme];
    this.check(this.raw.sgd_ensemble_set_scheme(handle, code, friction), 'simulate');
  }

  /** Sets the noise model before the first step (crate/src/abi `sgd_ensemble_set_noise`). */
  ensembleSetNoise(handle: number, kind: keyof typeof NOISE_CODES, param: number, matrix: ArrayLike<number>): void {
    const code = NOISE_CODES[kind];
    this.withBuffers([matrix], [], ([p]) =>
      this.check(this.raw.sgd_ensemble_set_noise(handle, code, param, p as number, matrix.length), 'simulate'),
    );
  }

  ensembleSetRefinement(handle: number, refine: number): void {
    this.check(this.raw.sgd_ensemble_set_refinement(handle, refine), 'simulate');
  }

  ensembleVelocities(handle: number, length: number): Float64Array {
    const [out] = this.withBuffers([], [length], ([p]) =>
      this.check(this.raw.sgd_ensemble_velocities(handle, p as number), 'ensemble.velocities'),
    );
    return out as Float64Array;
  }

  /** MALA's accepted then proposed move counts per trajectory (2n numbers). */
  ensembleMalaCounts(handle: number, n: number): Float64Array {
    const [out] = this.withBuffers([], [2 * n], ([p]) =>
      this.check(this.raw.sgd_ensemble_mala_counts(handle, p as number), 'ensemble.acceptanceRate'),
    );
    return out as Float64Array;
  }

  /** Block summaries `[count, means…, M2s…]` per block of `block` trajectories (crate/src/sde/moments.rs). */
  ensembleBlockMoments(handle: number, n: number, d: number, block: number): Float64Array {
    const [out] = this.withBuffers([], [Math.ceil(n / block) * (1 + 2 * d)], ([p]) =>
      this.check(this.raw.sgd_ensemble_block_moments(handle, block, p as number), 'ensemble.blockMoments'),
    );
    return out as Float64Array;
  }

  ensembleHitSteps(handle: number, n: number): Float64Array {
    const [out] = this.withBuffers([], [n], ([p]) =>
      this.check(this.raw.sgd_ensemble_hit_steps(handle, p as number), 'ensemble.hitSteps'),
    );
    return out as Float64Array;
  }

  // ---- 1-D Fokker–Planck (crate/src/fp, crate/src/abi/fp.rs) ----

  /** Creates a solver; boundaries 0 reflecting, 1 absorbing, 2 periodic; arrays as in crate/src/fp/flux.rs. */
  fp1dCreate(spec: {
    cells: number; a: number; b: number; left: number; right: number;
    drift: ArrayLike<number>; diffusionFaces: ArrayLike<number>; diffusionCentres: ArrayLike<number>;
  }, context: string): number {
    let h = 0;
    this.withBuffers([spec.drift, spec.diffusionFaces, spec.diffusionCentres], [], ([pd, pf, pc]) => {
      h = this.handleOrThrow(
        this.raw.sgd_fp1d_create(spec.cells, spec.a, spec.b, spec.left, spec.right, pd as number, pf as number, pc as number),
        context,
      );
    });
    return h;
  }

  fp1dDensity(handle: number, cells: number, context: string): Float64Array {
    const [out] = this.withBuffers([], [cells], ([p]) => this.check(this.raw.sgd_fp1d_density(handle, p as number), context));
    return out as Float64Array;
  }

  fp1dSetDensity(handle: number, density: ArrayLike<number>, context: string): void {
    this.withBuffers([density], [], ([p]) => this.check(this.raw.sgd_fp1d_set_density(handle, p as number, density.length), context));
  }

  /** `steps` steps of `dt`; scheme 0 backward Euler, 1 Crank–Nicolson, 2 TR-BDF2. */
  fp1dEvolve(handle: number, steps: number, dt: number, scheme: number, context: string): void {
    this.check(this.raw.sgd_fp1d_evolve(handle, steps, dt, scheme), context);
  }

  fp1dTime(handle: number, context: string): number {
    const t = this.raw.sgd_fp1d_time(handle);
    if (t < 0) throw this.lastError(context);
    return t;
  }

  fp1dStationary(handle: number, cells: number, context: string): Float64Array {
    const [out] = this.withBuffers([], [cells], ([p]) => this.check(this.raw.sgd_fp1d_stationary(handle, p as number), context));
    return out as Float64Array;
  }

  /** The current on the cells + 1 faces. */
  fp1dCurrent(handle: number, cells: number, context: string): Float64Array {
    const [out] = this.withBuffers([], [cells + 1], ([p]) => this.check(this.raw.sgd_fp1d_current(handle, p as number), context));
    return out as Float64Array;
  }

  fp1dEntropyProduction(handle: number, context: string): number {
    const [out] = this.withBuffers([], [1], ([p]) => this.check(this.raw.sgd_fp1d_entropy_production(handle, p as number), context));
    return (out as Float64Array)[0] as number;
  }

  fp1dSpectrum(handle: number, k: number, context: string): Float64Array {
    const [out] = this.withBuffers([], [k], ([p]) => this.check(this.raw.sgd_fp1d_spectrum(handle, k, p as number), context));
    return out as Float64Array;
  }

  fp1dEscape(handle: number, cells: number, context: string): { rate: number; density: Float64Array } {
    const [rate, density] = this.withBuffers([], [1, cells], ([pr, pd]) =>
      this.check(this.raw.sgd_fp1d_escape(handle, pr as number, pd as number), context),
    );
    return { rate: (rate as Float64Array)[0] as number, density: density as Float64Array };
  }

  /** Backward Poisson problem (crate/src/abi/fp.rs `sgd_fp1d_backward`); NaN = free cell / the grid's own side. */
  fp1dBackward(handle: number, source: number, fixed: ArrayLike<number>, leftValue: number, rightValue: number, context: string): Float64Array {
    const [out] = this.withBuffers([fixed], [fixed.length], ([pf, po]) =>
      this.check(this.raw.sgd_fp1d_backward(handle, source, pf as number, leftValue, rightValue, po as number), context),
    );
    return out as Float64Array;
  }
}
