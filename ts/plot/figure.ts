/** Figure layout and assembly: margins, scales, axes, clipped data layers, legend, title. */

import { chooseTicks, drawAxes, drawGrid, LABEL_FONT, maxLabelWidth, TICK_FONT, TICK_GAP, TICK_LEN } from './axes.js';
import type { Accept, Extents } from './data.js';
import { resolveDomain } from './domain.js';
import { textWidth } from './format.js';
import type { Rect, Sample } from './geometry.js';
import { drawLegend, placeLegend, type LegendEntry } from './legend.js';
import type { Drawn } from './marks.js';
import { makeScale, type Scale } from './scale.js';
import { el, fragment, type Markup } from './svg.js';
import type { LinePlotOptions } from './types.js';

/** Default figure width, px. */
export const DEFAULT_WIDTH = 640;
/** Default figure height, px. */
export const DEFAULT_HEIGHT = 420;

const TITLE_FONT = 15;
const OUTER = 10;

/** What a plot contributes to a figure. */
export interface FigureContent {
  /**
   * Extents of the drawable data: points accepted by both axes; when `xWindow` is given,
   * only points whose x lies in it count towards the y extent.
   */
  extents(acceptX: Accept, acceptY: Accept, xWindow?: readonly [number, number]): Extents;
  /** Keep a non-negative linear y extent starting exactly at 0 (bars). */
  yZeroFloor?: boolean;
  /** Draws the data layers, bottom first. */
  draw(xs: Scale, ys: Scale, plot: Rect): Drawn[];
  /** Legend rows. */
  legend: LegendEntry[];
  /** Extra room kept free right of the plot area, px (e.g. for a colour bar). */
  rightMargin?: number;
  /** Markup drawn outside the clipped data layer, after the axes (e.g. a colour bar). */
  decorate?(plot: Rect): Markup;
}

function size(options: LinePlotOptions): { width: number; height: number } {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new Error(`plot: width and height must be positive finite numbers, got ${width} x ${height}`);
  }
  return { width, height };
}

/** 32-bit FNV-1a hash in base 36: deterministic ids that differ between figures. */
export function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function svgRoot(width: number, height: number, title: string, ...children: Markup[]): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${Math.round(width * 100) / 100} ${Math.round(height * 100) / 100}`,
      'font-family': 'sans-serif',
      role: 'img',
    },
    el('title', {}, title),
    el('rect', { width, height, fill: '#ffffff' }),
    ...children,
  ).text;
}

function accessibleTitle(options: LinePlotOptions): string {
  return options.title ?? `${options.yLabel} vs ${options.xLabel}`;
}

function titleText(options: LinePlotOptions, centre: number): Markup | null {
  if (options.title === undefined || options.title === '') return null;
  return el(
    'text',
    { x: centre, y: OUTER + TITLE_FONT, 'font-size': TITLE_FONT, 'font-weight': 'bold', 'text-anchor': 'middle', fill: '#111111' },
    options.title,
  );
}

/** A complete SVG with the title, the axis labels and an empty frame saying "no data". */
export function noDataSvg(options: LinePlotOptions): string {
  const { width, height } = size(options);
  const plot: Rect = { x0: 50, y0: options.title ? 40 : 14, x1: width - 20, y1: height - 40 };
  const cx = (plot.x0 + plot.x1) / 2;
  const cy = (plot.y0 + plot.y1) / 2;
  return svgRoot(
    width,
    height,
    accessibleTitle(options),
    el('rect', { x: plot.x0, y: plot.y0, width: Math.max(0, plot.x1 - plot.x0), height: Math.max(0, plot.y1 - plot.y0), fill: 'none', stroke: '#bbbbbb' }),
    el('text', { x: cx, y: cy, 'text-anchor': 'middle', 'font-size': 16, fill: '#777777' }, 'no data'),
    fragment([
      titleText(options, cx),
      el(
        'g',
        { 'font-size': LABEL_FONT, fill: '#222222', 'text-anchor': 'middle' },
        el('text', { x: cx, y: height - OUTER - 4 }, options.xLabel),
        el('text', { x: 30, y: cy, transform: `rotate(-90 30 ${Math.round(cy * 100) / 100})` }, options.yLabel),
      ),
    ]),
  );
}

/** Lays out and renders a figure; "no data" when nothing is drawable. */
export function renderFigure(content: FigureContent, options: LinePlotOptions): string {
  const { width, height } = size(options);
  const xType = options.xScale ?? 'linear';
  const yType = options.yScale ?? 'linear';
  const acceptX: Accept = xType === 'log' ? (v) => Number.isFinite(v) && v > 0 : Number.isFinite;
  const acceptY: Accept = yType === 'log' ? (v) => Number.isFinite(v) && v > 0 : Number.isFinite;

  const all = content.extents(acceptX, acceptY);
  if (all.x.empty || all.y.empty) return noDataSvg(options);
  const xDomain = resolveDomain(options.xDomain, all.x, xType, 'x');
  if (xDomain === null) return noDataSvg(options);
  let yExtent = all.y;
  if (options.xDomain !== undefined) {
    const windowed = content.extents(acceptX, acceptY, xDomain).y;
    if (!windowed.empty) yExtent = windowed;
  }
  const yDomain = resolveDomain(options.yDomain, yExtent, yType, 'y', content.yZeroFloor === true);
  if (yDomain === null) return noDataSvg(options);

  // Vertical layout first: y ticks fix the width of the left margin.
  const hasTitle = options.title !== undefined && options.title !== '';
  const top = hasTitle ? OUTER + TITLE_FONT + 14 : 14;
  const xBaseline = height - OUTER - 4;
  const plotBottom = Math.max(top + 1, xBaseline - LABEL_FONT - 8 - TICK_FONT - TICK_GAP - TICK_LEN);
  const ys = makeScale(yType, yDomain, [plotBottom, top]);
  const yTicks = chooseTicks(ys, 'y');
  const yBaseline = OUTER + LABEL_FONT * 0.8;
  const left = OUTER + LABEL_FONT + 10 + maxLabelWidth(yTicks) + TICK_GAP + TICK_LEN;

  // Horizontal layout: widen the right margin when the last tick label would stick out.
  const plotRight = (right: number): number => Math.max(left + 1, width - right);
  const extra = Math.max(0, content.rightMargin ?? 0);
  let xs = makeScale(xType, xDomain, [left, plotRight(18 + extra)]);
  let xTicks = chooseTicks(xs, 'x');
  const last = xTicks.filter((t) => t.major && t.label !== '').at(-1);
  if (last !== undefined) {
    const overflow = xs.map(last.value) + textWidth(last.label, TICK_FONT) / 2 + 4 - width;
    if (overflow > 0) {
      xs = makeScale(xType, xDomain, [left, plotRight(18 + extra + overflow)]);
      xTicks = chooseTicks(xs, 'x');
    }
  }
  const plot: Rect = { x0: left, y0: top, x1: xs.range[1], y1: plotBottom };

  const layers = content.draw(xs, ys, plot);
  const data = fragment(layers.map((l) => l.markup));
  const samples: Sample[] = layers.flatMap((l) => l.samples);
  const clipId = `plot-clip-${hash(`${width}x${height}|${plot.x0},${plot.y0},${plot.x1},${plot.y1}|${data.text}`)}`;

  const entries = content.legend.filter((e) => e.label !== '');
  const legendOption = options.legend ?? 'auto';
  const legend =
    entries.length > 0 && legendOption !== 'none'
      ? drawLegend(entries, placeLegend(entries, plot, legendOption, samples))
      : null;

  return svgRoot(
    width,
    height,
    accessibleTitle(options),
    el(
      'defs',
      {},
      el('clipPath', { id: clipId }, el('rect', { x: plot.x0, y: plot.y0, width: plot.x1 - plot.x0, height: plot.y1 - plot.y0 })),
    ),
    drawGrid(xs, ys, xTicks, yTicks, plot),
    el('g', { 'clip-path': `url(#${clipId})` }, data),
    drawAxes(xs, ys, xTicks, yTicks, plot, { x: options.xLabel, y: options.yLabel, xBaseline, yBaseline }),
    content.decorate?.(plot) ?? fragment([]),
    fragment([titleText(options, (plot.x0 + plot.x1) / 2), legend]),
  );
}
