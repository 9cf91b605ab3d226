/**
 * Pure-TypeScript twin of the 1-D Fokker–Planck time step (crate/src/fp/flux.rs and
 * solver1d.rs): the same Scharfetter–Gummel rates, the same increment form with the
 * flux-form right-hand side fused into the Thomas forward sweep, the same back substitution
 * (and Sherman–Morrison for periodic grids), in the same operation order — so results agree with the WASM build to rounding
 * (`Math.expm1` and Rust's `exp_m1` may differ in the last bit). For benchmarks and
 * cross-checks.
 */

export type BaselineBoundary = 'reflecting' | 'absorbing' | 'periodic';
export type BaselineScheme = 'backward-euler' | 'crank-nicolson' | 'tr-bdf2';

export interface BaselineFokkerPlanck1DSpec {
  a: number;
  b: number;
  cells: number;
  left: BaselineBoundary;
  right: BaselineBoundary;
  /** Drift at the cells + 1 faces. */
  drift: ArrayLike<number>;
  /** D at the cells + 1 faces. */
  diffusionFaces: ArrayLike<number>;
  /** D at the cells centres. */
  diffusionCentres: ArrayLike<number>;
}

/** `B(z) = z/(eᶻ − 1)`. */
export function bernoulli(z: number): number {
  return Math.abs(z) < 1e-4 ? 1 - z * (0.5 - z / 12) : z / Math.expm1(z);
}

/** SG jump rates `[k_{L→R}, k_{R→L}]` across one face (crate/src/fp/flux.rs `face_rates`). */
export function faceRates(drift: number, diffusion: number, delta: number, h: number): [number, number] {
  if (diffusion === 0) return [Math.max(drift, 0) / h, Math.max(-drift, 0) / h];
  const p = (drift * delta) / diffusion;
  if (Math.abs(p) < 1) {
    const s = diffusion / (delta * h);
    return [s * bernoulli(-p), s * bernoulli(p)];
  }
  return [drift / (h * -Math.expm1(-p)), drift / (h * Math.expm1(p))];
}

const GAMMA = 2 - Math.SQRT2;

/** A 1-D Fokker–Planck density advanced in plain TypeScript. */
export class BaselineFokkerPlanck1D {
  readonly cells: number;
  readonly h: number;
  /** The density (cell values); uniform at construction. Stepped in place. */
  readonly density: Float64Array;
  /** `right[f]`: rate from cell f−1 to f; `left[f]`: from f to f−1 (see flux.rs `Rates`). */
  readonly right: Float64Array;
  readonly left: Float64Array;
  private readonly periodic: boolean;
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;
  private cached: Factor | undefined;

  constructor(spec: BaselineFokkerPlanck1DSpec) {
    const n = spec.cells;
    const h = (spec.b - spec.a) / n;
    this.cells = n;
    this.h = h;
    this.periodic = spec.left === 'periodic';
    const { drift, diffusionFaces: df, diffusionCentres: dc } = spec;
    this.right = new Float64Array(n + 1);
    this.left = new Float64Array(n + 1);
    for (let f = 1; f < n; f++) {
      const bEff = (drift[f] as number) - ((dc[f] as number) - (dc[f - 1] as number)) / h;
      [this.right[f], this.left[f]] = faceRates(bEff, df[f] as number, h, h);
    }
    const half = 0.5 * h;
    if (this.periodic) {
      const bEff = (drift[0] as number) - ((dc[0] as number) - (dc[n - 1] as number)) / h;
      [this.right[0], this.left[0]] = faceRates(bEff, df[0] as number, h, h);
      this.right[n] = this.right[0] as number;
      this.left[n] = this.left[0] as number;
    } else {
      const b0 = (drift[0] as number) - ((dc[0] as number) - (df[0] as number)) / half;
      const bn = (drift[n] as number) - ((df[n] as number) - (dc[n - 1] as number)) / half;
      this.left[0] = spec.left === 'absorbing' ? faceRates(b0, df[0] as number, half, h)[1] : 0;
      this.right[n] = spec.right === 'absorbing' ? faceRates(bn, df[n] as number, half, h)[0] : 0;
    }
    this.density = new Float64Array(n).fill(1 / (spec.b - spec.a));
    this.s1 = new Float64Array(n);
    this.s2 = new Float64Array(n);
  }

  private out(i: number): number {
    return (this.left[i] as number) + (this.right[i + 1] as number);
  }

  /** LU of `A = I − cM` (cached per scheme and dt), as in solver1d.rs `Stepper::new`. */
  private factor(scheme: BaselineScheme, dt: number) {
    const key = `${scheme}:${dt}`;
    if (this.cached?.key === key) return this.cached;
    const n = this.cells;
    const c = scheme === 'backward-euler' ? dt : scheme === 'crank-nicolson' ? 0.5 * dt : (1 - Math.SQRT1_2) * dt;
    const aSub = Float64Array.from({ length: n }, (_, i) => -c * (this.right[i] as number));
    const aSup = Float64Array.from({ length: n }, (_, i) => -c * (this.left[i + 1] as number));
    const aDiag = Float64Array.from({ length: n }, (_, i) => 1 + c * this.out(i));
    let gamma = 0, alpha = 0, beta = 0;
    if (this.periodic) {
      beta = aSub[0] as number;
      alpha = aSup[n - 1] as number;
      gamma = -(aDiag[0] as number);
      aDiag[0] = (aDiag[0] as number) - gamma;
      aDiag[n - 1] = (aDiag[n - 1] as number) - (alpha * beta) / gamma;
    }
    const mult = new Float64Array(n);
    const invPivot = new Float64Array(n);
    const supScaled = new Float64Array(n);
    let pivot = aDiag[0] as number;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        mult[i] = (aSub[i] as number) / pivot;
        pivot = (aDiag[i] as number) - (mult[i] as number) * (aSup[i - 1] as number);
      }
      invPivot[i] = 1 / pivot;
      supScaled[i] = i + 1 < n ? (aSup[i] as number) * (invPivot[i] as number) : 0;
    }
    const f: Factor = { key, c, mult, invPivot, supScaled, z: undefined, bog: 0, invDen: 0 };
    if (this.periodic) {
      const z = new Float64Array(n);
      z[0] = gamma;
      z[n - 1] = alpha;
      for (let i = 1; i < n; i++) z[i] = (z[i] as number) - (mult[i] as number) * (z[i - 1] as number);
      backSubstitute(z, invPivot, supScaled);
      f.z = z;
      f.bog = beta / gamma;
      f.invDen = 1 / (1 + (z[0] as number) + f.bog * (z[n - 1] as number));
    }
    this.cached = f;
    return f;
  }

  /** `y = L⁻¹(b·extra + k·Mp)` with `(Mp)ᵢ = Fᵢ − Fᵢ₊₁` (solver1d.rs `rhs_and_eliminate`). */
  private rhs(f: Factor, k: number, p: Float64Array, b: number, extra: Float64Array, y: Float64Array): void {
    const n = this.cells;
    const r = this.right, l = this.left, mult = f.mult;
    let fLeft = (r[0] as number) * (p[n - 1] as number) - (l[0] as number) * (p[0] as number);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const next = (i + 1 < n ? p[i + 1] : p[0]) as number;
      const fRight = (r[i + 1] as number) * (p[i] as number) - (l[i + 1] as number) * next;
      let rhs = k * (fLeft - fRight);
      if (b !== 0) rhs += b * (extra[i] as number);
      const v = rhs - (mult[i] as number) * prev;
      y[i] = v;
      prev = v;
      fLeft = fRight;
    }
  }

  /** Back substitution (+ Sherman–Morrison when periodic), then `p += y`. */
  private finishAndAdd(f: Factor, y: Float64Array, p: Float64Array): void {
    const n = this.cells;
    backSubstitute(y, f.invPivot, f.supScaled);
    if (f.z) {
      const z = f.z;
      const s = ((y[0] as number) + f.bog * (y[n - 1] as number)) * f.invDen;
      for (let i = 0; i < n; i++) y[i] = (y[i] as number) - s * (z[i] as number);
    }
    for (let i = 0; i < n; i++) p[i] = (p[i] as number) + (y[i] as number);
  }

  /** `k` steps of size `dt` in increment form (solver1d.rs `Stepper::step`). */
  step(k: number, dt: number, scheme: BaselineScheme = 'crank-nicolson'): void {
    const f = this.factor(scheme, dt);
    const p = this.density, s1 = this.s1, s2 = this.s2;
    const beta = ((1 - GAMMA) * (1 - GAMMA)) / (GAMMA * (2 - GAMMA));
    for (let s = 0; s < k; s++) {
      if (scheme === 'tr-bdf2') {
        this.rhs(f, 2 * f.c, p, 0, s2, s1);
        this.finishAndAdd(f, s1, p);
        this.rhs(f, f.c, p, beta, s1, s2);
        this.finishAndAdd(f, s2, p);
      } else {
        this.rhs(f, dt, p, 0, s2, s1);
        this.finishAndAdd(f, s1, p);
      }
    }
  }
}

interface Factor {
  key: string;
  c: number;
  mult: Float64Array;
  invPivot: Float64Array;
  supScaled: Float64Array;
  z: Float64Array | undefined;
  bog: number;
  invDen: number;
}

/** `xᵢ = yᵢ/pivotᵢ − (supᵢ/pivotᵢ) x_{i+1}` (tridiagonal.rs `back_substitute_into`). */
function backSubstitute(y: Float64Array, invPivot: Float64Array, supScaled: Float64Array): void {
  const n = y.length;
  let next = (y[n - 1] as number) * (invPivot[n - 1] as number);
  y[n - 1] = next;
  for (let i = n - 2; i >= 0; i--) {
    next = (y[i] as number) * (invPivot[i] as number) - (supScaled[i] as number) * next;
    y[i] = next;
  }
}
