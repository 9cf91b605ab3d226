/**
 * The 2-D Fokker–Planck equation in the Itô form of conventions.md,
 *
 *   ∂ₜp = −∇·(b p) + Σᵢⱼ ∂ᵢ∂ⱼ(Dᵢⱼ(x) p),   (overdamped Langevin: b = −∇U, D = T·I),
 *
 * solved in WASM on a tensor grid of `cells = [n₁, n₂]` finite volumes on
 * `[a₁, b₁] × [a₂, b₂]` (crate/src/fp/solver2d.rs, krylov2d.rs, spectrum2d.rs).
 *
 * - **Layout**: every per-cell array (density, `grid()`) is row-major with x fastest:
 *   cell `(i, j)` at centre `(x_i, y_j)` is entry `j·n₁ + i`.
 * - **Flux**: the 1-D Scharfetter–Gummel flux (crate/src/fp/flux.rs) across every face, one
 *   direction at a time: conservative and positivity preserving (the discrete generator is
 *   a Markov jump process on the cells). `fromLandscape` takes `b` on each face as the
 *   discrete gradient of U between the neighbouring centres, so every face is in detailed
 *   balance with `e^{−U/T}` at the centres, which is then *exactly* stationary (to
 *   rounding); `fromDrift` samples `b₁` on the x-faces and `b₂` on the y-faces, and D as
 *   `FokkerPlanck2DFromDriftOptions.diffusion` says (second order).
 * - **Boundaries**: `'reflecting'` (zero flux), `'absorbing'` (p = 0 on the boundary face)
 *   or `'periodic'` per side; periodic must be set on both sides of a direction.
 * - **Time stepping**: operator splitting into tridiagonal line solves (cyclic ones in a
 *   periodic direction; Hundsdorfer & Verwer 2003, §IV.1): `'backward-euler'` = Lie
 *   splitting of backward Euler (first order, positivity preserving for every dt);
 *   `'tr-bdf2'` (default) = Strang splitting `S₁(dt/2) S₂(dt) S₁(dt/2)` of the 1-D TR-BDF2
 *   step (second order). Mass is conserved to rounding with reflecting/periodic boundaries.
 *   For a separable problem both are exactly the tensor product of 1-D `FokkerPlanck1D`
 *   solutions with the same scheme.
 * - **Off-diagonal D**: the mixed term `2∂₁∂₂(D₁₂p)` is the divergence of face fluxes
 *   `−∂₂(D₁₂p)` / `−∂₁(D₁₂p)` (centred differences of the cells beside each face): a
 *   conservative 9-point stencil, not positivity preserving; time stepping is then the
 *   Douglas scheme (θ = 1 for `'backward-euler'`, ½ for `'tr-bdf2'`; explicit mixed term,
 *   first order; In 't Hout & Welfert 2009), the ILU(0) pattern stays 5-point.
 * - **Stationary density**: BiCGSTAB (van der Vorst 1992) with ILU(0) preconditioning on
 *   the generator with one row replaced by `p_k = 1`, started from the detailed-balance
 *   density integrated from the face log-ratios (exact for gradient drifts, where the solve
 *   needs no iteration); otherwise the start is relaxed by 14 large backward-Euler steps and
 *   the pinned cell is its maximum (so the unknowns stay O(1)). ILU(0) iteration counts grow
 *   about linearly with the cells per side (measured 60 / 132 / 267 at 128² / 256² / 512²).
 * - **Backward equation** (`meanFirstPassageTime`, `committor`): `L† = Mᵀ`, the transpose
 *   of the same discrete generator (the mixed term included), by the same preconditioned
 *   BiCGSTAB.
 * - **Spectrum** (`spectrum`, `spectralGap`, `escapeRate`): shift-and-invert Lanczos on the
 *   symmetrised generator when the grid process is in detailed balance, Arnoldi otherwise;
 *   the conserved-mass eigenvalue 0 is deflated exactly.
 * - **Plots**: `heatmapPlot(fp.heatmapField(), { quiver: fp.currentField() })` (ts/plot).
 *
 * ```ts
 * using fp = FokkerPlanck2D.fromLandscape({ landscape: landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] }),
 *   temperature: 0.3, domain: [[-2.5, 2.5], [-2, 2]], cells: [200, 160] });
 * const pi = fp.stationary();
 * fp.spectralGap(); fp.committor([[-1.2, -0.8], [-0.2, 0.2]], [[0.8, 1.2], [-0.2, 0.2]]);
 * fp.setDensity((x, y) => Math.exp(-20 * ((x + 1) ** 2 + y * y))).evolve(2, { dt: 0.01 });
 * ```
 */
import { SgdynError } from '../bindings/index.js';
import * as raw from '../bindings/fokkerPlanck2d.js';
import { core } from './runtime.js';
import { Owned } from './disposable.js';
import { Landscape } from './landscape.js';
import { stepsPerCall } from './ensemble.js';
import { finite, finiteArray, integer, invalid, oneOf, positive } from './validate.js';

/** Boundary kinds: per side; `'periodic'` must be set on both sides of a direction or on neither. */
export type FokkerPlanck2DBoundary = 'reflecting' | 'absorbing' | 'periodic';
/** One kind for all sides, or per side. */
export type FokkerPlanck2DBoundarySpec =
  | FokkerPlanck2DBoundary
  | { xLeft?: FokkerPlanck2DBoundary; xRight?: FokkerPlanck2DBoundary; yLeft?: FokkerPlanck2DBoundary; yRight?: FokkerPlanck2DBoundary };
/** Time schemes (operator splitting; see the module doc). */
export type FokkerPlanck2DScheme = 'backward-euler' | 'tr-bdf2';

const BOUNDARIES = ['reflecting', 'absorbing', 'periodic'] as const;
const BOUNDARY_CODE: Record<FokkerPlanck2DBoundary, number> = { reflecting: 0, absorbing: 1, periodic: 2 };
const SCHEMES = ['backward-euler', 'tr-bdf2'] as const;
const SCHEME_CODE: Record<FokkerPlanck2DScheme, number> = { 'backward-euler': 0, 'tr-bdf2': 2 };

interface Grid2DOptions {
  /** `[[a₁, b₁], [a₂, b₂]]`, finite, aᵢ < bᵢ. */
  domain: readonly [readonly [number, number], readonly [number, number]];
  /** Cells per direction `[n₁, n₂]` (integers ≥ 3), or one number for both. */
  cells: number | readonly [number, number];
  /** Boundary conditions (default `'reflecting'`). */
  boundary?: FokkerPlanck2DBoundarySpec;
}

/** Options of `FokkerPlanck2D.fromLandscape`: `dx = −∇U dt + √(2T) dW` in 2-D. */
export interface FokkerPlanck2DFromLandscapeOptions extends Grid2DOptions {
  /** A 2-D landscape U (any built-in or expression landscape). */
  landscape: Landscape;
  /**
   * Temperature T > 0 (D = T·I), or one per coordinate `[T₁, T₂]` (D = diag(T₁, T₂), as the
   * ensembles' anisotropic temperature; not in detailed balance unless U is separable).
   */
  temperature: number | readonly [number, number];
}

/** A 2×2 diffusion matrix: one number (D·I), `[D₁, D₂]` (diagonal) or a symmetric positive-definite `[[D₁₁, D₁₂], [D₁₂, D₂₂]]`. */
export type FokkerPlanck2DDiffusionValue = number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]];

/** Options of `FokkerPlanck2D.fromDrift`: `dx = b(x)dt + √(2D(x)) dW` (Itô). */
export interface FokkerPlanck2DFromDriftOptions extends Grid2DOptions {
  /** The drift `(x, y) => [b₁, b₂]`; b₁ is sampled on the x-faces, b₂ on the y-faces. */
  drift: (x: number, y: number) => readonly [number, number] | ArrayLike<number>;
  /**
   * The diffusion matrix D: constant (`FokkerPlanck2DDiffusionValue`) or state-dependent,
   * `(x, y) => value` (Itô: the equation has `∂ᵢ∂ⱼ(Dᵢⱼ p)`). D₁₁ is sampled on the x-faces
   * and the centres, D₂₂ on the y-faces and the centres, D₁₂ at the centres; it must be
   * positive definite at every sample. With D₁₂ ≠ 0 the mixed term is a 9-point stencil
   * that does **not** preserve positivity, and time stepping is the Douglas scheme (first
   * order); `entropyProduction` is not available then.
   */
  diffusion: FokkerPlanck2DDiffusionValue | ((x: number, y: number) => FokkerPlanck2DDiffusionValue);
}

/** Options of `evolve`. */
export interface FokkerPlanck2DEvolveOptions {
  /** Largest time step; the interval is split into ⌈t/dt⌉ equal steps. */
  dt: number;
  /** Time scheme (default `'tr-bdf2'`). */
  scheme?: FokkerPlanck2DScheme;
}

/** A set of cells: a box `[[x₀, x₁], [y₀, y₁]]` (cells whose centres lie in it) or a predicate `(x, y) => boolean` on the centres. */
export type FokkerPlanck2DRegion = readonly [readonly [number, number], readonly [number, number]] | ((x: number, y: number) => boolean);

/** Eigenvalues of −L nearest 0 (`spectrum`). */
export interface FokkerPlanck2DSpectrum {
  /** Real parts, ascending (a conserved mass gives an exact leading 0). */
  re: Float64Array;
  /** Imaginary parts (all 0 on the reversible path). */
  im: Float64Array;
  /** Whether the process is in detailed balance on the grid (symmetric Lanczos path; real spectrum). */
  reversible: boolean;
}

/** Options of `spectrum`, `spectralGap` and `escapeRate`. */
export interface FokkerPlanck2DSpectrumOptions {
  /** Relative tolerance of the Lanczos / Arnoldi iteration (default 1e-8; the inner solves are exact to ~1e-13 backward error, which bounds what can be reached for ill-conditioned generators). */
  tolerance?: number;
  /** Iteration cap of each inner BiCGSTAB solve (default 20 000). */
  maxIterations?: number;
}

/** Options of `stationary`. */
export interface FokkerPlanck2DStationaryOptions {
  /** Backward-error tolerance `‖r‖₂ ≤ tol·max|Aᵢᵢ|·‖p‖₂` (default 1e-12). */
  tolerance?: number;
  /** Largest number of BiCGSTAB iterations (default 20 000). */
  maxIterations?: number;
}

interface Resolved {
  ax: number; bx: number; ay: number; by: number;
  nx: number; ny: number; hx: number; hy: number;
  sides: [FokkerPlanck2DBoundary, FokkerPlanck2DBoundary, FokkerPlanck2DBoundary, FokkerPlanck2DBoundary];
}

function interval(where: string, name: string, d: unknown): [number, number] {
  const ok = (Array.isArray(d) || ArrayBuffer.isView(d)) && (d as ArrayLike<unknown>).length === 2;
  const [a, b] = ok ? [(d as ArrayLike<unknown>)[0], (d as ArrayLike<unknown>)[1]] : [NaN, NaN];
  if (!ok || typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new SgdynError('INVALID_ARGUMENT', `${where}: ${name} = ${ok ? `[${String(a)}, ${String(b)}]` : String(d)} is not allowed: it must be [a, b] with finite numbers a < b`);
  }
  return [a, b];
}

function resolveGrid(where: string, o: Grid2DOptions): Resolved {
  const d = o?.domain as unknown;
  if (!Array.isArray(d) || d.length !== 2) throw invalid(where, 'domain', d, 'it must be [[a1, b1], [a2, b2]]');
  const [ax, bx] = interval(where, 'domain[0]', d[0]);
  const [ay, by] = interval(where, 'domain[1]', d[1]);
  const c = o.cells as unknown;
  let nx: number, ny: number;
  if (typeof c === 'number') {
    nx = ny = integer(where, 'cells', c, 3);
  } else if (Array.isArray(c) && c.length === 2) {
    nx = integer(where, 'cells[0]', c[0], 3);
    ny = integer(where, 'cells[1]', c[1], 3);
  } else {
    throw invalid(where, 'cells', c, 'it must be an integer >= 3 or [n1, n2]');
  }
  if (nx * ny > 2 ** 26) throw invalid(where, 'cells', o.cells, `cells[0]·cells[1] = ${nx * ny} must be at most 2^26 = ${2 ** 26}`);
  const spec = o.boundary ?? 'reflecting';
  let sides: Resolved['sides'];
  if (typeof spec === 'string') {
    const k = oneOf(where, 'boundary', spec, BOUNDARIES);
    sides = [k, k, k, k];
  } else if (spec && typeof spec === 'object') {
    const s = spec as Record<string, unknown>;
    const get = (name: string) => oneOf(where, `boundary.${name}`, s[name] ?? 'reflecting', BOUNDARIES);
    sides = [get('xLeft'), get('xRight'), get('yLeft'), get('yRight')];
  } else {
    throw invalid(where, 'boundary', spec, "it must be 'reflecting', 'absorbing', 'periodic' or { xLeft, xRight, yLeft, yRight }");
  }
  for (const [axis, l, r] of [['x', sides[0], sides[1]], ['y', sides[2], sides[3]]] as const) {
    if ((l === 'periodic') !== (r === 'periodic')) {
      throw invalid(where, 'boundary', JSON.stringify(spec), `${axis}Left = '${l}' and ${axis}Right = '${r}' are inconsistent: 'periodic' must be set on both sides of a direction or on neither`);
    }
  }
  return { ax, bx, ay, by, nx, ny, hx: (bx - ax) / nx, hy: (by - ay) / ny, sides };
}

/** `[D₁₁, D₁₂, D₂₂]` of a diffusion value, checked (diagonal entries > 0, symmetric, positive definite). */
function diffusionMatrix(where: string, name: string, d: unknown): [number, number, number] {
  if (typeof d === 'number') {
    const v = positive(where, name, d);
    return [v, 0, v];
  }
  if (Array.isArray(d) && d.length === 2 && Array.isArray(d[0]) && Array.isArray(d[1])) {
    const m = [d[0][0], d[0][1], d[1][0], d[1][1]].map((v, k) => finite(where, `${name}[${k >> 1}][${k & 1}]`, v));
    const [a, b, c, e] = m as [number, number, number, number];
    if (d[0].length !== 2 || d[1].length !== 2 || b !== c || !(a > 0 && a * e - b * b > 0)) {
      throw invalid(where, name, JSON.stringify(d), 'a matrix diffusion must be 2×2, symmetric and positive definite');
    }
    return [a, b, e];
  }
  if (Array.isArray(d) && d.length === 2) return [positive(where, `${name}[0]`, d[0]), 0, positive(where, `${name}[1]`, d[1])];
  throw invalid(where, name, d, 'it must be a number > 0, [D1, D2] or a 2×2 SPD matrix [[D11, D12], [D12, D22]]');
}

/** Samples of a constant diffusion matrix. */
function constantDiffusion(g: Resolved, d11: number, d22: number, d12: number): raw.FokkerPlanck2DDiffusionSamples {
  const { nx, ny } = g;
  return {
    xxFaces: new Float64Array((nx + 1) * ny).fill(d11), xxCentres: new Float64Array(nx * ny).fill(d11),
    yyFaces: new Float64Array(nx * (ny + 1)).fill(d22), yyCentres: new Float64Array(nx * ny).fill(d22),
    xy: d12 === 0 ? null : new Float64Array(nx * ny).fill(d12),
  };
}

/** A 2-D Fokker–Planck solver living in WASM memory. Dispose it when done. */
export class FokkerPlanck2D extends Owned {
  /** Cells per direction `[n₁, n₂]`. */
  readonly cells: readonly [number, number];
  /** `[[a₁, b₁], [a₂, b₂]]`. */
  readonly domain: readonly [readonly [number, number], readonly [number, number]];
  /** Cell widths `[h₁, h₂]`. */
  readonly cellWidth: readonly [number, number];
  /** Boundary condition on each side. */
  readonly boundary: Readonly<{ xLeft: FokkerPlanck2DBoundary; xRight: FokkerPlanck2DBoundary; yLeft: FokkerPlanck2DBoundary; yRight: FokkerPlanck2DBoundary }>;
  /** BiCGSTAB iterations of the last `stationary()` call (0 when the initial guess already solved it). */
  stationaryIterations = 0;
  readonly #g: Resolved;

  private constructor(handle: number, g: Resolved) {
    super(handle, 'fokkerPlanck2D');
    this.#g = g;
    this.cells = Object.freeze([g.nx, g.ny] as const);
    this.domain = Object.freeze([Object.freeze([g.ax, g.bx] as const), Object.freeze([g.ay, g.by] as const)] as const);
    this.cellWidth = Object.freeze([g.hx, g.hy] as const);
    const [xLeft, xRight, yLeft, yRight] = g.sides;
    this.boundary = Object.freeze({ xLeft, xRight, yLeft, yRight });
  }

  private static create(where: string, g: Resolved, driftX: Float64Array, driftY: Float64Array, d: raw.FokkerPlanck2DDiffusionSamples): FokkerPlanck2D {
    const handle = raw.fp2dCreate(core(), g.nx, g.ny, [g.ax, g.bx, g.ay, g.by], g.sides.map((s) => BOUNDARY_CODE[s]), driftX, driftY, d, where);
    return new FokkerPlanck2D(handle, g);
  }

  /**
   * Overdamped Langevin `dx = −∇U dt + √(2T) dW` on a 2-D landscape. The drift across each
   * face is the difference quotient of U between the two neighbouring centres (at a
   * boundary face: between the face centre and the first cell centre; across a periodic
   * seam: between the last and the first centre, so U should be periodic there), which makes
   * `∝ e^{−U(x_i, y_j)/T}` exactly stationary with reflecting or periodic boundaries and
   * D = T·I. With `temperature: [T₁, T₂]` the process is in general not reversible.
   */
  static fromLandscape(options: FokkerPlanck2DFromLandscapeOptions): FokkerPlanck2D {
    const where = 'FokkerPlanck2D.fromLandscape';
    const landscape = options?.landscape;
    if (!(landscape instanceof Landscape)) throw invalid(where, 'landscape', landscape, 'it must be a Landscape from `landscapes.*`');
    if (landscape.dim !== 2) throw invalid(where, 'landscape.dim', landscape.dim, 'it must be 2 (a 2-D landscape)');
    const t = options.temperature as unknown;
    let T1: number, T2: number;
    if (Array.isArray(t) && t.length === 2) {
      T1 = positive(where, 'temperature[0]', t[0]);
      T2 = positive(where, 'temperature[1]', t[1]);
    } else if (typeof t === 'number') {
      T1 = T2 = positive(where, 'temperature', t);
    } else {
      throw invalid(where, 'temperature', t, 'it must be a number > 0 or [T1, T2]');
    }
    const g = resolveGrid(where, options);
    const { nx, ny } = g;
    const [px, py] = [g.sides[0] === 'periodic', g.sides[2] === 'periodic'];
    const xc = (i: number) => g.ax + (i + 0.5) * g.hx;
    const yc = (j: number) => g.ay + (j + 0.5) * g.hy;
    const pts = new Float64Array(2 * nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) { pts[2 * (j * nx + i)] = xc(i); pts[2 * (j * nx + i) + 1] = yc(j); }
    // Boundary faces: x-left/right at each y_j, then y-left/right at each x_i.
    const bpts = new Float64Array(2 * (2 * ny + 2 * nx));
    let q = 0;
    for (let j = 0; j < ny; j++) { bpts[q++] = g.ax; bpts[q++] = yc(j); bpts[q++] = g.bx; bpts[q++] = yc(j); }
    for (let i = 0; i < nx; i++) { bpts[q++] = xc(i); bpts[q++] = g.ay; bpts[q++] = xc(i); bpts[q++] = g.by; }
    const u = landscape.values(pts);
    const ub = landscape.values(bpts);
    for (const [vals, xs] of [[u, pts], [ub, bpts]] as const) {
      const k = vals.findIndex((v) => !Number.isFinite(v));
      if (k >= 0) throw new SgdynError('INVALID_ARGUMENT', `${where}: U(${xs[2 * k]}, ${xs[2 * k + 1]}) = ${vals[k]} is not allowed: the landscape must be finite on the whole grid`);
    }
    const U = (i: number, j: number) => u[j * nx + i] as number;
    const driftX = new Float64Array((nx + 1) * ny);
    for (let j = 0; j < ny; j++) {
      const row = j * (nx + 1);
      for (let f = 1; f < nx; f++) driftX[row + f] = -(U(f, j) - U(f - 1, j)) / g.hx;
      if (px) {
        driftX[row] = driftX[row + nx] = -(U(0, j) - U(nx - 1, j)) / g.hx;
      } else {
        driftX[row] = -(U(0, j) - (ub[2 * j] as number)) / (0.5 * g.hx);
        driftX[row + nx] = -((ub[2 * j + 1] as number) - U(nx - 1, j)) / (0.5 * g.hx);
      }
    }
    const driftY = new Float64Array(nx * (ny + 1));
    for (let gg = 1; gg < ny; gg++) for (let i = 0; i < nx; i++) driftY[gg * nx + i] = -(U(i, gg) - U(i, gg - 1)) / g.hy;
    for (let i = 0; i < nx; i++) {
      if (py) {
        driftY[i] = driftY[ny * nx + i] = -(U(i, 0) - U(i, ny - 1)) / g.hy;
      } else {
        driftY[i] = -(U(i, 0) - (ub[2 * ny + 2 * i] as number)) / (0.5 * g.hy);
        driftY[ny * nx + i] = -((ub[2 * ny + 2 * i + 1] as number) - U(i, ny - 1)) / (0.5 * g.hy);
      }
    }
    return FokkerPlanck2D.create(where, g, driftX, driftY, constantDiffusion(g, T1, T2, 0));
  }

  /**
   * A general Itô diffusion `dx = b(x)dt + √(2D(x)) dW`:
   * `∂ₜp = −∇·(b p) + Σᵢⱼ ∂ᵢ∂ⱼ(Dᵢⱼ p)`. `drift(x, y)` must return two finite numbers at
   * every face centre (b₁ is read on x-faces, b₂ on y-faces); `diffusion` is constant or a
   * function (see `FokkerPlanck2DFromDriftOptions`).
   */
  static fromDrift(options: FokkerPlanck2DFromDriftOptions): FokkerPlanck2D {
    const where = 'FokkerPlanck2D.fromDrift';
    if (typeof options?.drift !== 'function') throw invalid(where, 'drift', options?.drift, 'it must be a function (x, y) => [b1, b2]');
    const g = resolveGrid(where, options);
    const { nx, ny } = g;
    const dspec = options.diffusion as unknown;
    let samples: raw.FokkerPlanck2DDiffusionSamples;
    if (typeof dspec === 'function') {
      const f = dspec as (x: number, y: number) => unknown;
      const at = (x: number, y: number) => diffusionMatrix(where, `diffusion(${x}, ${y})`, f(x, y));
      const xxFaces = new Float64Array((nx + 1) * ny), yyFaces = new Float64Array(nx * (ny + 1));
      const xxCentres = new Float64Array(nx * ny), yyCentres = new Float64Array(nx * ny), xy = new Float64Array(nx * ny);
      for (let j = 0; j < ny; j++) for (let fi = 0; fi <= nx; fi++) xxFaces[j * (nx + 1) + fi] = at(g.ax + fi * g.hx, g.ay + (j + 0.5) * g.hy)[0];
      for (let gg = 0; gg <= ny; gg++) for (let i = 0; i < nx; i++) yyFaces[gg * nx + i] = at(g.ax + (i + 0.5) * g.hx, g.ay + gg * g.hy)[2];
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const m = at(g.ax + (i + 0.5) * g.hx, g.ay + (j + 0.5) * g.hy);
          xxCentres[j * nx + i] = m[0]; xy[j * nx + i] = m[1]; yyCentres[j * nx + i] = m[2];
        }
      }
      samples = { xxFaces, xxCentres, yyFaces, yyCentres, xy: xy.some((v) => v !== 0) ? xy : null };
    } else {
      const [d11, d12, d22] = diffusionMatrix(where, 'diffusion', dspec);
      samples = constantDiffusion(g, d11, d22, d12);
    }
    const b = (x: number, y: number, c: 0 | 1): number => {
      const v = options.drift(x, y) as ArrayLike<unknown> | undefined;
      const w = v?.[c];
      if (typeof w !== 'number' || !Number.isFinite(w)) {
        throw new SgdynError('INVALID_ARGUMENT', `${where}: drift(${x}, ${y})[${c}] = ${String(w)} is not allowed: the drift must return two finite numbers at every face of the grid`);
      }
      return w;
    };
    const driftX = new Float64Array((nx + 1) * ny);
    for (let j = 0; j < ny; j++) for (let f = 0; f <= nx; f++) driftX[j * (nx + 1) + f] = b(g.ax + f * g.hx, g.ay + (j + 0.5) * g.hy, 0);
    const driftY = new Float64Array(nx * (ny + 1));
    for (let gg = 0; gg <= ny; gg++) for (let i = 0; i < nx; i++) driftY[gg * nx + i] = b(g.ax + (i + 0.5) * g.hx, g.ay + gg * g.hy, 1);
    return FokkerPlanck2D.create(where, g, driftX, driftY, samples);
  }

  /** The cell-centre coordinates per direction: `x` (n₁ values) and `y` (n₂ values). */
  grid(): { x: Float64Array; y: Float64Array } {
    const g = this.#g;
    return {
      x: Float64Array.from({ length: g.nx }, (_, i) => g.ax + (i + 0.5) * g.hx),
      y: Float64Array.from({ length: g.ny }, (_, j) => g.ay + (j + 0.5) * g.hy),
    };
  }

  /** A copy of the density at the cell centres (`n₁·n₂`, x fastest). */
  density(): Float64Array {
    return raw.fp2dDensity(core(), this.handle('density'), this.#g.nx * this.#g.ny, 'fokkerPlanck2D.density');
  }

  /** Total probability `h₁h₂ Σ p`. */
  mass(): number {
    let s = 0;
    for (const v of this.density()) s += v;
    return s * this.#g.hx * this.#g.hy;
  }

  /** Time elapsed since the density was last set. */
  get time(): number {
    return raw.fp2dTime(core(), this.handle('time'), 'fokkerPlanck2D.time');
  }

  /**
   * Sets the density: `n₁·n₂` values (x fastest) or a function `(x, y) => p` sampled at the
   * centres; finite and ≥ 0; normalised to mass 1 unless `normalize: false`. Resets the clock.
   */
  setDensity(p: ArrayLike<number> | ((x: number, y: number) => number), options: { normalize?: boolean } = {}): this {
    const where = 'fokkerPlanck2D.setDensity';
    const handle = this.handle('setDensity');
    const { nx, ny, hx, hy } = this.#g;
    let values: Float64Array;
    if (typeof p === 'function') {
      const { x, y } = this.grid();
      values = new Float64Array(nx * ny);
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = p(x[i] as number, y[j] as number);
      values = finiteArray(where, 'p', values, [nx * ny], `cells = ${nx * ny}`);
    } else {
      values = finiteArray(where, 'p', p, [nx * ny], `cellsX·cellsY = ${nx * ny}`);
    }
    const bad = values.findIndex((v) => !(v >= 0));
    if (bad >= 0) throw invalid(where, `p[${bad}]`, values[bad], 'every entry must be a finite number >= 0');
    if (options.normalize ?? true) {
      let s = 0;
      for (const v of values) s += v;
      const mass = s * hx * hy;
      if (!(mass > 0) || !Number.isFinite(mass)) throw invalid(where, 'p', p, `its mass h1·h2·Σp = ${mass} must be a finite number > 0 to normalise it (or pass normalize: false)`);
      for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / mass;
    }
    raw.fp2dSetDensity(core(), handle, values, where);
    return this;
  }

  /** Advances by time `t` in ⌈t/dt⌉ equal steps (split into WASM calls of about 2²² cell-steps). */
  evolve(t: number, options: FokkerPlanck2DEvolveOptions): this {
    const where = 'fokkerPlanck2D.evolve';
    const handle = this.handle('evolve');
    const duration = finite(where, 't', t);
    if (duration < 0) throw invalid(where, 't', t, 'it must be a finite number >= 0');
    if (!options || typeof options !== 'object') throw invalid(where, 'options', options, 'it must be { dt, scheme? }');
    const dt = positive(where, 'dt', options.dt);
    const scheme = oneOf(where, 'scheme', options.scheme ?? 'tr-bdf2', SCHEMES);
    const steps = duration === 0 ? 0 : Math.max(1, Math.ceil(duration / dt - 1e-9));
    if (steps === 0) return this;
    if (!Number.isSafeInteger(steps)) throw invalid(where, 'dt', dt, `t/dt = ${duration / dt} steps is too many`);
    const h = duration / steps;
    const chunk = stepsPerCall(this.#g.nx * this.#g.ny * (scheme === 'tr-bdf2' ? 6 : 2));
    for (let done = 0; done < steps; done += chunk) {
      raw.fp2dEvolve(core(), handle, Math.min(chunk, steps - done), h, SCHEME_CODE[scheme], where);
    }
    return this;
  }

  /**
   * The stationary density (normalised): the null vector of the discrete generator, by
   * ILU(0)-preconditioned BiCGSTAB (module doc). Throws with an absorbing boundary, or if the
   * solver does not converge. `stationaryIterations` records the iterations used.
   */
  stationary(options: FokkerPlanck2DStationaryOptions = {}): Float64Array {
    const where = 'fokkerPlanck2D.stationary';
    const handle = this.handle('stationary');
    const tol = options.tolerance === undefined ? 1e-12 : positive(where, 'tolerance', options.tolerance);
    const maxIter = options.maxIterations === undefined ? 20000 : integer(where, 'maxIterations', options.maxIterations, 1);
    const r = raw.fp2dStationary(core(), handle, this.#g.nx * this.#g.ny, tol, maxIter, where);
    this.stationaryIterations = r.iterations;
    return r.density;
  }

  /**
   * The probability current on the faces, flux per unit face length (J·n, positive towards
   * +x / +y): `x` on the x-faces (`(n₁+1)·n₂`, entry `j·(n₁+1) + f` at `(a₁ + f h₁, y_j)`),
   * `y` on the y-faces (`n₁·(n₂+1)`, entry `g·n₁ + i` at `(x_i, a₂ + g h₂)`). 0 on
   * reflecting faces.
   */
  current(): { x: Float64Array; y: Float64Array } {
    const { nx, ny } = this.#g;
    return raw.fp2dCurrent(core(), this.handle('current'), nx, ny, 'fokkerPlanck2D.current');
  }

  /** The cells of `region` as a 0/1 mask (`n₁·n₂`) and how many there are. */
  private mask(where: string, name: string, region: FokkerPlanck2DRegion): { mask: Float64Array; count: number } {
    const { nx, ny } = this.#g;
    let inside: (x: number, y: number) => boolean;
    if (typeof region === 'function') {
      inside = (x, y) => region(x, y) === true;
    } else {
      if (!Array.isArray(region) || region.length !== 2) throw invalid(where, name, region, 'it must be [[x0, x1], [y0, y1]] or a function (x, y) => boolean');
      const [x0, x1] = interval(where, `${name}[0]`, region[0]);
      const [y0, y1] = interval(where, `${name}[1]`, region[1]);
      inside = (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }
    const { x, y } = this.grid();
    const mask = new Float64Array(nx * ny);
    let count = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (inside(x[i] as number, y[j] as number)) { mask[j * nx + i] = 1; count++; }
    return { mask, count };
  }

  private solveOptions(where: string, options: FokkerPlanck2DStationaryOptions): { tol: number; maxIter: number } {
    return {
      tol: options.tolerance === undefined ? 1e-12 : positive(where, 'tolerance', options.tolerance),
      maxIter: options.maxIterations === undefined ? 20000 : integer(where, 'maxIterations', options.maxIterations, 1),
    };
  }

  private get hasAbsorbingSide(): boolean {
    return Object.values(this.boundary).includes('absorbing');
  }

  /**
   * Mean first-passage time from every cell into the target set (or out through an
   * absorbing side): the backward equation `L†τ = −1` off the target, `τ = 0` on it, with
   * `L† = Mᵀ` the backward generator of the same discrete process (jump rates out of each
   * cell, plus the transposed mixed term when D₁₂ ≠ 0; absorbing faces lead to τ = 0).
   * Solved by ILU(0)-BiCGSTAB. `target` must contain a cell unless a side is absorbing.
   * Returns `n₁·n₂` times (x fastest); `stationaryIterations` is not touched.
   */
  meanFirstPassageTime(target: FokkerPlanck2DRegion, options: FokkerPlanck2DStationaryOptions = {}): Float64Array {
    const where = 'fokkerPlanck2D.meanFirstPassageTime';
    const handle = this.handle('meanFirstPassageTime');
    const { mask, count } = this.mask(where, 'target', target);
    if (count === 0 && !this.hasAbsorbingSide) throw invalid(where, 'target', target, 'it contains no cell centre (and no side is absorbing)');
    const { tol, maxIter } = this.solveOptions(where, options);
    return raw.fp2dMfpt(core(), handle, mask, tol, maxIter, where).times;
  }

  /**
   * Committor `q = P(reach B before A)` from every cell: `L†q = 0` off A ∪ B, `q = 0` on A,
   * `q = 1` on B (same operator and solver as `meanFirstPassageTime`). Being absorbed at a
   * side of the solver counts as not reaching B. A and B must be disjoint, B non-empty, and
   * A non-empty unless a side is absorbing.
   */
  committor(a: FokkerPlanck2DRegion, b: FokkerPlanck2DRegion, options: FokkerPlanck2DStationaryOptions = {}): Float64Array {
    const where = 'fokkerPlanck2D.committor';
    const handle = this.handle('committor');
    const A = this.mask(where, 'A', a), B = this.mask(where, 'B', b);
    if (B.count === 0) throw invalid(where, 'B', b, 'it contains no cell centre');
    if (A.count === 0 && !this.hasAbsorbingSide) throw invalid(where, 'A', a, 'it contains no cell centre (and no side is absorbing)');
    const k = A.mask.findIndex((v, i) => v === 1 && B.mask[i] === 1);
    if (k >= 0) {
      const { x, y } = this.grid();
      throw invalid(where, 'B', b, `A and B must not overlap (both contain the cell at (${x[k % this.#g.nx]}, ${y[Math.floor(k / this.#g.nx)]}))`);
    }
    const { tol, maxIter } = this.solveOptions(where, options);
    return raw.fp2dCommittor(core(), handle, A.mask, B.mask, tol, maxIter, where).values;
  }

  /**
   * Entropy production rate of the current density: `Σ_faces (F⁺ − F⁻) ln(F⁺/F⁻)` over the
   * one-way probability fluxes of the discrete jump process (Schnakenberg 1976); tends to
   * `∫ Jᵀ D⁻¹ J / p` as the grid is refined, is 0 at a detailed-balance stationary state and
   * > 0 in a non-equilibrium one. Not available with D₁₂ ≠ 0 (the 9-point term is not a jump process).
   */
  entropyProduction(): number {
    return raw.fp2dEntropyProduction(core(), this.handle('entropyProduction'), 'fokkerPlanck2D.entropyProduction');
  }

  private spectrumOptions(where: string, options: FokkerPlanck2DSpectrumOptions): { tol: number; maxIter: number } {
    return {
      tol: options.tolerance === undefined ? 1e-8 : positive(where, 'tolerance', options.tolerance),
      maxIter: options.maxIterations === undefined ? 20000 : integer(where, 'maxIterations', options.maxIterations, 1),
    };
  }

  /**
   * The k eigenvalues of `−L` nearest 0 (L the discrete generator), by shift-and-invert:
   * Lanczos on the symmetrised generator when the process is in detailed balance on the grid
   * (checked on the rates; e.g. `fromLandscape` with a scalar temperature), Arnoldi otherwise
   * (then complex pairs can appear); each step is an ILU(0)-BiCGSTAB solve. With a conserved
   * mass the leading 0 is exact (deflated). `k` ≤ 64.
   */
  spectrum(k: number, options: FokkerPlanck2DSpectrumOptions = {}): FokkerPlanck2DSpectrum {
    const where = 'fokkerPlanck2D.spectrum';
    const handle = this.handle('spectrum');
    const { nx, ny } = this.#g;
    const cap = Math.min(64, nx * ny - 1);
    const kk = integer(where, 'k', k, 1);
    if (kk > cap) throw invalid(where, 'k', k, `it must be an integer in [1, ${cap}]`);
    const { tol, maxIter } = this.spectrumOptions(where, options);
    const r = raw.fp2dSpectrum(core(), handle, kk, tol, maxIter, where);
    return { re: r.re, im: r.im, reversible: r.reversible };
  }

  /**
   * The spectral gap: with a conserved mass, the smallest real part among the non-zero
   * eigenvalues of `spectrum(candidates)` (default 6 candidates nearest 0; for a reversible
   * process simply λ₁); with an absorbing side, the escape rate λ₀.
   */
  spectralGap(options: FokkerPlanck2DSpectrumOptions & { candidates?: number } = {}): number {
    const where = 'fokkerPlanck2D.spectralGap';
    if (this.hasAbsorbingSide) return this.spectrum(1, options).re[0] as number;
    const cap = Math.min(64, this.#g.nx * this.#g.ny - 1);
    const m = options.candidates === undefined ? Math.min(6, cap) : integer(where, 'candidates', options.candidates, 2);
    const sp = this.spectrum(Math.min(m, cap), options);
    return sp.reversible ? sp.re[1] as number : Math.min(...sp.re.subarray(1));
  }

  /**
   * With an absorbing side: the escape rate (the principal eigenvalue λ₀ of `−L`; the
   * surviving mass decays as `e^{−λ₀t}` at long times) and the quasi-stationary density (its
   * positive eigenvector, normalised), by the eigensolver of `spectrum` and inverse iteration.
   */
  escapeRate(options: FokkerPlanck2DSpectrumOptions = {}): { rate: number; density: Float64Array } {
    const where = 'fokkerPlanck2D.escapeRate';
    const handle = this.handle('escapeRate');
    const { tol, maxIter } = this.spectrumOptions(where, options);
    return raw.fp2dEscape(core(), handle, this.#g.nx * this.#g.ny, tol, maxIter, where);
  }

  /**
   * A per-cell field (default: the density) as `heatmapPlot`'s `{ x, y, values }` (ts/plot):
   * `heatmapPlot(fp.heatmapField(), { quiver: fp.currentField() })`.
   */
  heatmapField(values?: ArrayLike<number>): { x: Float64Array; y: Float64Array; values: Float64Array } {
    const { nx, ny } = this.#g;
    const v = values === undefined ? this.density() : finiteArray('fokkerPlanck2D.heatmapField', 'values', values, [nx * ny], `cellsX·cellsY = ${nx * ny}`);
    return { ...this.grid(), values: v };
  }

  /** The probability current at the cell centres as a quiver field `{ u, v }` (see `currentAtCentres`). */
  currentField(): { u: Float64Array; v: Float64Array } {
    const c = this.currentAtCentres();
    return { u: c.x, v: c.y };
  }

  /** The current at the cell centres (mean of the two faces per direction; `n₁·n₂` each), for quiver plots. */
  currentAtCentres(): { x: Float64Array; y: Float64Array } {
    const { nx, ny } = this.#g;
    const j = this.current();
    const x = new Float64Array(nx * ny), y = new Float64Array(nx * ny);
    for (let r = 0; r < ny; r++) {
      for (let i = 0; i < nx; i++) {
        x[r * nx + i] = 0.5 * ((j.x[r * (nx + 1) + i] as number) + (j.x[r * (nx + 1) + i + 1] as number));
        y[r * nx + i] = 0.5 * ((j.y[r * nx + i] as number) + (j.y[(r + 1) * nx + i] as number));
      }
    }
    return { x, y };
  }
}
