/**
 * Critical points of a landscape and the Eyring–Kramers / Laplace formulas built on them
 * (issue 6): `findMinima`, `findSaddle` (dimer method + Newton), `basinOf` (gradient flow),
 * `eyringKramers`, `laplaceBasinRatio`.
 *
 * Hessians are dense (`landscape.hessian`, eigenpairs by `linalg.symmetricEigen`), so these
 * tools are meant for small dimensions (d up to a few hundred).
 */
import { Landscape } from '../landscape.js';
import { linalg } from '../linalg.js';
import { rng } from '../rng.js';
import { finiteArray, integer, invalid, positive } from '../validate.js';

/** A critical point with its Hessian spectrum. */
export interface CriticalPoint {
  point: Float64Array;
  value: number;
  /** ‖∇U(point)‖₂. */
  gradientNorm: number;
  /** Hessian eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** Eigenvectors as the columns of a row-major d×d matrix (`eigenvectors[i*d + j]` = component i of vector j). */
  eigenvectors: Float64Array;
  /** Number of negative Hessian eigenvalues (0 = minimum, 1 = index-1 saddle). */
  index: number;
}

function checkLandscape(where: string, l: unknown): Landscape {
  if (!(l instanceof Landscape)) throw invalid(where, 'landscape', l, 'it must be a Landscape');
  return l;
}

const norm = (v: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2; return Math.sqrt(s); };
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number); return s; };

function eigen(U: Landscape, x: Float64Array): { values: Float64Array; vectors: Float64Array } {
  const d = U.dim;
  const H = U.hessian(x);
  return d === 1 ? { values: Float64Array.of(H[0] as number), vectors: Float64Array.of(1) } : linalg.symmetricEigen(H);
}

function describe(U: Landscape, x: Float64Array, zeroTol = 0): CriticalPoint {
  const e = eigen(U, x);
  return {
    point: Float64Array.from(x), value: U.value(x), gradientNorm: norm(U.gradient(x)),
    eigenvalues: e.values, eigenvectors: e.vectors, index: e.values.reduce((a, v) => a + (v < -zeroTol ? 1 : 0), 0),
  };
}

/** `Σ_j f(λ_j) (v_jᵀ g) v_j`: a spectral function of H applied to g. */
function spectralApply(values: Float64Array, vectors: Float64Array, g: Float64Array, f: (lambda: number, j: number) => number): Float64Array {
  const d = g.length;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let c = 0;
    for (let i = 0; i < d; i++) c += (vectors[i * d + j] as number) * (g[i] as number);
    c *= f(values[j] as number, j);
    for (let i = 0; i < d; i++) out[i] = (out[i] as number) + c * (vectors[i * d + j] as number);
  }
  return out;
}

/**
 * Descent to a local minimum: modified Newton (step `−V |Λ|₊⁻¹ Vᵀ g`, |λ| floored at
 * `1e-8·max|λ|`, which is a descent direction everywhere) with an Armijo backtracking line
 * search and a trust radius; once the Hessian is positive definite this is Newton's method
 * (quadratic convergence). A stationary point with negative curvature is left along its
 * most negative eigenvector. Returns the point and whether ‖∇U‖ ≤ tol.
 */
function descend(U: Landscape, x0: Float64Array, tol: number, maxIter: number, maxStep: number): { x: Float64Array; converged: boolean } {
  let x = Float64Array.from(x0);
  let f = U.value(x);
  for (let it = 0; it < maxIter; it++) {
    const g = U.gradient(x);
    const gn = norm(g);
    const e = eigen(U, x);
    const lmax = Math.max(...Array.from(e.values, Math.abs), 1e-300);
    if (gn <= tol) {
      if ((e.values[0] as number) >= -1e-10 * lmax) return { x, converged: true };
      // A saddle or maximum: push off along the most negative direction.
      const d = x.length;
      const v = Float64Array.from({ length: d }, (_, i) => e.vectors[i * d] as number);
      x = Float64Array.from(x, (xi, i) => xi + 1e-3 * maxStep * (v[i] as number));
      f = U.value(x);
      continue;
    }
    const floor = 1e-8 * lmax;
    const p = spectralApply(e.values, e.vectors, g, (l) => -1 / Math.max(Math.abs(l), floor));
    const pn = norm(p);
    if (pn > maxStep) p.forEach((_, i) => { p[i] = (p[i] as number) * (maxStep / pn); });
    const slope = dot(g, p);
    let t = 1, accepted = false;
    for (let k = 0; k < 60; k++) {
      const y = Float64Array.from(x, (xi, i) => xi + t * (p[i] as number));
      const fy = U.value(y);
      if (fy <= f + 1e-4 * t * slope) { x = y; f = fy; accepted = true; break; }
      t *= 0.5;
    }
    if (!accepted) {
      // At round-off level in U: accept a full Newton step if it reduces ‖∇U‖.
      const y = Float64Array.from(x, (xi, i) => xi + (p[i] as number));
      if (norm(U.gradient(y)) < gn) { x = y; f = U.value(y); } else return { x, converged: gn <= 1e3 * tol };
    }
  }
  return { x, converged: norm(U.gradient(x)) <= tol };
}

/** Options of `findMinima`. */
export interface FindMinimaOptions {
  /** Starting points (rows or flat row-major m × d). Give `starts`, or `box` + `count`. */
  starts?: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>;
  /** Random starts uniform in the box `[lower, upper]` (each of length d). */
  box?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
  /** Number of random starts in `box`. */
  count?: number;
  /** Seed of the random starts (stream 0 of `rng.uniforms`); default 0. */
  seed?: number | bigint;
  /** Convergence: ‖∇U‖ ≤ gradientTolerance (default 1e-10). */
  gradientTolerance?: number;
  /** Iteration cap per start (default 500). */
  maxIterations?: number;
  /** Trust radius of a step (default 0.5). */
  maxStep?: number;
  /** Two minima closer than this are the same (default 1e-6). */
  distanceTolerance?: number;
}

/** A minimum found by `findMinima`. */
export interface FoundMinimum extends CriticalPoint {
  /** How many starts converged to it. */
  hits: number;
}

function pointRows(where: string, name: string, v: unknown, d: number): Float64Array[] {
  if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') {
    return v.map((r, i) => finiteArray(where, `${name}[${i}]`, r, [d], `d = ${d}`));
  }
  const n = v && typeof v === 'object' && typeof (v as ArrayLike<unknown>).length === 'number' ? (v as ArrayLike<unknown>).length : -1;
  const flat = finiteArray(where, name, v, n > 0 && n % d === 0 ? [n] : [], `rows of length d = ${d} or a non-empty flat multiple of d`);
  return Array.from({ length: flat.length / d }, (_, i) => flat.slice(i * d, (i + 1) * d));
}

/**
 * Local minima of U from many starts: each start is descended (modified Newton with line
 * search, then plain Newton near the minimum; see `descend`) to ‖∇U‖ ≤ tol, points with a
 * positive-definite Hessian are kept, and duplicates (closer than `distanceTolerance`)
 * merged. Sorted by U ascending, with Hessian eigenpairs and the number of starts that
 * reached each.
 */
export function findMinima(landscape: Landscape, options: FindMinimaOptions): FoundMinimum[] {
  const where = 'findMinima';
  const U = checkLandscape(where, landscape);
  const d = U.dim;
  const o = options ?? {};
  const tol = positive(where, 'gradientTolerance', o.gradientTolerance ?? 1e-10);
  const maxIter = integer(where, 'maxIterations', o.maxIterations ?? 500, 1);
  const maxStep = positive(where, 'maxStep', o.maxStep ?? 0.5);
  const distTol = positive(where, 'distanceTolerance', o.distanceTolerance ?? 1e-6);
  let starts: Float64Array[];
  if (o.starts !== undefined) {
    if (o.box !== undefined) throw invalid(where, 'box', o.box, 'give either starts or box + count, not both');
    starts = pointRows(where, 'starts', o.starts, d);
  } else if (o.box !== undefined) {
    const lo = finiteArray(where, 'box.lower', o.box?.lower, [d], `d = ${d}`);
    const hi = finiteArray(where, 'box.upper', o.box?.upper, [d], `d = ${d}`);
    hi.forEach((h, i) => { if (!(h > (lo[i] as number))) throw invalid(where, `box.upper[${i}]`, h, `it must be > box.lower[${i}] = ${lo[i]}`); });
    const count = integer(where, 'count', o.count, 1);
    const u = rng.uniforms({ seed: o.seed ?? 0, count: count * d });
    starts = Array.from({ length: count }, (_, k) => Float64Array.from({ length: d }, (_, i) => (lo[i] as number) + ((hi[i] as number) - (lo[i] as number)) * (u[k * d + i] as number)));
  } else {
    throw invalid(where, 'options', o, 'give starts, or box and count');
  }
  const found: FoundMinimum[] = [];
  for (const s of starts) {
    const r = descend(U, s, tol, maxIter, maxStep);
    if (!r.converged) continue;
    const c = describe(U, r.x);
    if (c.index !== 0 || !((c.eigenvalues[0] as number) > 0)) continue;
    const same = found.find((m) => norm(Float64Array.from(m.point, (v, i) => v - (r.x[i] as number))) < distTol);
    if (same) same.hits++;
    else found.push({ ...c, hits: 1 });
  }
  return found.sort((a, b) => a.value - b.value);
}

/** Options of `findSaddle`. */
export interface FindSaddleOptions {
  /** Initial dimer orientation (length d, non-zero); default: a random direction from `seed`. */
  direction?: ArrayLike<number>;
  /** Seed of the random initial orientation (default 0). */
  seed?: number | bigint;
  /** Convergence: ‖∇U‖ ≤ gradientTolerance (default 1e-10). */
  gradientTolerance?: number;
  /** Dimer translation steps (default 2000). */
  maxIterations?: number;
  /** Trust radius of a translation step (default 0.05). */
  maxStep?: number;
}

/** Result of `findSaddle`. */
export interface FoundSaddle extends CriticalPoint {
  /** Dimer translation steps and Newton steps used. */
  dimerSteps: number;
  newtonSteps: number;
}

/**
 * An index-1 saddle near `start` by the dimer method (G. Henkelman & H. Jónsson, J. Chem.
 * Phys. 111, 7010 (1999)), refined by Newton's method.
 *
 * Rotation: the dimer axis N is turned to the lowest-curvature direction. Here the curvature
 * `C = Nᵀ H N` uses the exact Hessian–vector product (the δ → 0 limit of the dimer's finite
 * difference `(∇U(x+δN) − ∇U(x−δN))·N / 2δ`), and each rotation is the exact minimiser of the
 * curvature in the plane of N and the rotational force Θ ∝ HN − C N.
 * Translation: the effective force `F† = −∇U + 2(∇U·N)N` (uphill along N, downhill in the
 * others). Along N the step is the Newton length `(∇U·N)/|C|` if C < 0 and a full trust-radius
 * step uphill if C ≥ 0 (as H&J, where the perpendicular force is dropped; here it is kept);
 * perpendicular to N it is `−|PHP|⁻¹ P∇U` (P = I − NNᵀ), i.e. F† preconditioned by the
 * projected Hessian in place of H&J's conjugate-gradient translation, which matters when the
 * landscape is stiff (Müller–Brown: curvatures 1 to 4000). Each part is capped at `maxStep`. Once the Hessian at x has exactly one negative eigenvalue and the Newton step
 * `−H⁻¹∇U` is shorter than `maxStep`, Newton iterations finish to ‖∇U‖ ≤ tol.
 * Bad input raises `SgdynError('INVALID_ARGUMENT')`; a search that does not converge is not an
 * error: it returns its last point, and `gradientNorm` and `index` say so (check them).
 */
export function findSaddle(landscape: Landscape, start: ArrayLike<number>, options: FindSaddleOptions = {}): FoundSaddle {
  const where = 'findSaddle';
  const U = checkLandscape(where, landscape);
  const d = U.dim;
  let x = finiteArray(where, 'start', start, [d], `d = ${d}`);
  const o = options ?? {};
  const tol = positive(where, 'gradientTolerance', o.gradientTolerance ?? 1e-10);
  const maxIter = integer(where, 'maxIterations', o.maxIterations ?? 2000, 1);
  const maxStep = positive(where, 'maxStep', o.maxStep ?? 0.05);
  let N: Float64Array;
  if (o.direction !== undefined) {
    N = finiteArray(where, 'direction', o.direction, [d], `d = ${d}`);
    if (norm(N) === 0) throw invalid(where, 'direction', o.direction, 'it must be non-zero');
  } else {
    N = Float64Array.from(rng.normals({ seed: o.seed ?? 0, count: d }));
  }
  const unit = (v: Float64Array) => { const n = norm(v); return Float64Array.from(v, (a) => a / n); };
  N = unit(N);
  let dimerSteps = 0, newtonSteps = 0;

  const rotate = () => {
    for (let r = 0; r < 20; r++) {
      const HN = U.hessianVectors(x, N);
      const C = dot(N, HN);
      const theta = Float64Array.from(HN, (v, i) => v - C * (N[i] as number));
      const tn = norm(theta);
      if (tn <= 1e-12 * Math.max(Math.abs(C), 1e-300) || d === 1) return C;
      const T = Float64Array.from(theta, (v) => v / tn);
      const b = dot(T, HN);
      const c = dot(T, U.hessianVectors(x, T));
      // Minimise C cos²φ + 2b sinφ cosφ + c sin²φ = (C+c)/2 + ((C−c)/2) cos2φ + b sin2φ:
      // (cos2φ, sin2φ) ∝ −((C−c)/2, b), i.e. φ = ½ atan2(−2b, c − C).
      const phi = 0.5 * Math.atan2(-2 * b, c - C);
      N = unit(Float64Array.from(N, (v, i) => Math.cos(phi) * v + Math.sin(phi) * (T[i] as number)));
    }
    return dot(N, U.hessianVectors(x, N));
  };

  const tryNewton = (): boolean => {
    let y = Float64Array.from(x);
    let gy = U.gradient(y);
    let e = eigen(U, y);
    if (e.values.reduce((a, v) => a + (v < 0 ? 1 : 0), 0) !== 1) return false;
    const step0 = spectralApply(e.values, e.vectors, gy, (l) => -1 / l);
    if (norm(step0) > maxStep) return false;
    let steps = 0;
    for (let k = 0; k < 100; k++) {
      const gn = norm(gy);
      if (gn <= tol) { x = y; newtonSteps += steps; return true; }
      const s = spectralApply(e.values, e.vectors, gy, (l) => -1 / l);
      const z = Float64Array.from(y, (v, i) => v + (s[i] as number));
      const gz = U.gradient(z);
      if (!(norm(gz) < gn)) {
        // Stalled at round-off: accept if close enough to the tolerance.
        if (gn <= 1e3 * tol) { x = y; newtonSteps += steps; return true; }
        return false;
      }
      y = z; gy = gz; steps++;
      e = eigen(U, y);
      if (e.values.reduce((a, v) => a + (v < 0 ? 1 : 0), 0) !== 1) return false;
    }
    return false;
  };

  for (let it = 0; it < maxIter; it++) {
    if (tryNewton()) break;
    const C = rotate();
    const g = U.gradient(x);
    const gN = dot(g, N);
    // Along N: uphill. C < 0: the Newton length |gN/C| (the F† component 2(g·N)N − g·N N = +(g·N)N
    // over the reflected curvature |C|); C ≥ 0: a full trust-radius step (Henkelman & Jónsson).
    const along = C < 0 ? gN / Math.abs(C) : (gN === 0 ? 1 : Math.sign(gN)) * maxStep;
    const sN = Math.max(-maxStep, Math.min(maxStep, along));
    // Perpendicular to N: the F† component −P∇U (P = I − NNᵀ), preconditioned by |P H P|⁻¹ so
    // that stiff and soft directions relax together (a Newton step in the dimer's subspace).
    const Pg = Float64Array.from(g, (v, i) => v - gN * (N[i] as number));
    const H = U.hessian(x);
    const PHP = projectedHessian(H, N);
    const e = d === 1 ? { values: Float64Array.of(0), vectors: Float64Array.of(1) } : linalg.symmetricEigen(PHP);
    const lmax = Math.max(...Array.from(e.values, Math.abs), 1e-300);
    const sPerp = spectralApply(e.values, e.vectors, Pg, (l) => -1 / Math.max(Math.abs(l), 1e-8 * lmax));
    // Remove any N component picked up by the (near-null) N eigenvector of P H P.
    const sPerpN = dot(sPerp, N);
    sPerp.forEach((v, i) => { sPerp[i] = v - sPerpN * (N[i] as number); });
    const pn = norm(sPerp);
    const scale = pn > maxStep ? maxStep / pn : 1;
    x = Float64Array.from(x, (v, i) => v + sN * (N[i] as number) + scale * (sPerp[i] as number));
    dimerSteps++;
  }
  return { ...describe(U, x), dimerSteps, newtonSteps };
}

/** `P H P` with `P = I − N Nᵀ` (row-major d×d). */
function projectedHessian(H: Float64Array, N: Float64Array): Float64Array {
  const d = N.length;
  const HN = new Float64Array(d);
  for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j < d; j++) s += (H[i * d + j] as number) * (N[j] as number); HN[i] = s; }
  const c = dot(N, HN);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const v = (H[i * d + j] as number) - (HN[i] as number) * (N[j] as number) - (N[i] as number) * (HN[j] as number) + c * (N[i] as number) * (N[j] as number);
      out[i * d + j] = v;
    }
  }
  // Exact symmetry for symmetricEigen's check.
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) { const m = 0.5 * ((out[i * d + j] as number) + (out[j * d + i] as number)); out[i * d + j] = m; out[j * d + i] = m; }
  return out;
}

/** Options of `basinOf`. */
export interface BasinOptions {
  /** A point is captured by minimum k once within this distance of it (default: 0.05 × the smallest distance between two minima, or 0.05 for one). */
  captureRadius?: number;
  /** Largest move per gradient-flow step (default 0.05). */
  maxStep?: number;
  /** Step cap per point (default 100000). */
  maxIterations?: number;
}

/**
 * Basin of attraction of each point: follows the gradient flow `ẋ = −∇U(x)` (explicit Euler
 * with a step h limited so that h‖∇U‖ ≤ maxStep and h·λ_max(H) ≤ 1/2 at the current point,
 * which keeps the discrete path within O(h) of the flow) until it comes within `captureRadius`
 * of one of `minima` (given as points or as `findMinima` results). Returns, per point, the
 * index into `minima`, or −1 if the flow was not captured within `maxIterations` or stopped
 * at a critical point that is not one of `minima` (e.g. a point exactly on a saddle). Points: rows or flat row-major m × d.
 */
export function basinOf(landscape: Landscape, points: ArrayLike<number> | ReadonlyArray<ArrayLike<number>>, minima: ReadonlyArray<ArrayLike<number> | { point: ArrayLike<number> }>, options: BasinOptions = {}): Int32Array {
  const where = 'basinOf';
  const U = checkLandscape(where, landscape);
  const d = U.dim;
  const pts = pointRows(where, 'points', points, d);
  if (!Array.isArray(minima) || minima.length === 0) throw invalid(where, 'minima', minima, 'it must be a non-empty array of points (or findMinima results)');
  const mins = minima.map((m, i) => finiteArray(where, `minima[${i}]`, (m as { point?: ArrayLike<number> }).point ?? m, [d], `d = ${d}`));
  let minDist = Infinity;
  for (let i = 0; i < mins.length; i++) for (let j = i + 1; j < mins.length; j++) minDist = Math.min(minDist, norm(Float64Array.from(mins[i]!, (v, k) => v - (mins[j]![k] as number))));
  const radius = positive(where, 'captureRadius', options?.captureRadius ?? (Number.isFinite(minDist) ? 0.05 * minDist : 0.05));
  const maxStep = positive(where, 'maxStep', options?.maxStep ?? 0.05);
  const maxIter = integer(where, 'maxIterations', options?.maxIterations ?? 100000, 1);
  const out = new Int32Array(pts.length).fill(-1);
  const nearest = (x: Float64Array) => {
    for (let k = 0; k < mins.length; k++) if (norm(Float64Array.from(x, (v, i) => v - (mins[k]![i] as number))) <= radius) return k;
    return -1;
  };
  // Batched: all unresolved points advance together (one gradients / hessians call per step).
  let active = pts.map((p, i) => ({ i, x: Float64Array.from(p) }));
  for (let it = 0; it < maxIter && active.length > 0; it++) {
    active = active.filter((a) => { const k = nearest(a.x); if (k >= 0) out[a.i] = k; return k < 0; });
    if (active.length === 0) break;
    const flat = new Float64Array(active.length * d);
    active.forEach((a, j) => flat.set(a.x, j * d));
    const G = U.gradients(flat);
    const H = U.hessians(flat);
    const stuck = new Set<number>();
    active.forEach((a, j) => {
      const g = G.subarray(j * d, (j + 1) * d);
      // λ_max bound by the Gershgorin row sums (cheap, an upper bound).
      let lmax = 0;
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += Math.abs(H[j * d * d + r * d + c] as number);
        lmax = Math.max(lmax, s);
      }
      const gn = norm(g);
      // On a critical point that is not a listed minimum (e.g. a saddle) the flow stays put: −1.
      if (gn <= 1e-14 * Math.max(1, lmax)) { stuck.add(j); return; }
      let h = lmax > 0 ? 0.5 / lmax : Infinity;
      if (gn > 0) h = Math.min(h, maxStep / gn);
      if (!Number.isFinite(h)) return;
      for (let i = 0; i < d; i++) a.x[i] = (a.x[i] as number) - h * (g[i] as number);
    });
    if (stuck.size) active = active.filter((_, j) => !stuck.has(j));
  }
  return out;
}

type PointLike = ArrayLike<number> | { point: ArrayLike<number> };

function pointOf(where: string, name: string, p: unknown, d: number): Float64Array {
  const v = p && typeof p === 'object' && 'point' in (p as object) ? (p as { point: unknown }).point : p;
  return finiteArray(where, name, v, [d], `a point of length d = ${d} (or a findMinima / findSaddle result)`);
}

/** Options of `eyringKramers`. */
export interface EyringKramersOptions {
  landscape: Landscape;
  /** The minimum a the walker starts in (a point or a `findMinima` result). */
  minimum: PointLike;
  /** The index-1 saddle s leading out of its basin (a point or a `findSaddle` result). */
  saddle: PointLike;
  temperature: number;
}

/** Result of `eyringKramers`. */
export interface EyringKramersResult {
  /** τ = prefactor · exp(barrier/T). */
  time: number;
  /** ln τ (finite where τ overflows). */
  logTime: number;
  /** (2π/|λ₋|) √(|det H(s)| / det H(a)). */
  prefactor: number;
  /** U(s) − U(a). */
  barrier: number;
  /** λ₋, the negative Hessian eigenvalue at the saddle. */
  negativeEigenvalue: number;
  /** det H(a), det H(s) (from the eigenvalues). */
  determinantMinimum: number;
  determinantSaddle: number;
}

/**
 * Eyring–Kramers mean escape time (conventions.md; errata on seed 000 B.3; Bovier, Eckhoff,
 * Gayrard & Klein, JEMS 6, 399 (2004)) for `dx = −∇U dt + √(2T) dW`:
 *
 *   τ ≈ (2π/|λ₋(s)|) √(|det H(s)| / det H(a)) · exp((U(s) − U(a))/T),
 *
 * the mean first-passage time from the minimum a to the *other well* beyond the saddle s (to a
 * neighbourhood of s it is half). In 1-D it is Kramers' `2π/√(U''(a)|U''(s)|) e^{ΔU/T}`.
 * Checks that a is a minimum (all eigenvalues > 0) and s an index-1 saddle.
 */
export function eyringKramers(o: EyringKramersOptions): EyringKramersResult {
  const where = 'eyringKramers';
  const U = checkLandscape(where, o?.landscape);
  const d = U.dim;
  const T = positive(where, 'temperature', o.temperature);
  const a = pointOf(where, 'minimum', o.minimum, d);
  const s = pointOf(where, 'saddle', o.saddle, d);
  const ea = eigen(U, a).values, es = eigen(U, s).values;
  if (!((ea[0] as number) > 0)) throw invalid(where, 'minimum', `[${Array.from(a).join(', ')}]`, `the Hessian there must be positive definite (eigenvalues ${Array.from(ea).join(', ')})`);
  const neg = es.reduce((n, v) => n + (v < 0 ? 1 : 0), 0);
  if (neg !== 1 || (es[1] !== undefined && !((es[1] as number) > 0))) throw invalid(where, 'saddle', `[${Array.from(s).join(', ')}]`, `the Hessian there must have exactly one negative eigenvalue and no zero one (eigenvalues ${Array.from(es).join(', ')})`);
  const detA = ea.reduce((p, v) => p * v, 1);
  const detS = es.reduce((p, v) => p * v, 1);
  const lm = es[0] as number;
  const prefactor = ((2 * Math.PI) / Math.abs(lm)) * Math.sqrt(Math.abs(detS) / detA);
  const barrier = U.value(s) - U.value(a);
  const logTime = Math.log(prefactor) + barrier / T;
  return { time: Math.exp(logTime), logTime, prefactor, barrier, negativeEigenvalue: lm, determinantMinimum: detA, determinantSaddle: detS };
}

/**
 * Laplace ratio of the stationary probabilities of two basins (errata on seed 000 Thm 6):
 *
 *   P(A)/P(B) ≈ √(det H_B / det H_A) · exp((L_B − L_A)/T),
 *
 * from `∫_A e^{−L/T} ≈ e^{−L_A/T} (2πT)^{d/2} / √det H_A` (relative error O(T)). `minimumA`,
 * `minimumB`: points or `findMinima` results; both Hessians must be positive definite.
 * Returns the ratio and its logarithm (finite where the ratio overflows).
 */
export function laplaceBasinRatio(o: { landscape: Landscape; minimumA: PointLike; minimumB: PointLike; temperature: number }): { ratio: number; logRatio: number } {
  const where = 'laplaceBasinRatio';
  const U = checkLandscape(where, o?.landscape);
  const d = U.dim;
  const T = positive(where, 'temperature', o.temperature);
  const a = pointOf(where, 'minimumA', o.minimumA, d);
  const b = pointOf(where, 'minimumB', o.minimumB, d);
  const ea = eigen(U, a).values, eb = eigen(U, b).values;
  if (!((ea[0] as number) > 0)) throw invalid(where, 'minimumA', `[${Array.from(a).join(', ')}]`, 'the Hessian there must be positive definite');
  if (!((eb[0] as number) > 0)) throw invalid(where, 'minimumB', `[${Array.from(b).join(', ')}]`, 'the Hessian there must be positive definite');
  const logDet = (e: Float64Array) => e.reduce((s, v) => s + Math.log(v), 0);
  const logRatio = 0.5 * (logDet(eb) - logDet(ea)) + (U.value(b) - U.value(a)) / T;
  return { ratio: Math.exp(logRatio), logRatio };
}

/** Options of `minimumEnergyPath`. */
export interface MinimumEnergyPathOptions {
  /** Number of images including the two ends (default 31, at least 5). */
  images?: number;
  /** Iteration cap of the string evolution (default 20000). */
  maxIterations?: number;
  /** Stop when the largest image move per unit time, max ‖Δφ‖/h, is below this (default 1e-6 times the largest initial ‖∇U‖, at least 1e-10). */
  tolerance?: number;
}

/** Result of `minimumEnergyPath`. */
export interface MinimumEnergyPath {
  /** Images φ₀ … φ_M (row-major (M+1) × d), φ₀ = from, φ_M = to; the climbing image is replaced by the refined saddle. */
  path: Float64Array;
  /** U at each image. */
  values: Float64Array;
  /** Index of the climbing (highest) image. */
  climbingImage: number;
  /** The highest saddle on the path, refined to ‖∇U‖ ≤ 1e-10 by `findSaddle` from the climbing image along the path tangent (check `index` = 1). */
  saddle: FoundSaddle;
  /** U(saddle) − U(from), U(saddle) − U(to). */
  barrierForward: number;
  barrierBackward: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimum-energy path between two minima by the climbing-image string method (simplified
 * string method: W. E, W. Ren & E. Vanden-Eijnden, J. Chem. Phys. 126, 164103 (2007); climbing
 * image as in NEB, G. Henkelman, B. P. Uberuaga & H. Jónsson, J. Chem. Phys. 113, 9901 (2000)).
 *
 * Images start on the straight segment. Each iteration: every interior image moves by explicit
 * Euler on `φ̇ = −∇U(φ)`, except the highest image i*, which climbs, `φ̇ = −∇U + 2(∇U·t̂)t̂`
 * (t̂ the unit tangent); then the images on [0, i*] and on [i*, M] are each redistributed to
 * equal arc length (linear interpolation). Time step `h = 0.5/max Gershgorin bound of |H|` over
 * the images (refreshed every 100 iterations). The climbing image is finally refined by
 * `findSaddle` (dimer + Newton). The path passes every intermediate minimum; the saddle
 * returned is the highest one (the rate-limiting one for escape from `from`).
 */
export function minimumEnergyPath(landscape: Landscape, from: PointLike, to: PointLike, options: MinimumEnergyPathOptions = {}): MinimumEnergyPath {
  const where = 'minimumEnergyPath';
  const U = checkLandscape(where, landscape);
  const d = U.dim;
  const a = pointOf(where, 'from', from, d);
  const b = pointOf(where, 'to', to, d);
  if (norm(Float64Array.from(a, (v, i) => v - (b[i] as number))) === 0) throw invalid(where, 'to', `[${Array.from(b).join(', ')}]`, 'it must differ from `from`');
  const M = integer(where, 'images', options?.images ?? 31, 5) - 1;
  const maxIter = integer(where, 'maxIterations', options?.maxIterations ?? 20000, 1);
  const phi = new Float64Array((M + 1) * d);
  for (let k = 0; k <= M; k++) for (let i = 0; i < d; i++) phi[k * d + i] = (a[i] as number) + (k / M) * ((b[i] as number) - (a[i] as number));
  const row = (k: number) => phi.subarray(k * d, (k + 1) * d);
  const stepSize = () => {
    const H = U.hessians(phi);
    let lmax = 0;
    for (let k = 0; k <= M; k++) for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Math.abs(H[k * d * d + r * d + c] as number);
      lmax = Math.max(lmax, s);
    }
    return lmax > 0 ? 0.5 / lmax : 0.1;
  };
  const G0 = U.gradients(phi);
  let g0 = 0;
  for (let k = 0; k <= M; k++) g0 = Math.max(g0, norm(G0.subarray(k * d, (k + 1) * d)));
  const tol = options?.tolerance === undefined ? Math.max(1e-6 * g0, 1e-10) : positive(where, 'tolerance', options.tolerance);
  let h = stepSize();
  let iterations = 0, converged = false, climb = 0;
  const tangent = (k: number) => {
    const t = Float64Array.from(row(k + 1), (v, i) => v - (phi[(k - 1) * d + i] as number));
    const n = norm(t);
    return Float64Array.from(t, (v) => v / n);
  };
  const redistribute = (lo: number, hi: number) => {
    // Equal arc length on images lo..hi (ends fixed), by linear interpolation of the old polyline.
    const old = phi.slice(lo * d, (hi + 1) * d);
    const m = hi - lo;
    const s = new Float64Array(m + 1);
    for (let k = 1; k <= m; k++) s[k] = (s[k - 1] as number) + norm(Float64Array.from(old.subarray(k * d, (k + 1) * d), (v, i) => v - (old[(k - 1) * d + i] as number)));
    const L = s[m] as number;
    if (!(L > 0)) return;
    let seg = 0;
    for (let k = 1; k < m; k++) {
      const target = (k / m) * L;
      while (seg < m - 1 && (s[seg + 1] as number) < target) seg++;
      const w = (target - (s[seg] as number)) / (((s[seg + 1] as number) - (s[seg] as number)) || 1);
      for (let i = 0; i < d; i++) phi[(lo + k) * d + i] = (1 - w) * (old[seg * d + i] as number) + w * (old[(seg + 1) * d + i] as number);
    }
  };
  for (; iterations < maxIter; iterations++) {
    if (iterations > 0 && iterations % 100 === 0) h = stepSize();
    const values = U.values(phi);
    climb = 1;
    for (let k = 2; k < M; k++) if ((values[k] as number) > (values[climb] as number)) climb = k;
    const G = U.gradients(phi);
    const before = phi.slice();
    for (let k = 1; k < M; k++) {
      const g = G.subarray(k * d, (k + 1) * d);
      let f: Float64Array;
      if (k === climb && iterations >= 200) {
        const t = tangent(k);
        const gt = dot(g, t);
        f = Float64Array.from(g, (v, i) => -v + 2 * gt * (t[i] as number));
      } else {
        f = Float64Array.from(g, (v) => -v);
      }
      for (let i = 0; i < d; i++) phi[k * d + i] = (phi[k * d + i] as number) + h * (f[i] as number);
    }
    if (iterations >= 200) { redistribute(0, climb); redistribute(climb, M); } else redistribute(0, M);
    let move = 0;
    for (let k = 1; k < M; k++) move = Math.max(move, norm(Float64Array.from(row(k), (v, i) => v - (before[k * d + i] as number))));
    if (iterations >= 200 && move / h < tol) { converged = true; iterations++; break; }
  }
  const saddle = findSaddle(U, row(climb), { direction: tangent(climb), maxStep: 0.05 });
  phi.set(saddle.point, climb * d);
  const values = U.values(phi);
  return {
    path: phi, values, climbingImage: climb, saddle,
    barrierForward: saddle.value - U.value(a), barrierBackward: saddle.value - U.value(b), iterations, converged,
  };
}
