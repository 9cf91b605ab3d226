/** Validation of series and extraction of the points that can be drawn. */

import type { Series } from './types.js';

/** Predicate telling whether a value can be placed on an axis. */
export type Accept = (v: number) => boolean;

/** A drawable point; `err` is the (absolute) error bar half-length, NaN when there is none. */
export interface Point {
  x: number;
  y: number;
  err: number;
}

/** Throws an Error naming the series when its x, y (and yErr) lengths differ. */
export function checkSeries(s: Series): void {
  if (s.x.length !== s.y.length) {
    throw new Error(`plot: series "${s.label}" has x.length ${s.x.length} but y.length ${s.y.length}`);
  }
  if (s.yErr !== undefined && s.yErr.length !== s.y.length) {
    throw new Error(`plot: series "${s.label}" has yErr.length ${s.yErr.length} but y.length ${s.y.length}`);
  }
}

/**
 * The runs of consecutive drawable points of a series: a point that an axis does not accept
 * (NaN, ±Infinity, or ≤ 0 on a log axis) ends the current run, so lines break there.
 */
export function runs(s: Series, acceptX: Accept, acceptY: Accept): Point[][] {
  const out: Point[][] = [];
  let cur: Point[] = [];
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i] ?? NaN;
    const y = s.y[i] ?? NaN;
    if (acceptX(x) && acceptY(y)) {
      const e = s.yErr?.[i];
      cur.push({ x, y, err: e !== undefined && Number.isFinite(e) ? Math.abs(e) : NaN });
    } else if (cur.length > 0) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Running minimum and maximum of a set of values. */
export class Extent {
  lo = Infinity;
  hi = -Infinity;
  add(v: number): void {
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
  }
  get empty(): boolean {
    return !(this.lo <= this.hi);
  }
}

/** Data extents on both axes. */
export interface Extents {
  x: Extent;
  y: Extent;
}

/**
 * Extents of the drawable points of some series, error bar ends included where the y axis
 * accepts them; with `xWindow`, only points whose x lies in it count towards the y extent.
 */
export function seriesExtents(
  series: readonly Series[],
  acceptX: Accept,
  acceptY: Accept,
  xWindow?: readonly [number, number],
): Extents {
  const x = new Extent();
  const y = new Extent();
  for (const s of series) {
    for (const run of runs(s, acceptX, acceptY)) {
      for (const p of run) {
        x.add(p.x);
        if (xWindow !== undefined && !(p.x >= xWindow[0] && p.x <= xWindow[1])) continue;
        y.add(p.y);
        if (p.err > 0) {
          if (acceptY(p.y + p.err)) y.add(p.y + p.err);
          if (acceptY(p.y - p.err)) y.add(p.y - p.err);
        }
      }
    }
  }
  return { x, y };
}
