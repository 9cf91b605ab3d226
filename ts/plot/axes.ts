/** Axes: tick choice without label overlap, grid lines, frame, ticks, tick labels, axis labels. */

import { num, textWidth } from './format.js';
import type { Rect } from './geometry.js';
import type { Scale, Tick } from './scale.js';
import { el, fragment, type Markup } from './svg.js';

/** Font size of tick labels, px. */
export const TICK_FONT = 12;
/** Font size of axis labels, px. */
export const LABEL_FONT = 13;
/** Length of major tick marks (outside the frame), px. */
export const TICK_LEN = 5;
/** Gap between a tick mark and its label, px. */
export const TICK_GAP = 3;

const AXIS_COLOR = '#333333';
const GRID_COLOR = '#e4e4e4';
const TEXT_COLOR = '#222222';

function labelled(ticks: readonly Tick[]): Tick[] {
  return ticks.filter((t) => t.major && t.label !== '');
}

/** Whether neighbouring labels of a horizontal axis are too close to read. */
function xCrowded(scale: Scale, ticks: readonly Tick[]): boolean {
  const ls = labelled(ticks);
  for (let i = 1; i < ls.length; i++) {
    const a = ls[i - 1];
    const b = ls[i];
    if (a === undefined || b === undefined) continue;
    const room = Math.abs(scale.map(b.value) - scale.map(a.value));
    const need = (textWidth(a.label, TICK_FONT) + textWidth(b.label, TICK_FONT)) / 2 + 12;
    if (room < need) return true;
  }
  return false;
}

/** Whether neighbouring labels of a vertical axis are too close to read. */
function yCrowded(scale: Scale, ticks: readonly Tick[]): boolean {
  const ls = labelled(ticks);
  for (let i = 1; i < ls.length; i++) {
    const a = ls[i - 1];
    const b = ls[i];
    if (a === undefined || b === undefined) continue;
    if (Math.abs(scale.map(b.value) - scale.map(a.value)) < TICK_FONT * 1.8) return true;
  }
  return false;
}

/**
 * Ticks for an axis: as many as fit (about one label per 80 px horizontally, per 45 px
 * vertically, at least 3), fewer while neighbouring labels would collide, and more when
 * that leaves fewer than two labels and two fit.
 */
export function chooseTicks(scale: Scale, orientation: 'x' | 'y'): Tick[] {
  const length = Math.abs(scale.range[1] - scale.range[0]);
  const start = Math.max(3, Math.floor(length / (orientation === 'x' ? 80 : 45)));
  const crowded = orientation === 'x' ? xCrowded : yCrowded;
  let ticks = scale.ticks(start);
  for (let n = start - 1; n >= 2 && crowded(scale, ticks); n--) ticks = scale.ticks(n);
  for (let n = start + 1; n <= start + 4 && labelled(ticks).length < 2; n++) {
    const more = scale.ticks(n);
    if (!crowded(scale, more)) ticks = more;
  }
  return ticks;
}

/** Widest tick label of a set of ticks, px. */
export function maxLabelWidth(ticks: readonly Tick[]): number {
  return Math.max(0, ...labelled(ticks).map((t) => textWidth(t.label, TICK_FONT)));
}

/** Light grid lines at the labelled ticks, inside the plot area. */
export function drawGrid(xs: Scale, ys: Scale, xt: readonly Tick[], yt: readonly Tick[], plot: Rect): Markup {
  let d = '';
  for (const t of labelled(xt)) {
    const x = xs.map(t.value);
    if (x > plot.x0 + 1 && x < plot.x1 - 1) d += `M${num(x)} ${num(plot.y0)}V${num(plot.y1)}`;
  }
  for (const t of labelled(yt)) {
    const y = ys.map(t.value);
    if (y > plot.y0 + 1 && y < plot.y1 - 1) d += `M${num(plot.x0)} ${num(y)}H${num(plot.x1)}`;
  }
  return d === '' ? fragment([]) : el('path', { d, stroke: GRID_COLOR, 'stroke-width': 1, fill: 'none' });
}

/** Text and placement of the two axis labels. */
export interface AxisLabels {
  x: string;
  y: string;
  /** Baseline of the x-axis label, px from the top. */
  xBaseline: number;
  /** Baseline (a vertical line after rotation) of the y-axis label, px from the left. */
  yBaseline: number;
}

/** The plot frame, tick marks, tick labels and the two axis labels. */
export function drawAxes(
  xs: Scale,
  ys: Scale,
  xt: readonly Tick[],
  yt: readonly Tick[],
  plot: Rect,
  labels: AxisLabels,
): Markup {
  let ticks = '';
  const texts: Markup[] = [];
  for (const t of xt) {
    const x = xs.map(t.value);
    ticks += `M${num(x)} ${num(plot.y1)}v${t.major ? TICK_LEN : TICK_LEN * 0.6}`;
    if (t.major && t.label !== '') {
      texts.push(el('text', { x, y: plot.y1 + TICK_LEN + TICK_GAP + TICK_FONT * 0.85, 'text-anchor': 'middle' }, t.label));
    }
  }
  for (const t of yt) {
    const y = ys.map(t.value);
    ticks += `M${num(plot.x0)} ${num(y)}h${-(t.major ? TICK_LEN : TICK_LEN * 0.6)}`;
    if (t.major && t.label !== '') {
      texts.push(el('text', { x: plot.x0 - TICK_LEN - TICK_GAP, y: y + TICK_FONT * 0.35, 'text-anchor': 'end' }, t.label));
    }
  }
  const midX = (plot.x0 + plot.x1) / 2;
  const midY = (plot.y0 + plot.y1) / 2;
  return fragment([
    el('rect', {
      x: plot.x0,
      y: plot.y0,
      width: plot.x1 - plot.x0,
      height: plot.y1 - plot.y0,
      fill: 'none',
      stroke: AXIS_COLOR,
      'stroke-width': 1,
    }),
    ticks === '' ? null : el('path', { d: ticks, stroke: AXIS_COLOR, 'stroke-width': 1, fill: 'none' }),
    el('g', { 'font-size': TICK_FONT, fill: TEXT_COLOR }, ...texts),
    el(
      'g',
      { 'font-size': LABEL_FONT, fill: TEXT_COLOR, 'text-anchor': 'middle' },
      el('text', { x: midX, y: labels.xBaseline }, labels.x),
      el('text', { x: labels.yBaseline, y: midY, transform: `rotate(-90 ${num(labels.yBaseline)} ${num(midY)})` }, labels.y),
    ),
  ]);
}
