/**
 * Landscapes `U: ℝᵈ → ℝ` with exact gradients and Hessians, evaluated in WASM.
 * Built-ins: `landscapes.quadratic`, `.doubleWell`, `.tiltedDoubleWell`, `.ring`; formulas:
 * `landscapes.fromExpression`; JS functions (the slow path): `landscapes.fromFunction`.
 */
import { core } from './runtime.js';
import { Owned } from './disposable.js';
import { finite, finiteArray, integer, invalid, oneOf, positive } from './validate.js';
import { sdeExpression } from '../bindings/noise.js';
import { landscapeFromFunction, landscapeGaussianMixture, landscapeMullerBrown, landscapeMultiWell, landscapeRosenbrock, landscapeThesisModel } from '../bindings/landscapes.js';
import type { LandscapeCallback } from '../bindings/callbacks.js';

/**
 * How to build a landscape again in another runtime (a pool worker): the `landscapes`
 * factory and its options, all structured-cloneable.
 */
export interface LandscapeRecipe {
  factory: string;
  options: unknown;
}

/** A landscape living in WASM memory. Dispose it when done (ensembles keep their own reference). */
export class Landscape extends Owned {
  /** Dimension d. */
  readonly dim: number;
  /** Which built-in this is. */
  readonly kind: string;
  /** The parameters it was built from, plus derived facts (e.g. `wellPosition`). */
  readonly parameters: Readonly<Record<string, number | readonly number[]>>;
  /** How to rebuild it in a worker; absent for landscapes that cannot be (e.g. JS callbacks). */
  readonly recipe: LandscapeRecipe | undefined;

  /** @internal use the `landscapes` factories. */
  constructor(handle: number, dim: number, kind: string, parameters: Record<string, number | readonly number[]>, recipe?: LandscapeRecipe) {
    super(handle, 'landscape');
    this.dim = dim;
    this.kind = kind;
    this.parameters = Object.freeze({ ...parameters });
    this.recipe = recipe;
  }

  /** @internal the handle, for other sgdyn objects. */
  rawHandle(method: string): number {
    return this.handle(method);
  }

  private points(method: string, xs: ArrayLike<number>): Float64Array {
    const n = xs?.length;
    const ok = typeof n === 'number' && n > 0 && n % this.dim === 0;
    return finiteArray(`landscape.${method}`, 'x', xs, ok ? [n] : [], `a non-empty multiple of dim = ${this.dim}`);
  }

  /** `U(x)` at each of the m points in `xs` (row-major m × d). */
  values(xs: ArrayLike<number>): Float64Array {
    return core().landscapeEval('values', this.handle('values'), this.dim, this.points('values', xs));
  }
  /** `∇U(x)` at each point (m × d). */
  gradients(xs: ArrayLike<number>): Float64Array {
    return core().landscapeEval('gradients', this.handle('gradients'), this.dim, this.points('gradients', xs));
  }
  /** `∇²U(x)` at each point (m × d × d, row-major). */
  hessians(xs: ArrayLike<number>): Float64Array {
    return core().landscapeEval('hessians', this.handle('hessians'), this.dim, this.points('hessians', xs));
  }
  /** `∇²U(xᵢ) vᵢ` for each point/vector pair (m × d). */
  hessianVectors(xs: ArrayLike<number>, vs: ArrayLike<number>): Float64Array {
    const x = this.points('hessianVectors', xs);
    const v = finiteArray('landscape.hessianVectors', 'v', vs, [x.length], `the same length as x (${x.length})`);
    return core().landscapeEval('hessian_vectors', this.handle('hessianVectors'), this.dim, x, v);
  }

  /** `U(x)` at one point. */
  value(x: ArrayLike<number>): number {
    return this.values(this.one('value', x))[0] as number;
  }
  /** `∇U(x)` at one point. */
  gradient(x: ArrayLike<number>): Float64Array {
    return this.gradients(this.one('gradient', x));
  }
  /** `∇²U(x)` at one point (d × d, row-major). */
  hessian(x: ArrayLike<number>): Float64Array {
    return this.hessians(this.one('hessian', x));
  }

  private one(method: string, x: ArrayLike<number>): Float64Array {
    return finiteArray(`landscape.${method}`, 'x', x, [this.dim], `dim = ${this.dim}`);
  }
}

function dimOf(where: string, dim: unknown): number {
  return integer(where, 'dim', dim ?? 1, 1);
}

/** Options of the separable double well. */
export interface DoubleWellOptions {
  /** Dimension d (default 1); the well is applied to every coordinate. */
  dim?: number;
  /** Barrier height h per coordinate (default 1). */
  barrierHeight?: number;
  /** Curvature at the minima κ = U''(±a) (default 8), so the minima sit at ±a, a = √(8h/κ). */
  wellCurvature?: number;
}

function doubleWell(where: string, o: DoubleWellOptions, tilt: number): Landscape {
  const dim = dimOf(where, o.dim);
  const h = positive(where, 'barrierHeight', o.barrierHeight ?? 1);
  const k = positive(where, 'wellCurvature', o.wellCurvature ?? 8);
  const handle = core().landscapeDoubleWell(dim, h, k, tilt, where);
  const a = Math.sqrt((8 * h) / k);
  const factory = tilt === 0 ? 'doubleWell' : 'tiltedDoubleWell';
  return new Landscape(handle, dim, factory, {
    dim, barrierHeight: h, wellCurvature: k, tilt, wellPosition: a,
    barrierCurvature: -k / 2,
  }, { factory, options: { dim, barrierHeight: h, wellCurvature: k, tilt } });
}

/** Options of `landscapes.fromExpression`. */
export interface ExpressionOptions {
  /** Variable names in coordinate order (`x[0]` is the first); the dimension is their count. */
  variables: readonly string[];
  /** Named constants substituted at creation, e.g. `{ k: 2 }`; values must be finite. */
  parameters?: Readonly<Record<string, number>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = 'a name starts with a letter or _ and continues with letters, digits or _';

function expressionLandscape(source: unknown, o: ExpressionOptions | undefined): Landscape {
  const where = 'landscapes.fromExpression';
  if (typeof source !== 'string') throw invalid(where, 'expression', source, 'it must be a string, e.g. "(x^2-1)^2"');
  const vars: unknown = o?.variables;
  if (!Array.isArray(vars) || vars.length === 0) throw invalid(where, 'variables', vars, "it must be a non-empty array of names, e.g. ['x', 'y']");
  vars.forEach((v, i) => {
    if (typeof v !== 'string' || !NAME.test(v)) throw invalid(where, `variables[${i}]`, v, NAME_RULE);
  });
  const params: unknown = o?.parameters ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw invalid(where, 'parameters', params, 'it must be an object of named numbers, e.g. { k: 2 }');
  const entries = Object.entries(params as Record<string, unknown>);
  const values = entries.map(([name, v]) => {
    if (!NAME.test(name)) throw invalid(where, 'parameter name', name, NAME_RULE);
    return finite(where, `parameters.${name}`, v);
  });
  const names = entries.map(([name]) => name);
  const variables = [...vars] as string[];
  const handle = core().landscapeExpression(source, variables, names, values, where);
  const parameters = Object.fromEntries(names.map((n, i) => [n, values[i] as number]));
  return new Landscape(handle, variables.length, 'expression', parameters,
    { factory: 'fromExpression', options: { source, variables, parameters } });
}

/** Options of `sde` (`landscapes.sde`). */
export interface SdeOptions {
  /** Drift components bⱼ(x), one per variable. */
  drift: readonly string[];
  /** Diffusion σ: d entries (diagonal, `dXⱼ = … + σⱼ dWⱼ`) or d² (full, row-major, `dXⱼ = … + Σₖ σⱼₖ dWₖ`). */
  diffusion: readonly string[];
  /** Variable names in coordinate order (default `['x']` for d = 1). */
  variables?: readonly string[];
  /** Named constants, e.g. `{ mu: 0.5 }`. */
  parameters?: Readonly<Record<string, number>>;
}

function sdeLandscape(o: SdeOptions): Landscape {
  const where = 'sde';
  const vars: unknown = o?.variables ?? ['x'];
  if (!Array.isArray(vars) || vars.length === 0) throw invalid(where, 'variables', vars, "it must be a non-empty array of names, e.g. ['x', 'y']");
  vars.forEach((v, i) => {
    if (typeof v !== 'string' || !NAME.test(v)) throw invalid(where, `variables[${i}]`, v, NAME_RULE);
  });
  const d = vars.length;
  const strings = (name: string, a: unknown, lengths: number[], rule: string): string[] => {
    if (!Array.isArray(a) || !lengths.includes(a.length)) throw invalid(where, name, a, rule);
    a.forEach((v, i) => { if (typeof v !== 'string') throw invalid(where, `${name}[${i}]`, v, 'it must be an expression string'); });
    return [...a] as string[];
  };
  const drift = strings('drift', o.drift, [d], `it must be an array of d = ${d} expression strings (one per variable)`);
  const diffusion = strings('diffusion', o.diffusion, d > 1 ? [d, d * d] : [1], `it must be an array of d = ${d} (diagonal) or d² = ${d * d} (full, row-major) expression strings`);
  const params: unknown = o.parameters ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw invalid(where, 'parameters', params, 'it must be an object of named numbers, e.g. { k: 2 }');
  const entries = Object.entries(params as Record<string, unknown>);
  const values = entries.map(([name, v]) => {
    if (!NAME.test(name)) throw invalid(where, 'parameter name', name, NAME_RULE);
    return finite(where, `parameters.${name}`, v);
  });
  const names = entries.map(([name]) => name);
  const variables = [...vars] as string[];
  const handle = sdeExpression(core(), drift, diffusion, variables, names, values, where);
  const parameters = Object.fromEntries(names.map((n, i) => [n, values[i] as number]));
  return new Landscape(handle, d, 'sde', parameters, { factory: 'sde', options: { drift, diffusion, variables, parameters } });
}

/** `landscapes.sde`: a general SDE from drift and diffusion expressions (see there). */
export function sde(o: SdeOptions): Landscape {
  return sdeLandscape(o);
}

/** The built-in landscapes. Each returns a `Landscape` to `dispose()` when done. */
export const landscapes = {
  /**
   * `U(x) = ½ (x − c)ᵀ H (x − c)` with H symmetric positive definite (checked: a non-SPD H
   * is an `INVALID_ARGUMENT`). `hessian`: d×d as rows or flat row-major; `centre` defaults to 0.
   */
  quadratic(o: { hessian: ArrayLike<number> | ArrayLike<ArrayLike<number>>; centre?: ArrayLike<number> }): Landscape {
    const where = 'landscapes.quadratic';
    const rows = o?.hessian;
    if (!rows || typeof rows !== 'object' || rows.length === 0) throw invalid(where, 'hessian', rows, 'it must be a non-empty d×d matrix (rows or flat row-major)');
    const nested = typeof rows[0] === 'object';
    const d = nested ? rows.length : Math.round(Math.sqrt(rows.length));
    const flat = nested
      ? Array.from(rows as ArrayLike<ArrayLike<number>>, (r, i) => Array.from(finiteArray(where, `hessian[${i}]`, r, [d], `d = ${d} (square)`))).flat()
      : rows as ArrayLike<number>;
    const h = finiteArray(where, 'hessian', flat, [d * d], `d² = ${d * d} (a square matrix)`);
    const c = o.centre === undefined ? new Float64Array(d) : finiteArray(where, 'centre', o.centre, [d], `d = ${d}`);
    const handle = core().landscapeQuadratic(h, c);
    return new Landscape(handle, d, 'quadratic', { dim: d, hessian: Array.from(h), centre: Array.from(c) },
      { factory: 'quadratic', options: { hessian: Array.from(h), centre: Array.from(c) } });
  },

  /**
   * Separable double well `U(x) = Σᵢ h ((xᵢ/a)² − 1)²`, minima at ±a (a = √(8h/κ)),
   * barrier h per coordinate, U''(±a) = κ, U''(0) = −κ/2. Defaults give `(x² − 1)²`.
   */
  doubleWell(o: DoubleWellOptions = {}): Landscape {
    return doubleWell('landscapes.doubleWell', o, 0);
  },

  /**
   * Tilted double well `U(x) = Σᵢ [h ((xᵢ/a)² − 1)² + c xᵢ]`: a tilt c > 0 makes the left
   * well (x < 0) the deeper one. Parameters as `doubleWell`, plus the required `tilt`.
   */
  tiltedDoubleWell(o: DoubleWellOptions & { tilt: number }): Landscape {
    return doubleWell('landscapes.tiltedDoubleWell', o, finite('landscapes.tiltedDoubleWell', 'tilt', o?.tilt));
  },

  /** Ring (Mexican hat) `U(x) = ¼‖x‖⁴ − ½‖x‖²` in d ≥ 1 dimensions (default 2): minima on ‖x‖ = 1. */
  ring(o: { dim?: number } = {}): Landscape {
    const dim = integer('landscapes.ring', 'dim', o.dim ?? 2, 1);
    return new Landscape(core().landscapeRing(dim), dim, 'ring', { dim }, { factory: 'ring', options: { dim } });
  },

  /**
   * A landscape from a formula, parsed and differentiated symbolically in WASM (value,
   * gradient, Hessian and Hessian-vector product are compiled to a batched bytecode), e.g.
   * `fromExpression('(x^2-1)^2 + 0.5*k*y^2', { variables: ['x', 'y'], parameters: { k: 2 } })`.
   *
   * Grammar (usual precedence; `^` is right-associative and binds tighter than unary minus,
   * so `-x^2 = -(x^2)`, `2^3^2 = 2^9`, `x^-1 = 1/x`):
   * ```text
   * expr    := term (('+' | '-') term)*
   * term    := unary (('*' | '/') unary)*
   * unary   := ('-' | '+') unary | power
   * power   := primary ('^' unary)?
   * primary := number | name | func '(' expr ')' | ('min' | 'max') '(' expr ',' expr ')'
   *          | 'sum' '(' name ',' expr ',' expr ',' expr ')' | '(' expr ')'
   * func    := sin | cos | tan | exp | log | sqrt | tanh | sigmoid | abs
   * ```
   * Numbers: `2`, `1.5`, `.5`, `1e-3`. Names: `[A-Za-z_][A-Za-z0-9_]*`, a variable or a
   * parameter. `log` is natural; `sigmoid(x) = 1/(1+e^{-x})`. `sum(k, 1, n, term)` adds
   * `term` for k = 1…n (integer constant bounds; k is a number inside the term).
   * Integer powers (`x^2`, `x^3`, `x^-2`) compile to multiplications.
   *
   * Kinks: the derivative of `abs` at 0 is 0, and at a tie `min`/`max` take the average of
   * the two sides' derivatives (the midpoint of the subdifferential); second derivatives
   * there are those of the smooth pieces.
   *
   * Errors (`INVALID_ARGUMENT`) say where and what: `expression: at column 7: expected ')'
   * or an operator, found end of input`; an unknown name is named along with the known
   * variables, parameters and functions. Limits: 65 536 bytes of source, 100 levels of
   * nesting, 256 variables, 250 000 distinct subexpressions (formula and derivatives).
   *
   * Also accepts one object `{ source, variables, parameters }` (the form `recipe` uses).
   */
  fromExpression(source: string | (ExpressionOptions & { source: string }), o?: ExpressionOptions): Landscape {
    if (typeof source === 'object' && source !== null && o === undefined) return expressionLandscape(source.source, source);
    return expressionLandscape(source, o);
  },

  /**
   * A general SDE `dX = b(X) dt + σ(X) dW` from expressions (same grammar as `fromExpression`,
   * one compiled VM), e.g. geometric Brownian motion
   * `sde({ drift: ['mu*x'], diffusion: ['s*x'], parameters: { mu: -1, s: 0.5 } })`. Pass it as the
   * `landscape` of `simulate` with no `noise`/`temperature`: its diffusion is the noise. The
   * returned object is a `Landscape` whose gradient is −b and Hessian −∂b (not symmetric in
   * general); it has no potential (`value` is NaN), so `'mala'` refuses it. σ' (Milstein) and the
   * Itô–Stratonovich correction `cⱼ = Σₖₗ σₗₖ∂ₗσⱼₖ` are derived symbolically. Additive noise is
   * detected (every ∂σ simplifies to 0: `'sra1'` allowed); Milstein-type schemes need diagonal σ
   * with σⱼ depending on xⱼ only. Parse errors name the component: `drift[1]: at column 4: …`.
   */
  sde(o: SdeOptions): Landscape {
    return sdeLandscape(o);
  },

  /**
   * A landscape computed by your own JS functions: the **slow path**, for landscapes that are
   * neither built in nor a formula. Every evaluation crosses from WASM into JS and your code
   * runs unvectorised (a cheap gradient costs ≈ 1.1–1.5× the built-in per step, more when the
   * function itself is expensive — see bench/expression.mjs). Each function is *batched*: `gradient(positions, out, n)` receives `n` points as a row-major
   * `Float64Array` (n × d) and must write the n × d gradients ∇U into `out`; `value` writes n
   * values U, `hessian` n × d × d row-major Hessians. An ensemble calls `gradient` once per step
   * for each block of up to 64 trajectories (the kernel's cache block), so the per-call cost is
   * shared by the block.
   *
   * The contract:
   * - `positions` and `out` are views over WASM memory, **valid only during the call**: copy
   *   what you want to keep, never write to `positions`, and never keep `out`. `out` arrives
   *   filled with NaN (an entry you leave unwritten is divergence, not a stale number).
   * - Functions must be synchronous (one returning a Promise is an `INVALID_ARGUMENT` error).
   * - Functions must be pure and pointwise (the result for a point must not depend on the other
   *   points of a batch or on how often they were called): that is what keeps results
   *   reproducible for any chunking.
   * - A callback **must not call sgdyn** (any function that reaches the engine throws
   *   `REENTRANT_CALL`).
   * - If a callback throws, the call that ran it throws `CALLBACK_FAILED` with your exception as
   *   `cause` (an `SgdynError` you let through keeps its own code). An ensemble stopped that way
   *   refuses further steps (its blocks stand at different steps); its positions stay readable
   *   and every other object stays usable. Non-finite numbers written into `out` are not errors:
   *   they make trajectories diverge and are reported as `DIVERGED` with trajectory and step,
   *   as for any landscape.
   * - Without `value`, MALA, `noise: { kind: 'sgd' }` and level-set targets refuse the
   *   landscape and `values()` throws; without `hessian`, `hessians()` / `hessianVectors()`
   *   (and the tools built on them) throw. HVPs are formed from the Hessian callback.
   * - It has no `recipe` (functions cannot be sent to workers), so pooled runs refuse it.
   *
   * ```ts
   * const U = landscapes.fromFunction({
   *   dim: 1, name: 'quartic',
   *   value: (x, out, n) => { for (let i = 0; i < n; i++) out[i] = (x[i]! ** 2 - 1) ** 2; },
   *   gradient: (x, g, n) => { for (let i = 0; i < n; i++) g[i] = 4 * x[i]! * (x[i]! ** 2 - 1); },
   * });
   * ```
   */
  fromFunction(o: FunctionLandscapeOptions): Landscape {
    return functionLandscape(o);
  },

  /**
   * Müller–Brown potential (K. Müller & L. D. Brown, Theor. Chim. Acta 53, 75–93, 1979), d = 2:
   * `V(x, y) = scale · Σₖ Aₖ exp(aₖ(x − xₖ)² + bₖ(x − xₖ)(y − yₖ) + cₖ(y − yₖ)²)`, k = 1…4, with
   * A = (−200, −100, −170, 15), a = (−1, −1, −6.5, 0.7), b = (0, 0, 11, 0.6), c = (−10, −10, −6.5, 0.7),
   * xₖ = (1, 0, −0.5, −1), yₖ = (0, 0.5, 1.5, 1).
   * `scale` > 0 (default 1; 0.1 or 0.05 bring the barriers to temperatures of order 1).
   * At scale 1: minima ≈ (−0.558, 1.442) V ≈ −146.70, (0.623, 0.028) V ≈ −108.17,
   * (−0.050, 0.467) V ≈ −80.77; saddles ≈ (−0.822, 0.624) V ≈ −40.66, (0.212, 0.293) V ≈ −72.25.
   */
  mullerBrown(o: MullerBrownOptions = {}): Landscape {
    return mullerBrownLandscape(o);
  },

  /**
   * Rosenbrock function, chained form (H. H. Rosenbrock, Comput. J. 3, 175–184, 1960):
   * `U(x) = Σ_{i=0}^{d−2} [b (x_{i+1} − xᵢ²)² + (a − xᵢ)²]`, `dim` d ≥ 2 (default 2),
   * `a` finite (default 1), `b` > 0 (default 100). Global minimum U = 0 at (a, a²) for d = 2,
   * at (1, …, 1) for a = 1 and any d (for d ≥ 3 and a ∉ {0, 1} the minimiser has no closed form).
   * The Hessian is tridiagonal: `Hⱼⱼ = [j ≥ 1] 2b + [j ≤ d−2](12b xⱼ² − 4b xⱼ₊₁ + 2)`, `Hⱼ,ⱼ₊₁ = −4b xⱼ`.
   */
  rosenbrock(o: RosenbrockOptions = {}): Landscape {
    return rosenbrockLandscape(o);
  },

  /**
   * Asymmetric multi-well with chosen minima, applied to every coordinate: `U(x) = Σᵢ W(xᵢ)`.
   * Wells are parabolas `qₖ(x) = ½κₖ(x − mₖ)² − Dₖ` (`minima` mₖ distinct, `depths` Dₖ,
   * `curvatures` κₖ > 0; 1 ≤ K ≤ 4096). Sorted by position, `W = q₁` left of m₁, `W = q_K` right
   * of m_K, and on each gap [mₖ, mₖ₊₁] (length L, t = (x − mₖ)/L) `W = qₖ + p(t)(qₖ₊₁ − qₖ)` with
   * the quintic smoothstep `p(t) = t³(10 − 15t + 6t²)`. W is C² and confining.
   *
   * **Exact** (bit for bit): `W(mₖ) = −Dₖ`, `W'(mₖ) = 0`, `W''(mₖ) = κₖ`; W is exactly q₁ / q_K
   * outside [m₁, m_K]; on a gap W depends only on its two wells. In d dimensions every point
   * with all coordinates in {mₖ} is a minimum with U = −Σ Dₖᵢ and Hessian diag(κₖᵢ).
   * **Not chosen**: the barriers, one maximum per gap (for two equal wells a distance L apart:
   * at the midpoint, κL²/8 above the minima, curvature −2.75κ). That a gap has no other
   * critical point is checked at creation on a 512-point grid (`INVALID_ARGUMENT` otherwise).
   */
  multiWell(o: MultiWellOptions): Landscape {
    return multiWellLandscape(o);
  },

  /**
   * Gaussian-mixture wells with a confining quadratic (seed 000, C.6/C.13/C.16, corrected
   * per errata: negative Gaussians plus confinement):
   * `U(x) = −Σₖ wₖ exp(−‖x − μₖ‖²/(2σₖ²)) + (c/2)‖x‖²`.
   * `means`: K rows μₖ of length d (or flat with `dim`); `widths` σₖ > 0 (one number for all
   * wells or K numbers); `weights` wₖ finite (default 1 each; positive = well, negative =
   * bump); `confinement` c > 0 (default 0.05).
   */
  gaussianMixture(o: GaussianMixtureOptions): Landscape {
    return gaussianMixtureLandscape(o);
  },

  /**
   * The thesis model as a data loss (seed 001, ch. 5, eq. (5.1); true parameters (a, b) = (1, 5)
   * per errata). Parameters θ = (a, b) (d = 2); per-example model `f(a, b; x) = a² + x(1 + bσ(ax))`
   * with σ the logistic sigmoid; loss `L = c Σᵢ (f(a, b; xᵢ) − yᵢ)²`, c = 1/(2N) for
   * `normalisation: 'half-mean'` (default), 1/N for `'mean'`, 1 for `'sum'`. Exact gradient
   * `2c Σ rᵢ∇fᵢ` and Hessian `2c Σ (∇fᵢ∇fᵢᵀ + rᵢ∇²fᵢ)`. `x`, `y`: the data (equal lengths N ≥ 1);
   * `thesisData` generates the thesis's data set. `parameters.normalisationFactor` is c.
   */
  thesisModel(o: ThesisModelOptions): Landscape {
    return thesisModelLandscape(o);
  },
};

/** Options of `landscapes.mullerBrown`. */
export interface MullerBrownOptions {
  /** Factor multiplying V (default 1). */
  scale?: number;
}

function mullerBrownLandscape(o: MullerBrownOptions): Landscape {
  const where = 'landscapes.mullerBrown';
  const scale = positive(where, 'scale', o?.scale ?? 1);
  return new Landscape(landscapeMullerBrown(core(), scale, where), 2, 'mullerBrown', { dim: 2, scale },
    { factory: 'mullerBrown', options: { scale } });
}

/** Options of `landscapes.rosenbrock`. */
export interface RosenbrockOptions {
  /** Dimension d ≥ 2 (default 2). */
  dim?: number;
  /** Default 1. */
  a?: number;
  /** Default 100. */
  b?: number;
}

function rosenbrockLandscape(o: RosenbrockOptions): Landscape {
  const where = 'landscapes.rosenbrock';
  const dim = integer(where, 'dim', o?.dim ?? 2, 2);
  const a = finite(where, 'a', o?.a ?? 1);
  const b = positive(where, 'b', o?.b ?? 100);
  return new Landscape(landscapeRosenbrock(core(), dim, a, b, where), dim, 'rosenbrock', { dim, a, b },
    { factory: 'rosenbrock', options: { dim, a, b } });
}

/** Options of `landscapes.multiWell`. */
export interface MultiWellOptions {
  /** Positions mₖ of the minima (distinct). */
  minima: ArrayLike<number>;
  /** Depths Dₖ: W(mₖ) = −Dₖ (larger = deeper). */
  depths: ArrayLike<number>;
  /** Curvatures κₖ = W''(mₖ) > 0. */
  curvatures: ArrayLike<number>;
  /** Dimension d (default 1); W is applied to every coordinate. */
  dim?: number;
}

/** Most wells `multiWell` accepts (crate/src/landscape/multi_well.rs `MAX_WELLS`). */
const MAX_WELLS = 4096;

function multiWellLandscape(o: MultiWellOptions): Landscape {
  const where = 'landscapes.multiWell';
  const raw = o?.minima;
  const k = raw && typeof raw === 'object' && typeof raw.length === 'number' ? raw.length : -1;
  const lengths = k >= 1 && k <= MAX_WELLS ? [k] : [];
  const m = finiteArray(where, 'minima', raw, lengths, `1 to ${MAX_WELLS} positions`);
  const depths = finiteArray(where, 'depths', o.depths, [k], `minima.length = ${k} (one per well)`);
  const kappa = finiteArray(where, 'curvatures', o.curvatures, [k], `minima.length = ${k} (one per well)`);
  kappa.forEach((c, i) => positive(where, `curvatures[${i}]`, c));
  const dim = dimOf(where, o.dim);
  const handle = landscapeMultiWell(core(), dim, m, depths, kappa, where);
  const options = { minima: Array.from(m), depths: Array.from(depths), curvatures: Array.from(kappa), dim };
  return new Landscape(handle, dim, 'multiWell', options, { factory: 'multiWell', options });
}

/** Options of `landscapes.gaussianMixture`. */
export interface GaussianMixtureOptions {
  /** Centres μₖ: K rows of length d, or K·d numbers flat (then give `dim`, default 1). */
  means: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
  /** σₖ > 0: one for all wells or one per well. */
  widths: number | ArrayLike<number>;
  /** wₖ (default 1 each): one for all wells or one per well. */
  weights?: number | ArrayLike<number>;
  /** c > 0 of the confining term (c/2)‖x‖² (default 0.05). */
  confinement?: number;
  /** Dimension d, only for flat `means` (default 1). */
  dim?: number;
}

function perWell(where: string, name: string, v: unknown, k: number): Float64Array {
  if (typeof v === 'number') return new Float64Array(k).fill(finite(where, name, v));
  return finiteArray(where, name, v, [k], `a number or K = ${k} numbers (one per well)`);
}

function gaussianMixtureLandscape(o: GaussianMixtureOptions): Landscape {
  const where = 'landscapes.gaussianMixture';
  const rows = o?.means;
  if (!rows || typeof rows !== 'object' || typeof rows.length !== 'number' || rows.length === 0) {
    throw invalid(where, 'means', rows, 'it must be a non-empty array of K rows of length d (or K·d numbers with dim)');
  }
  let dim: number, flat: Float64Array;
  if (typeof rows[0] === 'object' && rows[0] !== null) {
    if (o.dim !== undefined) throw invalid(where, 'dim', o.dim, 'give dim only with flat means (rows fix d)');
    dim = (rows[0] as ArrayLike<number>).length;
    if (!(dim >= 1)) throw invalid(where, 'means[0].length', dim, 'it must be d >= 1');
    flat = new Float64Array(rows.length * dim);
    Array.from(rows as ArrayLike<ArrayLike<number>>).forEach((r, i) => flat.set(finiteArray(where, `means[${i}]`, r, [dim], `d = ${dim} (the length of means[0])`), i * dim));
  } else {
    dim = dimOf(where, o.dim);
    const n = rows.length;
    flat = finiteArray(where, 'means', rows, n % dim === 0 ? [n] : [], `a multiple of dim = ${dim}`);
  }
  const k = flat.length / dim;
  const widths = perWell(where, 'widths', o.widths, k);
  widths.forEach((s, i) => positive(where, typeof o.widths === 'number' ? 'widths' : `widths[${i}]`, s));
  const weights = perWell(where, 'weights', o.weights ?? 1, k);
  const confinement = positive(where, 'confinement', o.confinement ?? 0.05);
  const handle = landscapeGaussianMixture(core(), dim, flat, widths, weights, confinement, where);
  const means = Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * dim, (i + 1) * dim)));
  return new Landscape(handle, dim, 'gaussianMixture',
    { dim, wells: k, means: Array.from(flat), widths: Array.from(widths), weights: Array.from(weights), confinement },
    { factory: 'gaussianMixture', options: { means, widths: Array.from(widths), weights: Array.from(weights), confinement } });
}

/** Loss normalisations (conventions.md): `(1/2N)Σr²`, `(1/N)Σr²`, `Σr²`. */
export type LossNormalisation = 'half-mean' | 'mean' | 'sum';

/** Options of `landscapes.thesisModel`. */
export interface ThesisModelOptions {
  /** Inputs xᵢ. */
  x: ArrayLike<number>;
  /** Labels yᵢ (same length as x). */
  y: ArrayLike<number>;
  /** Default 'half-mean'. */
  normalisation?: LossNormalisation;
}

const NORMALISATIONS: readonly LossNormalisation[] = ['half-mean', 'mean', 'sum'];

function thesisModelLandscape(o: ThesisModelOptions): Landscape {
  const where = 'landscapes.thesisModel';
  const rawX = o?.x;
  const n = rawX && typeof rawX === 'object' && typeof rawX.length === 'number' ? rawX.length : -1;
  const x = finiteArray(where, 'x', rawX, n >= 1 ? [n] : [], 'N >= 1 inputs');
  const y = finiteArray(where, 'y', o.y, [n], `x.length = ${n} (one label per input)`);
  const normalisation = oneOf(where, 'normalisation', o.normalisation ?? 'half-mean', NORMALISATIONS);
  const handle = landscapeThesisModel(core(), x, y, normalisation, where);
  const factor = normalisation === 'half-mean' ? 0.5 / n : normalisation === 'mean' ? 1 / n : 1;
  return new Landscape(handle, 2, 'thesisModel', { dim: 2, n, normalisationFactor: factor },
    { factory: 'thesisModel', options: { x, y, normalisation } });
}

/** Options of `landscapes.fromFunction` (see there for the contract). */
export interface FunctionLandscapeOptions {
  /** Dimension d (1 ≤ d ≤ 4096). */
  dim: number;
  /** Writes ∇U of the n points (row-major n × d) into `out` (n × d). Required. */
  gradient: LandscapeCallback;
  /** Writes U of the n points into `out` (n). Needed by MALA, SGD noise, level-set targets and `values()`. */
  value?: LandscapeCallback;
  /** Writes the n Hessians (n × d × d, row-major) into `out`. Needed by `hessians()` / `hessianVectors()`. */
  hessian?: LandscapeCallback;
  /** A name for error messages (default 'fromFunction'). */
  name?: string;
}

/** Most dimensions `fromFunction` accepts (crate/src/landscape/js.rs `MAX_DIM`). */
const MAX_FUNCTION_DIM = 4096;

function functionLandscape(o: FunctionLandscapeOptions): Landscape {
  const where = 'landscapes.fromFunction';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object { dim, gradient, value?, hessian?, name? }');
  const dim = integer(where, 'dim', o.dim, 1);
  if (dim > MAX_FUNCTION_DIM) throw invalid(where, 'dim', dim, `it must be at most ${MAX_FUNCTION_DIM}`);
  const fn = (name: 'gradient' | 'value' | 'hessian', required: boolean): LandscapeCallback | undefined => {
    const f: unknown = o[name];
    if (f === undefined && !required) return undefined;
    if (typeof f !== 'function') {
      throw invalid(where, name, f, `it must be a function (positions: Float64Array, out: Float64Array, n: number) => void${required ? '' : ', or absent'}`);
    }
    return f as LandscapeCallback;
  };
  const gradient = fn('gradient', true) as LandscapeCallback;
  const value = fn('value', false);
  const hessian = fn('hessian', false);
  const name = o.name ?? 'fromFunction';
  if (typeof name !== 'string') throw invalid(where, 'name', name, 'it must be a string');
  const handle = landscapeFromFunction(core(), dim, { name, gradient, value, hessian }, where);
  return new Landscape(handle, dim, 'function', { dim });
}
