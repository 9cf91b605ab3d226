/** `heatmapPlot`: a gridded scalar field as coloured cells, with colour bar, contours, quiver arrows and overlays. */

import { TICK_FONT, LABEL_FONT, TICK_LEN, TICK_GAP, chooseTicks } from './axes.js';
import { checkSeries, Extent, seriesExtents } from './data.js';
import { colorAt, MISSING_COLOR, type ColorScaleName } from './colormap.js';
import { contourLines } from './contour.js';
import { hash, renderFigure } from './figure.js';
import { num, textWidth } from './format.js';
import type { Rect } from './geometry.js';
import { drawSeries, type Drawn } from './marks.js';
import { paletteColor } from './palette.js';
import { linearScale, linearTicks, type Scale } from './scale.js';
import { el, fragment, type Markup } from './svg.js';
import type { LinePlotOptions, Series } from './types.js';

/** A scalar field on a tensor grid: `values[j*nx + i]` at `(x[i], y[j])` (x fastest). */
export interface HeatmapField {
  /** Cell-centre abscissae, strictly increasing (nx ≥ 2). */
  x: ArrayLike<number>;
  /** Cell-centre ordinates, strictly increasing (ny ≥ 2). */
  y: ArrayLike<number>;
  /** Row-major values, x fastest, length nx·ny; non-finite values are drawn grey. */
  values: ArrayLike<number>;
}

/** Options of {@link heatmapPlot}: the {@link LinePlotOptions} plus colour, contour, quiver and overlay settings. */
export interface HeatmapOptions extends LinePlotOptions {
  /** `'viridis'` (default) over [min, max], or `'diverging'` (blue–white–red) symmetric about 0. */
  colorScale?: ColorScaleName;
  /** Label of the colour bar (include units). */
  colorLabel?: string;
  /** Levels at which contour lines are drawn (marching squares on the full grid). */
  contours?: number[];
  /**
   * Arrows of a vector field on the same grid (`u`, `v` of length nx·ny, x fastest), drawn at
   * every `every`-th cell in each direction (default: about 20 arrows across); length ∝
   * magnitude, the largest being `scale` (default 0.9) times the arrow spacing. Zero or
   * non-finite vectors draw nothing.
   */
  quiver?: { u: ArrayLike<number>; v: ArrayLike<number>; every?: number; scale?: number };
  /** Series drawn on top (e.g. particles as a scatter); they are listed in the legend. */
  overlay?: Series[];
}

/** Largest number of cell rectangles per direction; larger grids are block-averaged. */
export const MAX_CELLS = 128;
/** Number of distinct colours cells are quantised to (one path per colour keeps the SVG small). */
const LEVELS = 96;
const BAR_GAP = 14;
const BAR_WIDTH = 14;

function checkGrid(name: string, a: ArrayLike<number>): void {
  if (a.length < 2) throw new Error(`heatmapPlot: field.${name} needs at least 2 points, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    const p = a[i - 1], c = a[i];
    if (c === undefined || !Number.isFinite(c)) throw new Error(`heatmapPlot: field.${name}[${i}] is not finite (${c})`);
    if (p !== undefined && !(c > p)) throw new Error(`heatmapPlot: field.${name} must be strictly increasing (at index ${i})`);
  }
}

/** Cell edges from centres: midpoints, extended by half a spacing at both ends. */
function edgesOf(c: ArrayLike<number>): number[] {
  const n = c.length;
  const e = new Array<number>(n + 1);
  for (let i = 1; i < n; i++) e[i] = ((c[i - 1] as number) + (c[i] as number)) / 2;
  e[0] = (c[0] as number) - ((c[1] as number) - (c[0] as number)) / 2;
  e[n] = (c[n - 1] as number) + ((c[n - 1] as number) - (c[n - 2] as number)) / 2;
  return e;
}

/** Block boundaries (indices into the cells) splitting n cells into at most MAX_CELLS blocks. */
function blocks(n: number): number[] {
  const m = Math.min(n, MAX_CELLS);
  return Array.from({ length: m + 1 }, (_, k) => Math.round((k * n) / m));
}

/** Finite range of the values, or null. */
function valueRange(values: ArrayLike<number>): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The colour domain: [min, max] (widened when flat), symmetric about 0 for the diverging map. */
function colorDomain(range: [number, number] | null, name: ColorScaleName): [number, number] {
  if (range === null) return [0, 1];
  let [lo, hi] = range;
  if (name === 'diverging') {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    [lo, hi] = m > 0 ? [-m, m] : [-1, 1];
  }
  if (!(hi > lo)) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - d, hi + d];
  }
  return [lo, hi];
}

/** The coloured cells (block-averaged to ≤ MAX_CELLS² rectangles), one path per quantised colour. */
function drawCells(field: HeatmapField, name: ColorScaleName, domain: [number, number], xs: Scale, ys: Scale): Markup {
  const nx = field.x.length, ny = field.y.length;
  const ex = edgesOf(field.x), ey = edgesOf(field.y);
  const bx = blocks(nx), by = blocks(ny);
  const px = bx.map((k) => (xs.accepts(ex[k] as number) ? xs.map(ex[k] as number) : NaN));
  const py = by.map((k) => (ys.accepts(ey[k] as number) ? ys.map(ey[k] as number) : NaN));
  // Uniform pixel spacing → integer block coordinates under one transform (a much smaller SVG).
  const uniform = (p: number[]): boolean => {
    const d = ((p.at(-1) as number) - (p[0] as number)) / (p.length - 1);
    return p.every((v, k) => Number.isFinite(v) && Math.abs(v - ((p[0] as number) + k * d)) < 0.01);
  };
  const indexCoords = uniform(px) && uniform(py);
  const cx = (k: number): string => (indexCoords ? String(k) : num(px[k] as number));
  const cy = (k: number): string => (indexCoords ? String(k) : num(py[k] as number));
  const paths = new Map<string, string>();
  const [lo, hi] = domain;
  for (let J = 0; J + 1 < by.length; J++) {
    if (!(Number.isFinite(py[J] as number) && Number.isFinite(py[J + 1] as number))) continue;
    let runColor = '';
    let runStart = 0;
    const flush = (end: number): void => {
      if (runColor === '') return;
      // Index coordinates: a row run is a horizontal stroke 1 unit thick (scaled to the cell height).
      const d = indexCoords
        ? `M${runStart} ${J}h${end - runStart}`
        : `M${cx(runStart)} ${cy(J)}H${cx(end)}V${cy(J + 1)}H${cx(runStart)}Z`;
      paths.set(runColor, (paths.get(runColor) ?? '') + d);
    };
    for (let I = 0; I + 1 < bx.length; I++) {
      let color = '';
      if (Number.isFinite(px[I] as number) && Number.isFinite(px[I + 1] as number)) {
        let sum = 0, count = 0;
        for (let j = by[J] as number; j < (by[J + 1] as number); j++) {
          for (let i = bx[I] as number; i < (bx[I + 1] as number); i++) {
            const v = field.values[j * nx + i] as number;
            if (Number.isFinite(v)) { sum += v; count++; }
          }
        }
        if (count === 0) color = MISSING_COLOR;
        else {
          const q = Math.round(((sum / count - lo) / (hi - lo)) * (LEVELS - 1));
          color = colorAt(name, Math.max(0, Math.min(LEVELS - 1, q)) / (LEVELS - 1));
        }
      }
      if (color !== runColor) {
        flush(I);
        runColor = color;
        runStart = I;
      }
    }
    flush(bx.length - 1);
  }
  const children = [...paths].map(([color, d]) => el('path', indexCoords ? { d, stroke: color } : { d, fill: color }));
  const attrs: Record<string, string> = { 'shape-rendering': 'crispEdges', class: 'heatmap-cells' };
  if (indexCoords) {
    const sx = ((px.at(-1) as number) - (px[0] as number)) / (px.length - 1);
    const sy = ((py.at(-1) as number) - (py[0] as number)) / (py.length - 1);
    // Block (I, J) covers [I, I+1] × [J, J+1]; rows are strokes along y = J + 0.5.
    attrs.transform = `translate(${num(px[0] as number)} ${num((py[0] as number) + sy / 2)}) scale(${sx.toPrecision(6)} ${sy.toPrecision(6)})`;
    attrs['stroke-width'] = '1';
    attrs.fill = 'none';
  }
  return el('g', attrs, ...children);
}

/** Contour lines in pixel space, one path per level. */
function drawContours(field: HeatmapField, levels: readonly number[], xs: Scale, ys: Scale): Markup {
  const paths: Markup[] = [];
  for (const level of levels) {
    if (!Number.isFinite(level)) continue;
    let d = '';
    for (const line of contourLines(field.x, field.y, field.values, level)) {
      // Points closer than 1.5 px to the last one drawn are dropped (the last point is kept).
      let lx = NaN, ly = NaN, n = 0;
      line.x.forEach((x, k) => {
        const X = xs.map(x), Y = ys.map(line.y[k] as number);
        if (n > 0 && k < line.x.length - 1 && Math.hypot(X - lx, Y - ly) < 1.5) return;
        d += `${n === 0 ? 'M' : n === 1 ? 'L' : ' '}${num(X)} ${num(Y)}`;
        lx = X; ly = Y; n++;
      });
      if (line.closed) d += 'Z';
    }
    if (d !== '') {
      paths.push(el('path', { d, fill: 'none', stroke: '#ffffff', 'stroke-width': 2.4, 'stroke-opacity': 0.6, 'stroke-linejoin': 'round' }));
      paths.push(el('path', { d, fill: 'none', stroke: '#111111', 'stroke-width': 1, 'stroke-linejoin': 'round', class: 'contour', 'data-level': String(level) }));
    }
  }
  return fragment(paths);
}

/** Quiver arrows: shafts in one path (one `M` per arrow), heads as filled triangles. */
function drawQuiver(field: HeatmapField, q: NonNullable<HeatmapOptions['quiver']>, every: number, xs: Scale, ys: Scale): Markup {
  const nx = field.x.length, ny = field.y.length;
  let maxMag = 0;
  const picks: Array<[number, number, number, number, number]> = [];
  for (let j = 0; j < ny; j += every) {
    for (let i = 0; i < nx; i += every) {
      const u = q.u[j * nx + i] as number, v = q.v[j * nx + i] as number;
      const m = Math.hypot(u, v);
      if (!(Number.isFinite(m) && m > 0)) continue;
      picks.push([field.x[i] as number, field.y[j] as number, u, v, m]);
      if (m > maxMag) maxMag = m;
    }
  }
  if (picks.length === 0) return fragment([]);
  const spacing = Math.min(
    Math.abs(xs.map(field.x[Math.min(nx - 1, every)] as number) - xs.map(field.x[0] as number)),
    Math.abs(ys.map(field.y[Math.min(ny - 1, every)] as number) - ys.map(field.y[0] as number)),
  );
  const longest = (q.scale ?? 0.9) * spacing;
  let shafts = '', heads = '';
  for (const [x, y, u, v, m] of picks) {
    const x0 = xs.map(x), y0 = ys.map(y);
    // Direction in pixel space (axes may be scaled differently), length ∝ |(u, v)|.
    const dx = xs.map(x + u) - x0, dy = ys.map(y + v) - y0;
    const dl = Math.hypot(dx, dy);
    if (!(dl > 0)) continue;
    const len = (longest * m) / maxMag;
    const ux = dx / dl, uy = dy / dl;
    const tx = x0 + ux * len, ty = y0 + uy * len;
    const hl = Math.min(6, 0.4 * len), hw = hl * 0.45; // heads shrink with the arrow: tiny arrows stay tiny
    const bx = tx - ux * hl, by = ty - uy * hl;
    shafts += `M${num(x0)} ${num(y0)}L${num(bx)} ${num(by)}`;
    heads += `M${num(tx)} ${num(ty)}L${num(bx - uy * hw)} ${num(by + ux * hw)}L${num(bx + uy * hw)} ${num(by - ux * hw)}Z`;
  }
  return fragment([
    el('path', { d: shafts, fill: 'none', stroke: '#000000', 'stroke-opacity': 0.55, 'stroke-width': 2.8, 'stroke-linecap': 'butt' }),
    el('path', { d: heads, fill: '#000000', 'fill-opacity': 0.55, stroke: '#000000', 'stroke-opacity': 0.55, 'stroke-width': 1.6, 'stroke-linejoin': 'round' }),
    el('path', { d: shafts, fill: 'none', stroke: '#ffffff', 'stroke-width': 1.2, 'stroke-linecap': 'butt', class: 'quiver' }),
    el('path', { d: heads, fill: '#ffffff', class: 'quiver-heads' }),
  ]);
}

/** Width of the colour bar with its tick labels and label, px. */
function colorBarWidth(domain: [number, number], label: string | undefined): number {
  let w = 0;
  for (let n = 2; n <= 10; n++) for (const t of linearTicks(domain[0], domain[1], n)) w = Math.max(w, textWidth(t.label, TICK_FONT));
  return BAR_GAP + BAR_WIDTH + TICK_LEN + TICK_GAP + w + (label ? 8 + LABEL_FONT : 0) + 4;
}

/** The colour bar right of the plot: a gradient, ticks with labels, and the rotated label. */
function drawColorBar(plot: Rect, domain: [number, number], name: ColorScaleName, label: string | undefined, id: string): Markup {
  const x0 = plot.x1 + BAR_GAP;
  const scale = linearScale(domain, [plot.y1, plot.y0]);
  const ticks = chooseTicks(scale, 'y').filter((t) => t.major && t.label !== '');
  const stops = Array.from({ length: 17 }, (_, k) =>
    el('stop', { offset: num(k / 16), 'stop-color': colorAt(name, 1 - k / 16) }),
  );
  let d = '';
  const labels: Markup[] = [];
  let widest = 0;
  for (const t of ticks) {
    const y = scale.map(t.value);
    d += `M${num(x0 + BAR_WIDTH)} ${num(y)}h${TICK_LEN}`;
    labels.push(el('text', { x: x0 + BAR_WIDTH + TICK_LEN + TICK_GAP, y: y + TICK_FONT * 0.35 }, t.label));
    widest = Math.max(widest, textWidth(t.label, TICK_FONT));
  }
  const lx = x0 + BAR_WIDTH + TICK_LEN + TICK_GAP + widest + 8 + LABEL_FONT * 0.8;
  const my = (plot.y0 + plot.y1) / 2;
  return el(
    'g',
    { class: 'colorbar' },
    el('defs', {}, el('linearGradient', { id, x1: 0, y1: 0, x2: 0, y2: 1 }, ...stops)),
    el('rect', { x: x0, y: plot.y0, width: BAR_WIDTH, height: plot.y1 - plot.y0, fill: `url(#${id})`, stroke: '#333333', 'stroke-width': 1 }),
    d === '' ? null : el('path', { d, stroke: '#333333', 'stroke-width': 1, fill: 'none' }),
    el('g', { 'font-size': TICK_FONT, fill: '#222222', class: 'colorbar-labels' }, ...labels),
    label
      ? el('text', { x: lx, y: my, 'font-size': LABEL_FONT, fill: '#222222', 'text-anchor': 'middle', transform: `rotate(-90 ${num(lx)} ${num(my)})` }, label)
      : null,
  );
}

/**
 * Draws a scalar field on a tensor grid as coloured cells and returns a complete standalone
 * `<svg>` string, with a colour bar (ticks and `colorLabel`), optional contour lines at
 * `contours` (marching squares), optional quiver arrows of a vector field on the same grid,
 * and optional overlaid series (listed in the legend).
 *
 * - Grids larger than 128 cells in a direction are block-averaged to ≤ 128×128 rectangles,
 *   and colours are quantised to 96 levels, so the SVG stays small (≈ 100–250 KB at most).
 * - Non-finite values are drawn in a neutral grey and ignored for the colour range.
 * - The default axis domains are exactly the cell edges (centres ± half a spacing).
 * - Throws an Error naming the parameter when `field.values` (or `quiver.u` / `quiver.v`)
 *   does not have length nx·ny, when `field.x` / `field.y` are not strictly increasing
 *   finite arrays of length ≥ 2, and for an overlay series with mismatched lengths.
 */
export function heatmapPlot(field: HeatmapField, options: HeatmapOptions): string {
  checkGrid('x', field.x);
  checkGrid('y', field.y);
  const nx = field.x.length, ny = field.y.length;
  if (field.values.length !== nx * ny) {
    throw new Error(`heatmapPlot: field.values has length ${field.values.length}, expected x.length·y.length = ${nx}·${ny} = ${nx * ny}`);
  }
  const q = options.quiver;
  if (q !== undefined) {
    for (const k of ['u', 'v'] as const) {
      if (q[k].length !== nx * ny) throw new Error(`heatmapPlot: quiver.${k} has length ${q[k].length}, expected ${nx * ny}`);
    }
    if (q.every !== undefined && !(Number.isInteger(q.every) && q.every >= 1)) throw new Error(`heatmapPlot: quiver.every must be an integer ≥ 1, got ${q.every}`);
    if (q.scale !== undefined && !(q.scale > 0 && Number.isFinite(q.scale))) throw new Error(`heatmapPlot: quiver.scale must be a positive number, got ${q.scale}`);
  }
  const overlay = options.overlay ?? [];
  for (const s of overlay) checkSeries(s);
  const name = options.colorScale ?? 'viridis';
  const domain = colorDomain(valueRange(field.values), name);
  const ex = edgesOf(field.x), ey = edgesOf(field.y);
  const colors = overlay.map((s, i) => s.color ?? paletteColor(i));
  const every = q?.every ?? Math.max(1, Math.ceil(Math.max(nx, ny) / 20));
  const figureOptions: LinePlotOptions = {
    ...options,
    xDomain: options.xDomain ?? [ex[0] as number, ex[nx] as number],
    yDomain: options.yDomain ?? [ey[0] as number, ey[ny] as number],
  };
  return renderFigure(
    {
      extents: (acceptX, acceptY, xWindow) => {
        const ext = seriesExtents(overlay, acceptX, acceptY, xWindow);
        const x = new Extent(), y = new Extent();
        for (const e of ex) if (acceptX(e)) x.add(e);
        for (const e of ey) if (acceptY(e)) y.add(e);
        if (!x.empty) { ext.x.add(x.lo); ext.x.add(x.hi); }
        if (!y.empty) { ext.y.add(y.lo); ext.y.add(y.hi); }
        return ext;
      },
      draw: (xs, ys, plot) => {
        const layers: Drawn[] = [{ markup: drawCells(field, name, domain, xs, ys), samples: [] }];
        if (options.contours !== undefined && options.contours.length > 0) {
          layers.push({ markup: drawContours(field, options.contours, xs, ys), samples: [] });
        }
        if (q !== undefined) layers.push({ markup: drawQuiver(field, q, every, xs, ys), samples: [] });
        overlay.forEach((s, i) => layers.push(drawSeries(s, colors[i] ?? paletteColor(i), xs, ys, plot)));
        return layers;
      },
      legend: overlay.map((s, i) => ({ label: s.label, color: colors[i] ?? paletteColor(i), kind: s.kind, dash: s.dash === true })),
      rightMargin: colorBarWidth(domain, options.colorLabel),
      decorate: (plot) =>
        drawColorBar(plot, domain, name, options.colorLabel, `cbar-${hash(`${nx}x${ny}|${domain.join(',')}|${options.title ?? ''}|${options.colorLabel ?? ''}`)}`),
    },
    figureOptions,
  );
}
