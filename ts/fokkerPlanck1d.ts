/**
 * The 1-D Fokker–Planck equation in the Itô form of conventions.md,
 *
 *   ∂ₜp = −∂ₓ(b p) + ∂ₓ²(D p),   (overdamped Langevin: b = −U′, D = T),
 *
 * solved in WASM on a uniform finite-volume grid of `cells` cells on `[a, b]` (cell
 * averages at the centres `a + (i + ½)h`, `h = (b − a)/cells`).
 *
 * - **Flux**: Scharfetter–Gummel exponential fitting written with the effective drift
 *   `b − D′` (crate/src/fp/flux.rs has the derivation): conservative, positivity
 *   preserving, and with constant D exactly in detailed balance with the sampled Gibbs
 *   density. `fromLandscape` uses the discrete gradient of U between centres as the drift,
 *   so its stationary density is `∝ e^{−U(xᵢ)/T}` at the centres to rounding; `fromDrift`
 *   samples b at the faces, D at faces and centres, which is second order.
 * - **Boundaries**: `'reflecting'` (zero flux), `'absorbing'` (p = 0 on the boundary face),
 *   `'periodic'` (both sides).
 * - **Time stepping**: backward Euler, Crank–Nicolson or TR-BDF2 (default; second order and
 *   L-stable) with a Thomas solve (cyclic for periodic grids); mass is conserved to
 *   rounding with reflecting/periodic boundaries.
 * - **Spectrum** of `−L` by bisection on a symmetrised (Golub–Kahan) form, to high relative
 *   accuracy; **backward equation** (mean first-passage times, committors) by a
 *   subtraction-free tridiagonal elimination, accurate for times of order `e^{ΔU/T}`.
 *
 * ```ts
 * using fp = FokkerPlanck1D.fromLandscape({ landscape: landscapes.doubleWell(), temperature: 0.2,
 *   domain: [-2.5, 2.5], cells: 1000, boundary: 'reflecting' });
 * fp.setDensity((x) => Math.exp(-50 * (x + 1) ** 2)).evolve(5, { dt: 0.01 });
 * fp.spectralGap(); fp.meanFirstPassageTime('right');
 * ```
 */
import { SgdynError } from '../bindings/index.js';
import { core } from './runtime.js';
import { Owned } from './disposable.js';
import { Landscape } from './landscape.js';
import { stepsPerCall } from './ensemble.js';
import { finite, finiteArray, integer, invalid, oneOf, positive } from './validate.js';

/** What happens at one end of the interval. */
export type FokkerPlanckBoundary = 'reflecting' | 'absorbing' | 'periodic';
/** One kind for both sides, or one per side (`'periodic'` must be on both). */
export type FokkerPlanckBoundarySpec = FokkerPlanckBoundary | { left: FokkerPlanckBoundary; right: FokkerPlanckBoundary };
/** Implicit time schemes. */
export type FokkerPlanckScheme = 'backward-euler' | 'crank-nicolson' | 'tr-bdf2';
/** A set on the grid: one end of the interval (its boundary face), or the cells whose centres lie in `[lo, hi]`. */
export type FokkerPlanckRegion = 'left' | 'right' | readonly [number, number];

const BOUNDARIES = ['reflecting', 'absorbing', 'periodic'] as const;
const BOUNDARY_CODE: Record<FokkerPlanckBoundary, number> = { reflecting: 0, absorbing: 1, periodic: 2 };
const SCHEMES = ['backward-euler', 'crank-nicolson', 'tr-bdf2'] as const;
const SCHEME_CODE: Record<FokkerPlanckScheme, number> = { 'backward-euler': 0, 'crank-nicolson': 1, 'tr-bdf2': 2 };

interface GridOptions {
  /** The interval `[a, b]`, finite, a < b. */
  domain: readonly [number, number];
  /** Number of cells (integer ≥ 3). */
  cells: number;
  /** Boundary conditions (default `'reflecting'`). */
  boundary?: FokkerPlanckBoundarySpec;
}

/** Options of `FokkerPlanck1D.fromLandscape`: overdamped Langevin `dx = −U′(x)dt + √(2T) dW`. */
export interface FokkerPlanckFromLandscapeOptions extends GridOptions {
  /** A 1-D landscape U. */
  landscape: Landscape;
  /** Temperature T > 0 (the diffusion coefficient D = T). */
  temperature: number;
}

/** Options of `FokkerPlanck1D.fromDrift`: `dx = b(x)dt + √(2D(x)) dW` (Itô). */
export interface FokkerPlanckFromDriftOptions extends GridOptions {
  /** The drift b(x), sampled on the cell faces (must be finite there). */
  drift: (x: number) => number;
  /** The diffusion coefficient D ≥ 0: a constant, or D(x) sampled on faces and centres. */
  diffusion: number | ((x: number) => number);
}

/** Options of `evolve` and `snapshots`. */
export interface FokkerPlanckEvolveOptions {
  /** Largest time step; the interval is split into ⌈t/dt⌉ equal steps. */
  dt: number;
  /** Time scheme (default `'tr-bdf2'`). Backward Euler is the only one that keeps p ≥ 0 for every dt. */
  scheme?: FokkerPlanckScheme;
}

interface Resolved {
  a: number;
  b: number;
  cells: number;
  h: number;
  left: FokkerPlanckBoundary;
  right: FokkerPlanckBoundary;
}

function resolveGrid(where: string, o: GridOptions): Resolved {
  const d = o?.domain as unknown;
  const ok = (Array.isArray(d) || ArrayBuffer.isView(d)) && (d as ArrayLike<unknown>).length === 2;
  const [a, b] = ok ? [(d as ArrayLike<unknown>)[0], (d as ArrayLike<unknown>)[1]] : [NaN, NaN];
  if (!ok || typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    const shown = ok ? `[${String(a)}, ${String(b)}]` : String(d);
    throw new SgdynError('INVALID_ARGUMENT', `${where}: domain = ${shown} is not allowed: it must be [a, b] with finite numbers a < b`);
  }
  const cells = integer(where, 'cells', o.cells, 3);
  const spec = o.boundary ?? 'reflecting';
  let left: FokkerPlanckBoundary, right: FokkerPlanckBoundary;
  if (typeof spec === 'string') {
    left = right = oneOf(where, 'boundary', spec, BOUNDARIES);
  } else if (spec && typeof spec === 'object') {
    left = oneOf(where, 'boundary.left', spec.left, BOUNDARIES);
    right = oneOf(where, 'boundary.right', spec.right, BOUNDARIES);
  } else {
    throw invalid(where, 'boundary', spec, `it must be one of ${BOUNDARIES.map((s) => `'${s}'`).join(', ')} or { left, right }`);
  }
  if ((left === 'periodic') !== (right === 'periodic')) {
    throw new SgdynError('INVALID_ARGUMENT', `${where}: boundary = { left: '${left}', right: '${right}' } is not allowed: 'periodic' must be set on both sides or on neither`);
  }
  return { a, b, cells, h: (b - a) / cells, left, right };
}

const centreOf = (g: Resolved, i: number) => g.a + (i + 0.5) * g.h;
const faceOf = (g: Resolved, f: number) => g.a + f * g.h;

/** Samples `fn` at `xs`, requiring finite numbers (and ≥ 0 when `nonNegative`). */
function sample(where: string, name: string, fn: (x: number) => number, xs: Float64Array, nonNegative: boolean): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    const v = fn(x);
    if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) {
      throw new SgdynError('INVALID_ARGUMENT', `${where}: ${name}(${x}) = ${String(v)} is not allowed: it must be a finite number${nonNegative ? ' >= 0' : ''} at every ${name === 'drift' ? 'face' : 'face and centre'} of the grid`);
    }
    out[i] = v;
  }
  return out;
}

/** A 1-D Fokker–Planck solver living in WASM memory. Dispose it when done. */
export class FokkerPlanck1D extends Owned {
  /** Number of cells. */
  readonly cells: number;
  /** The interval `[a, b]`. */
  readonly domain: readonly [number, number];
  /** Cell width `h = (b − a)/cells`. */
  readonly cellWidth: number;
  /** Boundary condition on each side. */
  readonly boundary: Readonly<{ left: FokkerPlanckBoundary; right: FokkerPlanckBoundary }>;

  private constructor(handle: number, g: Resolved) {
    super(handle, 'fokkerPlanck1D');
    this.cells = g.cells;
    this.domain = Object.freeze([g.a, g.b] as const);
    this.cellWidth = g.h;
    this.boundary = Object.freeze({ left: g.left, right: g.right });
  }

  private static create(where: string, g: Resolved, drift: Float64Array, diffusionFaces: Float64Array, diffusionCentres: Float64Array): FokkerPlanck1D {
    const handle = core().fp1dCreate({
      cells: g.cells, a: g.a, b: g.b, left: BOUNDARY_CODE[g.left], right: BOUNDARY_CODE[g.right],
      drift, diffusionFaces, diffusionCentres,
    }, where);
    return new FokkerPlanck1D(handle, g);
  }

  /**
   * Overdamped Langevin `dx = −U′(x)dt + √(2T) dW` on a 1-D landscape. The drift on each
   * face is the discrete gradient of U between the neighbouring centres (at a boundary face:
   * between the face and the first centre), which makes the stationary density exactly
   * `∝ e^{−U(xᵢ)/T}` at the centres with reflecting boundaries.
   */
  static fromLandscape(options: FokkerPlanckFromLandscapeOptions): FokkerPlanck1D {
    const where = 'FokkerPlanck1D.fromLandscape';
    const landscape = options?.landscape;
    if (!(landscape instanceof Landscape)) throw invalid(where, 'landscape', landscape, 'it must be a Landscape from `landscapes.*`');
    if (landscape.dim !== 1) throw invalid(where, 'landscape.dim', landscape.dim, 'it must be 1 (a 1-D landscape)');
    const T = positive(where, 'temperature', options.temperature);
    const g = resolveGrid(where, options);
    const n = g.cells;
    const centres = Float64Array.from({ length: n }, (_, i) => centreOf(g, i));
    const faces = Float64Array.from({ length: n + 1 }, (_, f) => faceOf(g, f));
    const uc = landscape.values(centres);
    const uf = landscape.values(faces);
    for (const [u, xs] of [[uc, centres], [uf, faces]] as const) {
      const i = u.findIndex((v) => !Number.isFinite(v));
      if (i >= 0) throw new SgdynError('INVALID_ARGUMENT', `${where}: U(${xs[i]}) = ${u[i]} is not allowed: the landscape must be finite on the whole grid`);
    }
    const drift = new Float64Array(n + 1);
    for (let f = 1; f < n; f++) drift[f] = -((uc[f] as number) - (uc[f - 1] as number)) / g.h;
    if (g.left === 'periodic') {
      drift[0] = -((uc[0] as number) - (uc[n - 1] as number)) / g.h;
      drift[n] = drift[0] as number;
    } else {
      drift[0] = -((uc[0] as number) - (uf[0] as number)) / (0.5 * g.h);
      drift[n] = -((uf[n] as number) - (uc[n - 1] as number)) / (0.5 * g.h);
    }
    const df = new Float64Array(n + 1).fill(T);
    const dc = new Float64Array(n).fill(T);
    return FokkerPlanck1D.create(where, g, drift, df, dc);
  }

  /**
   * A general Itô diffusion `dx = b(x)dt + √(2D(x)) dW`, i.e. `∂ₜp = −∂ₓ(b p) + ∂ₓ²(D p)`
   * (e.g. `drift: (x) => -x, diffusion: (x) => D0 * (1 + x * x)`). b is sampled on the
   * faces, D on faces and centres (D′ on a face from the neighbouring centres).
   */
  static fromDrift(options: FokkerPlanckFromDriftOptions): FokkerPlanck1D {
    const where = 'FokkerPlanck1D.fromDrift';
    if (typeof options?.drift !== 'function') throw invalid(where, 'drift', options?.drift, 'it must be a function (x) => number');
    const diffusion = options.diffusion;
    if (typeof diffusion !== 'function' && (typeof diffusion !== 'number' || !Number.isFinite(diffusion) || diffusion < 0)) {
      throw invalid(where, 'diffusion', diffusion, 'it must be a finite number >= 0 or a function (x) => number');
    }
    const g = resolveGrid(where, options);
    const n = g.cells;
    const faces = Float64Array.from({ length: n + 1 }, (_, f) => faceOf(g, f));
    const centres = Float64Array.from({ length: n }, (_, i) => centreOf(g, i));
    const drift = sample(where, 'drift', options.drift, faces, false);
    const D = typeof diffusion === 'number' ? () => diffusion : diffusion;
    const df = sample(where, 'diffusion', D, faces, true);
    const dc = sample(where, 'diffusion', D, centres, true);
    return FokkerPlanck1D.create(where, g, drift, df, dc);
  }

  /** The cell centres `a + (i + ½)h`. */
  grid(): Float64Array {
    const g = this.resolved();
    return Float64Array.from({ length: this.cells }, (_, i) => centreOf(g, i));
  }

  /** The cell faces `a + f h`, f = 0…cells (where `current()` lives). */
  faces(): Float64Array {
    const g = this.resolved();
    return Float64Array.from({ length: this.cells + 1 }, (_, f) => faceOf(g, f));
  }

  private resolved(): Resolved {
    return { a: this.domain[0], b: this.domain[1], cells: this.cells, h: this.cellWidth, left: this.boundary.left, right: this.boundary.right };
  }

  /** A copy of the density at the cell centres (cell averages). */
  density(): Float64Array {
    return core().fp1dDensity(this.handle('density'), this.cells, 'fokkerPlanck1D.density');
  }

  /** Total probability `h Σ pᵢ` (1 unless mass was absorbed or the density was set unnormalised). */
  mass(): number {
    let s = 0;
    for (const v of this.density()) s += v;
    return s * this.cellWidth;
  }

  /** Time elapsed since the density was last set (the initial density is uniform, at time 0). */
  get time(): number {
    return core().fp1dTime(this.handle('time'), 'fokkerPlanck1D.time');
  }

  /**
   * Sets the density: an array of `cells` values or a function sampled at the centres;
   * finite and ≥ 0. Normalised to `h Σ pᵢ = 1` unless `normalize: false`. Resets the clock to 0.
   */
  setDensity(p: ArrayLike<number> | ((x: number) => number), options: { normalize?: boolean } = {}): this {
    const where = 'fokkerPlanck1D.setDensity';
    const handle = this.handle('setDensity');
    const values = typeof p === 'function'
      ? sample(where, 'p', p, this.grid(), true)
      : finiteArray(where, 'p', p, [this.cells], `cells = ${this.cells}`);
    const bad = values.findIndex((v) => v < 0);
    if (bad >= 0) throw invalid(where, `p[${bad}]`, values[bad], 'every entry must be a finite number >= 0');
    if (options.normalize ?? true) {
      let s = 0;
      for (const v of values) s += v;
      const mass = s * this.cellWidth;
      if (!(mass > 0) || !Number.isFinite(mass)) throw invalid(where, 'p', p, `its mass h·Σp = ${mass} must be a finite number > 0 to normalise it (or pass normalize: false)`);
      for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / mass;
    }
    core().fp1dSetDensity(handle, values, where);
    return this;
  }

  /**
   * Advances the density by time `t` in ⌈t/dt⌉ equal steps of the chosen scheme. Work is
   * split into WASM calls of about 2²² cell-steps (lets V8 optimise the kernel; results do
   * not depend on the split).
   */
  evolve(t: number, options: FokkerPlanckEvolveOptions): this {
    const where = 'fokkerPlanck1D.evolve';
    const handle = this.handle('evolve');
    const duration = finite(where, 't', t);
    if (duration < 0) throw invalid(where, 't', t, 'it must be a finite number >= 0');
    const { dt, scheme } = this.stepOptions(where, options);
    const steps = duration === 0 ? 0 : Math.max(1, Math.ceil(duration / dt - 1e-9));
    if (steps === 0) return this;
    if (!Number.isSafeInteger(steps)) throw invalid(where, 'dt', dt, `t/dt = ${duration / dt} steps is too many`);
    const h = duration / steps;
    const chunk = stepsPerCall(this.cells * (scheme === 'tr-bdf2' ? 2 : 1));
    for (let done = 0; done < steps; done += chunk) {
      core().fp1dEvolve(handle, Math.min(chunk, steps - done), h, SCHEME_CODE[scheme], where);
    }
    return this;
  }

  private stepOptions(where: string, options: FokkerPlanckEvolveOptions): { dt: number; scheme: FokkerPlanckScheme } {
    if (!options || typeof options !== 'object') throw invalid(where, 'options', options, 'it must be { dt, scheme? }');
    return { dt: positive(where, 'dt', options.dt), scheme: oneOf(where, 'scheme', options.scheme ?? 'tr-bdf2', SCHEMES) };
  }

  /**
   * Densities at the given times of the solver's clock (`time`), which must be
   * non-decreasing and ≥ the current time; the solver ends at the last one.
   */
  snapshots(times: ArrayLike<number>, options: FokkerPlanckEvolveOptions): Float64Array[] {
    const where = 'fokkerPlanck1D.snapshots';
    const ts = finiteArray(where, 'times', times, [times?.length ?? -1], 'an array of finite numbers');
    this.stepOptions(where, options);
    let previous = this.time;
    ts.forEach((t, i) => {
      const floor = i === 0 ? previous : (ts[i - 1] as number);
      if (t < floor) throw invalid(where, `times[${i}]`, t, `times must be non-decreasing and >= the current time ${previous}`);
    });
    const out: Float64Array[] = [];
    for (const t of ts) {
      this.evolve(t - previous, options);
      previous = t;
      out.push(this.density());
    }
    return out;
  }

  /**
   * The stationary density (normalised), the null vector of the generator: with reflecting
   * boundaries by the detailed-balance recursion (exact `∝ e^{−U/T}` for `fromLandscape`),
   * periodic by GTH state reduction. Throws with an absorbing boundary (see `escapeRate`).
   * Does not change the current density.
   */
  stationary(): Float64Array {
    return core().fp1dStationary(this.handle('stationary'), this.cells, 'fokkerPlanck1D.stationary');
  }

  /**
   * The probability current `J = b p − ∂ₓ(D p)` of the current density at the `cells + 1`
   * faces (positive = rightwards; the outflow at an absorbing face; 0 at a reflecting one).
   */
  current(): Float64Array {
    return core().fp1dCurrent(this.handle('current'), this.cells, 'fokkerPlanck1D.current');
  }

  /**
   * Entropy production rate of the current density, `Σ_faces (F⁺ − F⁻) ln(F⁺/F⁻)` over the
   * one-way probability fluxes of the discrete process (Schnakenberg); tends to
   * `∫ J²/(D p) dx`, and with detailed balance equals `−(d/dt) KL(p ‖ p_stationary)`.
   */
  entropyProduction(): number {
    return core().fp1dEntropyProduction(this.handle('entropyProduction'), 'fokkerPlanck1D.entropyProduction');
  }

  /**
   * The k smallest eigenvalues of `−L` (L the discrete generator), ascending. Reflecting or
   * absorbing boundaries: to ~1e-14 relative each; periodic: the process must be reversible
   * (no net circulation), absolute accuracy ~`cells·ε·λ_max`.
   */
  spectrum(k: number): Float64Array {
    const where = 'fokkerPlanck1D.spectrum';
    const handle = this.handle('spectrum');
    const kk = integer(where, 'k', k, 1);
    if (kk > this.cells) throw invalid(where, 'k', k, `it must be an integer in [1, cells = ${this.cells}]`);
    return core().fp1dSpectrum(handle, kk, where);
  }

  /**
   * The smallest non-zero eigenvalue of `−L` (conventions.md): λ₁ when mass is conserved
   * (reflecting/periodic: λ₀ = 0), λ₀ = `escapeRate().rate` with an absorbing boundary.
   */
  spectralGap(): number {
    const conserving = this.boundary.left !== 'absorbing' && this.boundary.right !== 'absorbing';
    const ev = this.spectrum(conserving ? 2 : 1);
    return ev[conserving ? 1 : 0] as number;
  }

  /**
   * Mean first-passage time to `target` from every cell (0 on target cells): solves
   * `L†τ = −1` with `τ = 0` on the target. `'left'`/`'right'`: the boundary face there
   * (made absorbing); `[lo, hi]`: the cells whose centres lie in it. An absorbing side
   * of the solver also ends the passage (τ is then the mean time to the target *or* that side).
   */
  meanFirstPassageTime(target: FokkerPlanckRegion): Float64Array {
    const where = 'fokkerPlanck1D.meanFirstPassageTime';
    const handle = this.handle('meanFirstPassageTime');
    const fixed = new Float64Array(this.cells).fill(NaN);
    const sides = { left: NaN, right: NaN };
    this.mark(where, 'target', target, 0, fixed, sides);
    return core().fp1dBackward(handle, 1, fixed, sides.left, sides.right, where);
  }

  /**
   * Committor `q = P(reach B before A)` from every cell: `L†q = 0`, `q = 0` on A, 1 on B
   * (sets as in `meanFirstPassageTime`). Being absorbed at a side of the solver that is in
   * neither set counts as not reaching B.
   */
  committor(a: FokkerPlanckRegion, b: FokkerPlanckRegion): Float64Array {
    const where = 'fokkerPlanck1D.committor';
    const handle = this.handle('committor');
    const fixed = new Float64Array(this.cells).fill(NaN);
    const sides = { left: NaN, right: NaN };
    this.mark(where, 'A', a, 0, fixed, sides);
    this.mark(where, 'B', b, 1, fixed, sides);
    return core().fp1dBackward(handle, 0, fixed, sides.left, sides.right, where);
  }

  private mark(where: string, name: string, region: FokkerPlanckRegion, value: number, fixed: Float64Array, sides: { left: number; right: number }): void {
    if (region === 'left' || region === 'right') {
      if (this.boundary.left === 'periodic') throw invalid(where, name, region, "a periodic grid has no sides: give an interval [lo, hi]");
      if (!Number.isNaN(sides[region])) throw invalid(where, name, region, 'A and B must not overlap');
      sides[region] = value;
      return;
    }
    const ok = (Array.isArray(region) || ArrayBuffer.isView(region)) && (region as ArrayLike<unknown>).length === 2;
    const lo = ok ? (region as ArrayLike<unknown>)[0] : NaN, hi = ok ? (region as ArrayLike<unknown>)[1] : NaN;
    if (!ok || typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo <= hi)) {
      throw new SgdynError('INVALID_ARGUMENT', `${where}: ${name} = ${ok ? `[${String(lo)}, ${String(hi)}]` : String(region)} is not allowed: it must be 'left', 'right' or an interval [lo, hi] of finite numbers lo <= hi`);
    }
    const g = this.resolved();
    let hits = 0;
    for (let i = 0; i < this.cells; i++) {
      const x = centreOf(g, i);
      if (x >= lo && x <= hi) {
        if (!Number.isNaN(fixed[i] as number)) throw new SgdynError('INVALID_ARGUMENT', `${where}: ${name} = [${lo}, ${hi}] is not allowed: A and B must not overlap (both contain the cell at ${x})`);
        fixed[i] = value;
        hits++;
      }
    }
    if (hits === 0) {
      throw new SgdynError('INVALID_ARGUMENT', `${where}: ${name} = [${lo}, ${hi}] is not allowed: it contains no cell centre (centres are ${g.h} apart, from ${centreOf(g, 0)} to ${centreOf(g, this.cells - 1)})`);
    }
  }

  /**
   * With an absorbing boundary: the escape rate (the principal eigenvalue λ₀ of `−L`; the
   * surviving mass decays as `e^{−λ₀t}` at long times) and the quasi-stationary density
   * (its eigenvector, normalised).
   */
  escapeRate(): { rate: number; density: Float64Array } {
    return core().fp1dEscape(this.handle('escapeRate'), this.cells, 'fokkerPlanck1D.escapeRate');
  }

  /**
   * Linear interpolation of cell values (`density()`, `meanFirstPassageTime()`, …) at x in
   * the domain; linear extrapolation over the half cells at the ends.
   */
  interpolate(values: ArrayLike<number>, x: number): number {
    const where = 'fokkerPlanck1D.interpolate';
    const v = finiteArray(where, 'values', values, [this.cells], `cells = ${this.cells}`);
    const xx = finite(where, 'x', x);
    const [a, b] = this.domain;
    if (xx < a || xx > b) throw invalid(where, 'x', x, `it must lie in the domain [${a}, ${b}]`);
    const s = (xx - a) / this.cellWidth - 0.5;
    const i = Math.min(this.cells - 2, Math.max(0, Math.floor(s)));
    const w = s - i;
    return (1 - w) * (v[i] as number) + w * (v[i + 1] as number);
  }
}
