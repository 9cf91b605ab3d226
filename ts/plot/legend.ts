/** The legend: a box of swatches and labels in a corner of the plot area, off the data if possible. */

import { num, textWidth } from './format.js';
import { contains, type Rect, type Sample } from './geometry.js';
import { DASH, LINE_WIDTH, MARKER_RADIUS } from './marks.js';
import { el, type Markup } from './svg.js';

/** One legend row. */
export interface LegendEntry {
  label: string;
  color: string;
  kind: 'line' | 'scatter';
  dash: boolean;
}

/** A corner of the plot area. */
export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

const FONT = 12;
const ROW = 18;
const PAD = 6;
const SWATCH = 24;
const INSET = 8;

/** Width and height of the legend box for these entries, px. */
export function legendSize(entries: readonly LegendEntry[]): { w: number; h: number } {
  const text = Math.max(0, ...entries.map((e) => textWidth(e.label, FONT)));
  return { w: PAD + SWATCH + 6 + text + PAD + 2, h: entries.length * ROW + PAD };
}

function cornerRect(corner: Corner, w: number, h: number, plot: Rect): Rect {
  const left = corner.endsWith('left');
  const top = corner.startsWith('top');
  const x0 = left ? plot.x0 + INSET : plot.x1 - INSET - w;
  const y0 = top ? plot.y0 + INSET : plot.y1 - INSET - h;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/**
 * The legend box: in `corner`, or (for `'auto'`) in the corner that covers the fewest
 * drawn samples, preferring top-right, top-left, bottom-right, bottom-left on ties.
 */
export function placeLegend(
  entries: readonly LegendEntry[],
  plot: Rect,
  corner: Corner | 'auto',
  samples: readonly Sample[],
): Rect {
  const { w, h } = legendSize(entries);
  if (corner !== 'auto') return cornerRect(corner, w, h, plot);
  let best: Rect | undefined;
  let bestCount = Infinity;
  for (const c of ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const) {
    const r = cornerRect(c, w, h, plot);
    const grown = { x0: r.x0 - 4, y0: r.y0 - 4, x1: r.x1 + 4, y1: r.y1 + 4 };
    let count = 0;
    for (const [x, y] of samples) if (contains(grown, x, y)) count++;
    if (count < bestCount) {
      best = r;
      bestCount = count;
    }
  }
  return best ?? cornerRect('top-right', w, h, plot);
}

/** Draws the legend box at `box` (from {@link placeLegend}). */
export function drawLegend(entries: readonly LegendEntry[], box: Rect): Markup {
  const rows: Markup[] = [];
  entries.forEach((e, i) => {
    const cy = box.y0 + PAD / 2 + ROW * i + ROW / 2;
    const sx = box.x0 + PAD;
    rows.push(
      e.kind === 'line'
        ? el('path', {
            d: `M${num(sx)} ${num(cy)}h${SWATCH}`,
            fill: 'none',
            stroke: e.color,
            'stroke-width': LINE_WIDTH,
            'stroke-dasharray': e.dash ? DASH : undefined,
          })
        : el('circle', { cx: sx + SWATCH / 2, cy, r: MARKER_RADIUS, fill: e.color }),
      el('text', { x: sx + SWATCH + 6, y: cy + FONT * 0.35 }, e.label),
    );
  });
  return el(
    'g',
    { 'font-size': FONT, fill: '#222222' },
    el('rect', {
      x: box.x0,
      y: box.y0,
      width: box.x1 - box.x0,
      height: box.y1 - box.y0,
      rx: 3,
      fill: '#ffffff',
      'fill-opacity': 0.85,
      stroke: '#bbbbbb',
      'stroke-width': 0.8,
    }),
    ...rows,
  );
}
