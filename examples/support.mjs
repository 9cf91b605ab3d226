// Shared by the example scripts: the quick flag (SGDYN_QUICK=1: small runs, used by
// test/examples.test.ts so the examples cannot rot), SVG output to examples/out/, histograms.
import { mkdirSync, writeFileSync } from 'node:fs';

/** True under SGDYN_QUICK=1: every example shrinks its ensembles and step counts. */
export const QUICK = process.env.SGDYN_QUICK === '1';

/** `full` normally, `quick` under SGDYN_QUICK=1. */
export const pick = (full, quick) => (QUICK ? quick : full);

/** Writes `svg` to examples/out/NAME and says so. */
export function writeSvg(name, svg) {
  const dir = new URL('./out/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(name, dir), svg);
  console.log(`wrote examples/out/${name}`);
}

/** Counts of `values` in `bins` equal bins over [lo, hi] (values outside are dropped), as { edges, counts }. */
export function histogram(values, lo, hi, bins) {
  const counts = new Float64Array(bins);
  const w = (hi - lo) / bins;
  for (const v of values) {
    const b = Math.floor((v - lo) / w);
    if (b >= 0 && b < bins) counts[b] += 1;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * w), counts };
}

/** Every k-th coordinate of a row-major n × d array. */
export const column = (xs, d, k) => Float64Array.from({ length: xs.length / d }, (_, i) => xs[i * d + k]);

/** Autocovariance at lag k of n parallel chains (`records[t·n + i]`, t < len) around `m`, pooled over chains and origins. */
function autocovariance(records, n, len, k, m) {
  let s = 0;
  for (let t = 0; t + k < len; t++) {
    const a = t * n, b = (t + k) * n;
    for (let i = 0; i < n; i++) s += (records[a + i] - m) * (records[b + i] - m);
  }
  return s / (n * (len - k));
}

/**
 * Normalised autocorrelation ρ(k), k = 0…maxLag, of n parallel chains recorded at equal spacing:
 * `records[t·n + i]` is chain i at record t (t < len), pooled over chains and time origins around
 * `mean` (pass the exact mean when it is known; default the pooled sample mean).
 */
export function autocorrelation(records, n, len, maxLag, mean) {
  const m = mean ?? records.reduce((s, v) => s + v, 0) / records.length;
  const c0 = autocovariance(records, n, len, 0, m);
  return Float64Array.from({ length: Math.min(maxLag, len - 1) + 1 }, (_, k) => autocovariance(records, n, len, k, m) / c0);
}

/**
 * Integrated autocorrelation time τ = 1 + 2 Σ_{k=1}^{M} ρ(k), in units of the record spacing, with
 * Sokal's self-consistent window: the smallest M ≥ c·τ(M), c = 5 (Sokal 1997, "Monte Carlo methods
 * in statistical mechanics: foundations and new algorithms", §3). Standard error from `groups`
 * disjoint groups of chains, each estimated with the same window: SE = sd(group τ)/√groups.
 * Returns { tau, se, window }; `window` = len − 1 means the records were too short for the window.
 */
export function integratedAutocorrelationTime(records, n, len, { mean, groups = 10, c = 5 } = {}) {
  const m = mean ?? records.reduce((s, v) => s + v, 0) / records.length;
  const c0 = autocovariance(records, n, len, 0, m);
  let window = 0, sum = 0;
  while (window < len - 1 && window < c * (1 + 2 * sum)) sum += autocovariance(records, n, len, ++window, m) / c0;
  const tau = 1 + 2 * sum;
  const g = Math.max(2, Math.min(groups, n)), per = Math.floor(n / g), est = [];
  for (let k = 0; k < g; k++) {
    const sub = new Float64Array(per * len);
    for (let t = 0; t < len; t++) for (let i = 0; i < per; i++) sub[t * per + i] = records[t * n + k * per + i];
    const s0 = autocovariance(sub, per, len, 0, m);
    let s = 0;
    for (let j = 1; j <= window; j++) s += autocovariance(sub, per, len, j, m) / s0;
    est.push(1 + 2 * s);
  }
  return { tau, se: meanSe(est).se, window };
}

/** Mean and standard error of independent values (e.g. per-chain time averages). */
export function meanSe(values) {
  const n = values.length, m = values.reduce((s, v) => s + v, 0) / n;
  return { mean: m, se: Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1) / n) };
}
