/** Data marks: polylines, scatter markers, error bars and histogram bars. */

import { runs, type Point } from './data.js';
import { decimate } from './decimate.js';
import { num } from './format.js';
import { clampPx, type Rect, type Sample } from './geometry.js';
import type { Scale } from './scale.js';
import { el, fragment, type Markup } from './svg.js';
import type { Series } from './types.js';

/** Markup of some marks plus pixel samples of where they lie. */
export interface Drawn {
  markup: Markup;
  samples: Sample[];
}

/** Stroke width of series lines, px. */
export const LINE_WIDTH = 1.8;
/** Radius of scatter markers, px. */
export const MARKER_RADIUS = 3.2;
/** Dash pattern of dashed lines. */
export const DASH = '6 4';

/** Adds samples every ~`step` px along the segment a→b. */
function sampleSegment(out: Sample[], ax: number, ay: number, bx: number, by: number, step = 6): void {
  const n = Math.min(200, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
  for (let i = 1; i < n; i++) out.push([ax + ((bx - ax) * i) / n, ay + ((by - ay) * i) / n]);
}

/** Path data of a polyline made of several runs: one `M` subpath per run. */
function polylinePath(parts: Point[][], xs: Scale, ys: Scale, samples: Sample[]): string {
  let d = '';
  for (const run of parts) {
    const thin = decimate(
      run.map((p) => clampPx(xs.map(p.x))),
      run.map((p) => clampPx(ys.map(p.y))),
    );
    let prev = '';
    let px = NaN;
    let py = NaN;
    let n = 0;
    thin.x.forEach((x, i) => {
      const y = thin.y[i] ?? 0;
      const xy = `${num(x)} ${num(y)}`;
      if (xy === prev) return; // same pixel after rounding: keep the output small
      d += n === 0 ? `M${xy}` : n === 1 ? `L${xy}` : ` ${xy}`;
      samples.push([x, y]);
      if (n > 0) sampleSegment(samples, px, py, x, y);
      prev = xy;
      px = x;
      py = y;
      n++;
    });
    if (n === 1) d += 'h0'; // a lone point: a dot thanks to round caps
  }
  return d;
}

/** Path data of vertical error bars with small caps; lower ends ≤ 0 on a log axis go to the plot bottom. */
function errorBarPath(points: Point[], xs: Scale, ys: Scale, plot: Rect, samples: Sample[]): string {
  const cap = 3;
  let d = '';
  for (const p of points) {
    if (!(p.err > 0)) continue;
    const x = clampPx(xs.map(p.x));
    const top = clampPx(ys.map(p.y + p.err));
    const lowValue = p.y - p.err;
    const clipped = !ys.accepts(lowValue);
    const bottom = clipped ? plot.y1 : clampPx(ys.map(lowValue));
    d += `M${num(x)} ${num(top)}V${num(bottom)}`;
    d += `M${num(x - cap)} ${num(top)}h${cap * 2}`;
    if (!clipped) d += `M${num(x - cap)} ${num(bottom)}h${cap * 2}`;
    samples.push([x, top], [x, bottom]);
  }
  return d;
}

/** Draws one series (line or scatter, with its error bars) in `color`. */
export function drawSeries(s: Series, color: string, xs: Scale, ys: Scale, plot: Rect): Drawn {
  const samples: Sample[] = [];
  const parts = runs(s, xs.accepts, ys.accepts);
  const points = parts.flat();
  const bars = errorBarPath(points, xs, ys, plot, samples);
  const children: Markup[] = [];
  if (bars !== '') {
    children.push(el('path', { d: bars, fill: 'none', stroke: color, 'stroke-width': 1.1 }));
  }
  if (s.kind === 'line') {
    const d = polylinePath(parts, xs, ys, samples);
    if (d !== '') {
      children.push(
        el('path', {
          d,
          fill: 'none',
          stroke: color,
          'stroke-width': LINE_WIDTH,
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
          'stroke-dasharray': s.dash === true ? DASH : undefined,
        }),
      );
    }
  } else {
    const circles: Markup[] = [];
    let prev = '';
    for (const p of points) {
      const x = clampPx(xs.map(p.x));
      const y = clampPx(ys.map(p.y));
      const key = `${num(x)} ${num(y)}`;
      if (key === prev) continue;
      prev = key;
      circles.push(el('circle', { cx: x, cy: y, r: MARKER_RADIUS }));
      samples.push([x, y]);
    }
    if (circles.length > 0) {
      children.push(el('g', { fill: color, stroke: '#ffffff', 'stroke-width': 0.6 }, ...circles));
    }
  }
  return { markup: fragment(children), samples };
}

/** A histogram bar: the bin [x0, x1] with height y (data units). */
export interface Bar {
  x0: number;
  x1: number;
  y: number;
}

/** Draws bars from the baseline (0, or the plot bottom on a log axis) up to their height. */
export function drawBars(bars: readonly Bar[], xs: Scale, ys: Scale, plot: Rect): Drawn {
  const samples: Sample[] = [];
  const base = ys.type === 'log' ? plot.y1 : Math.min(plot.y1, clampPx(ys.map(0)));
  let d = '';
  for (const b of bars) {
    const x0 = clampPx(xs.map(b.x0));
    const x1 = clampPx(xs.map(b.x1));
    const top = clampPx(ys.map(b.y));
    d += `M${num(x0)} ${num(base)}V${num(top)}H${num(x1)}V${num(base)}Z`;
    // Samples over the visible part of the bar only.
    for (let x = Math.max(x0, plot.x0); x <= Math.min(x1, plot.x1); x += 6) {
      for (let y = Math.max(top, plot.y0); y <= Math.min(base, plot.y1); y += 6) samples.push([x, y]);
    }
  }
  const markup = d === '' ? fragment([]) : el('path', { d, fill: '#cfd6de', stroke: '#ffffff', 'stroke-width': 0.8 });
  return { markup, samples };
}
