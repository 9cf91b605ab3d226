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
