/**
 * Power-law exponents of MSD curves, `MSD(k) ≈ a kᶜ` (Kunin et al. (2021) §2, App. H.2/H.7).
 * The fitted c of a curve that is not a power law (the model's MSD goes from ballistic
 * ∝ k² to a plateau) depends on the window, so the window is an explicit, required choice.
 */
import { finiteArray, invalid, positive } from '../validate.js';

/**
 * Which points a fit uses: `'all'`; `{ from, to }`: lags in [from, to] (inclusive); or
 * `{ lastFraction: f }`: the last ⌈f·N⌉ points (Kunin App. H.2 used f = 2/3).
 */
export type FitWindow = 'all' | { from: number; to: number } | { lastFraction: number };

/** Result of `fitPowerLaw`. */
export interface PowerLawFit {
  /** c, the slope of log MSD against log k (ordinary least squares). */
  exponent: number;
  /** a = exp(intercept). */
  prefactor: number;
  /** First and last lag used. */
  from: number;
  to: number;
  /** Number of points used. */
  points: number;
  /** Coefficient of determination of the log–log line. */
  rSquared: number;
}

function series(where: string, lags: ArrayLike<number>, values: ArrayLike<number>): [Float64Array, Float64Array] {
  const k = finiteArray(where, 'lags', lags, [lags?.length ?? -1], 'an array of numbers');
  const v = finiteArray(where, 'values', values, [k.length], `as many entries as lags (${k.length})`);
  for (let i = 1; i < k.length; i++) {
    if (!((k[i] as number) > (k[i - 1] as number))) throw invalid(where, `lags[${i}]`, k[i], `lags must be strictly increasing (lags[${i - 1}] = ${k[i - 1]})`);
  }
  return [k, v];
}

function logPoint(where: string, k: Float64Array, v: Float64Array, i: number): [number, number] {
  const x = k[i] as number, y = v[i] as number;
  if (!(x > 0)) throw invalid(where, `lags[${i}]`, x, 'lags inside the window must be > 0 (log–log fit)');
  if (!(y > 0)) throw invalid(where, `values[${i}]`, y, 'values inside the window must be > 0 (log–log fit)');
  return [Math.log(x), Math.log(y)];
}

function indices(where: string, k: Float64Array, window: FitWindow): [number, number] {
  const n = k.length;
  if (window === 'all') return [0, n - 1];
  if (window !== null && typeof window === 'object' && 'lastFraction' in window) {
    const f = positive(where, 'window.lastFraction', window.lastFraction);
    if (f > 1) throw invalid(where, 'window.lastFraction', f, 'it must be in (0, 1]');
    return [n - Math.ceil(f * n), n - 1];
  }
  if (window !== null && typeof window === 'object' && 'from' in window && 'to' in window) {
    const from = window.from, to = window.to;
    if (typeof from !== 'number' || typeof to !== 'number' || !(from <= to)) throw invalid(where, 'window', `{ from: ${from}, to: ${to} }`, 'it needs numbers from <= to');
    let i0 = 0;
    while (i0 < n && (k[i0] as number) < from) i0++;
    let i1 = n - 1;
    while (i1 >= 0 && (k[i1] as number) > to) i1--;
    return [i0, i1];
  }
  throw invalid(where, 'window', window, "it must be 'all', { from, to } or { lastFraction }");
}

/**
 * Least-squares line through `(log k, log MSD)` over the window: `MSD ≈ a kᶜ`. Every point
 * in the window needs k > 0 and MSD > 0; at least 2 points.
 */
export function fitPowerLaw(lags: ArrayLike<number>, values: ArrayLike<number>, options: { window: FitWindow }): PowerLawFit {
  const where = 'fitPowerLaw';
  if (options === null || typeof options !== 'object' || !('window' in options)) {
    throw invalid(where, 'options.window', undefined, "a window is required: 'all', { from, to } or { lastFraction }");
  }
  const [k, v] = series(where, lags, values);
  const [i0, i1] = indices(where, k, options.window);
  const m = i1 - i0 + 1;
  if (m < 2) throw invalid(where, 'window', options.window, `it selects ${Math.max(m, 0)} point(s); a fit needs at least 2`);
  let sx = 0, sy = 0;
  const pts: [number, number][] = [];
  for (let i = i0; i <= i1; i++) {
    const p = logPoint(where, k, v, i);
    pts.push(p);
    sx += p[0];
    sy += p[1];
  }
  const mx = sx / m, my = sy / m;
  let sxx = 0, sxy = 0, syy = 0;
  for (const [x, y] of pts) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  const c = sxy / sxx;
  const b = my - c * mx;
  let sse = 0;
  for (const [x, y] of pts) sse += (y - (b + c * x)) ** 2;
  return { exponent: c, prefactor: Math.exp(b), from: k[i0] as number, to: k[i1] as number, points: m, rSquared: syy > 0 ? 1 - sse / syy : 1 };
}

/**
 * The local exponent `d log MSD / d log k` at every lag: the three-point derivative on the
 * non-uniform log grid (exact for a pure power law and second order otherwise), one-sided
 * at the two ends. Needs k > 0, MSD > 0 everywhere and at least 2 points.
 */
export function localSlope(lags: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const where = 'localSlope';
  const [k, v] = series(where, lags, values);
  const n = k.length;
  if (n < 2) throw invalid(where, 'lags.length', n, 'it must be >= 2');
  const p = Array.from({ length: n }, (_, i) => logPoint(where, k, v, i));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i === 0 || i === n - 1) {
      const [a, b] = i === 0 ? [p[0]!, p[1]!] : [p[n - 2]!, p[n - 1]!];
      out[i] = (b[1] - a[1]) / (b[0] - a[0]);
      continue;
    }
    const [x0, y0] = p[i - 1]!, [x1, y1] = p[i]!, [x2, y2] = p[i + 1]!;
    const h1 = x1 - x0, h2 = x2 - x1;
    out[i] = (h1 * h1 * y2 - h2 * h2 * y0 + (h2 * h2 - h1 * h1) * y1) / (h1 * h2 * (h1 + h2));
  }
  return out;
}

/**
 * The fitted exponent as a function of the window length (Kunin App. H.7): for each
 * `length` L, `fitPowerLaw` over the first L points (`anchor: 'start'`, default — fitting
 * ever longer trajectories from the start) or the last L points (`anchor: 'end'`).
 */
export function exponentVsWindow(
  lags: ArrayLike<number>, values: ArrayLike<number>, options: { lengths: ArrayLike<number>; anchor?: 'start' | 'end' },
): { length: number; from: number; to: number; exponent: number }[] {
  const where = 'exponentVsWindow';
  const [k, v] = series(where, lags, values);
  const n = k.length;
  const anchor = options?.anchor ?? 'start';
  if (anchor !== 'start' && anchor !== 'end') throw invalid(where, 'anchor', anchor, "it must be 'start' or 'end'");
  const lengths = finiteArray(where, 'lengths', options?.lengths, [options?.lengths?.length ?? -1], 'an array of point counts');
  return Array.from(lengths, (len, j) => {
    if (!Number.isInteger(len) || len < 2 || len > n) throw invalid(where, `lengths[${j}]`, len, `it must be an integer in [2, ${n}]`);
    const [i0, i1] = anchor === 'start' ? [0, len - 1] : [n - len, n - 1];
    const fit = fitPowerLaw(k, v, { window: { from: k[i0] as number, to: k[i1] as number } });
    return { length: len, from: fit.from, to: fit.to, exponent: fit.exponent };
  });
}
