/**
 * Landscapes `U: ℝᵈ → ℝ` with exact gradients and Hessians, evaluated in WASM.
 * Built-ins: `landscapes.quadratic`, `.doubleWell`, `.tiltedDoubleWell`, `.ring`; formulas:
 * `landscapes.fromExpression`.
 */
import { core } from './runtime.js';
import { Owned } from './disposable.js';
import { finite, finiteArray, integer, invalid, positive } from './validate.js';

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
  },};
