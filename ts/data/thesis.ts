/**
 * The data set of the thesis's numerical chapter (seed 001, §5.1; errata.md: the true
 * parameters are (a, b) = (1, 5)), reproducibly: inputs on an equally spaced grid of
 * `points` values over `range` (both ends included; default 30 points on [−15, 15]), each
 * repeated `copies` times (default 20), labels `yᵢ = f(a, b; xᵢ) + noise·(2uᵢ − 1)` with the
 * model `f(a, b; x) = a² + x(1 + bσ(ax))` and uᵢ the uniforms of sgdyn's stream `stream`
 * of `seed` (`rng.uniforms`), i.e. label noise uniform on [−noise, noise) (default 3).
 *
 * Layout: point-major, `x = [x₀ ×copies, x₁ ×copies, …]`, N = points·copies. The same
 * options always give the same arrays (the uniforms are bit-identical on every platform).
 */
import { rng } from '../rng.js';
import { finite, integer, invalid, nonNegative, seed as seedOf } from '../validate.js';

/** Options of `thesisData`. */
export interface ThesisDataOptions {
  /** Seed of the label noise (an integer in [0, 2⁵³) or a bigint in [0, 2⁶⁴)). */
  seed: number | bigint;
  /** Stream index of the noise (default 0). */
  stream?: number;
  /** Grid points (≥ 2; default 30). */
  points?: number;
  /** Copies of each grid point (≥ 1; default 20). */
  copies?: number;
  /** Half-width of the uniform label noise (≥ 0; default 3). */
  noise?: number;
  /** Grid interval [lo, hi], lo < hi (default [−15, 15]). */
  range?: readonly [number, number];
  /** True parameter a (default 1). */
  a?: number;
  /** True parameter b (default 5). */
  b?: number;
}

/** A data set: inputs and labels of equal length N. */
export interface ThesisData {
  x: Float64Array;
  y: Float64Array;
}

/** `f(a, b; x) = a² + x(1 + b σ(ax))`, σ(z) = 1/(1 + e^{−z}). */
export function thesisModelFunction(a: number, b: number, x: number): number {
  return a * a + x * (1 + b / (1 + Math.exp(-a * x)));
}

/** The thesis's data set (see the module comment); feed it to `landscapes.thesisModel`. */
export function thesisData(o: ThesisDataOptions): ThesisData {
  const where = 'thesisData';
  if (typeof o !== 'object' || o === null) throw invalid(where, 'options', o, 'it must be an object with at least a seed');
  const seed = seedOf(where, o.seed);
  const stream = integer(where, 'stream', o.stream ?? 0, 0);
  const points = integer(where, 'points', o.points ?? 30, 2);
  const copies = integer(where, 'copies', o.copies ?? 20, 1);
  const noise = nonNegative(where, 'noise', o.noise ?? 3);
  const range = o.range ?? [-15, 15];
  if (!Array.isArray(range) || range.length !== 2) throw invalid(where, 'range', range, 'it must be [lo, hi] with lo < hi');
  const lo = finite(where, 'range[0]', range[0]);
  const hi = finite(where, 'range[1]', range[1]);
  if (!(lo < hi)) throw invalid(where, 'range', `[${lo}, ${hi}]`, 'it must be [lo, hi] with lo < hi');
  const a = finite(where, 'a', o.a ?? 1);
  const b = finite(where, 'b', o.b ?? 5);
  const n = points * copies;
  const u = rng.uniforms({ seed, stream, count: n });
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let j = 0; j < points; j++) {
    const xj = lo + ((hi - lo) * j) / (points - 1);
    const fj = thesisModelFunction(a, b, xj);
    for (let c = 0; c < copies; c++) {
      const i = j * copies + c;
      x[i] = xj;
      y[i] = fj + noise * (2 * (u[i] as number) - 1);
    }
  }
  return { x, y };
}
