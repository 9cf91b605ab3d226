/** Canvas drawing for the demo: the landscape as a heatmap with particles, and the x-histogram against the stationary marginal. */
import { colorAt } from '../ts/plot/colormap.js';
import type { LandscapeMessage } from './protocol.js';

const MARGIN = { left: 44, right: 10, top: 10, bottom: 30 };

function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** The colour image of U (viridis; values above the 70 % quantile are clipped so the wells show). */
export function landscapeImage(view: LandscapeMessage): ImageBitmapSource & HTMLCanvasElement {
  const { nx, ny, values } = view;
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  const lo = finite[0] ?? 0;
  const hi = finite[Math.floor(0.7 * (finite.length - 1))] ?? lo + 1;
  const canvas = document.createElement('canvas');
  canvas.width = nx;
  canvas.height = ny;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(nx, ny);
  const table = Array.from({ length: 256 }, (_, k) => rgb(colorAt('viridis', k / 255)));
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const u = values[j * nx + i] as number;
      const t = Number.isFinite(u) ? Math.min(1, Math.max(0, (u - lo) / (hi - lo || 1))) : 1;
      const [r, g, b] = table[Math.round(t * 255)]!;
      const k = 4 * ((ny - 1 - j) * nx + i); // y up
      img.data[k] = r;
      img.data[k + 1] = g;
      img.data[k + 2] = b;
      img.data[k + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

function axes(ctx: CanvasRenderingContext2D, w: number, h: number, xr: [number, number], yr: [number, number], xLabel: string, yLabel: string): void {
  ctx.strokeStyle = '#444';
  ctx.fillStyle = '#222';
  ctx.lineWidth = 1;
  ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, w - MARGIN.left - MARGIN.right, h - MARGIN.top - MARGIN.bottom);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  const pw = w - MARGIN.left - MARGIN.right, ph = h - MARGIN.top - MARGIN.bottom;
  for (let k = 0; k <= 4; k++) {
    const x = xr[0] + ((xr[1] - xr[0]) * k) / 4;
    ctx.fillText(x.toFixed(2).replace(/\.?0+$/, '') || '0', MARGIN.left + (pw * k) / 4, h - MARGIN.bottom + 13);
  }
  ctx.fillText(xLabel, MARGIN.left + pw / 2, h - 3);
  ctx.textAlign = 'right';
  for (let k = 0; k <= 4; k++) {
    const y = yr[0] + ((yr[1] - yr[0]) * k) / 4;
    ctx.fillText(y.toPrecision(2).replace(/\.?0+$/, '') || '0', MARGIN.left - 4, MARGIN.top + ph - (ph * k) / 4 + 4);
  }
  ctx.save();
  ctx.translate(11, MARGIN.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
}

/** Draws the heatmap and up to `maxShown` particles. */
export function drawParticles(canvas: HTMLCanvasElement, image: HTMLCanvasElement | undefined, view: LandscapeMessage | undefined, positions: Float64Array | undefined, maxShown: number): void {
  const ctx = canvas.getContext('2d')!;
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (!view || !image) return;
  const [[x0, x1], [y0, y1]] = view.box;
  const pw = w - MARGIN.left - MARGIN.right, ph = h - MARGIN.top - MARGIN.bottom;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(image, MARGIN.left, MARGIN.top, pw, ph);
  axes(ctx, w, h, [x0, x1], [y0, y1], 'x', 'y');
  const ex = MARGIN.left + ((view.escapeX - x0) / (x1 - x0)) * pw;
  ctx.strokeStyle = 'rgba(255,255,255,0.5)';
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(ex, MARGIN.top);
  ctx.lineTo(ex, MARGIN.top + ph);
  ctx.stroke();
  ctx.setLineDash([]);
  if (!positions) return;
  const n = positions.length / 2;
  const stride = Math.max(1, Math.ceil(n / maxShown));
  ctx.fillStyle = 'rgba(255, 120, 60, 0.85)';
  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, pw, ph);
  ctx.clip();
  for (let i = 0; i < n; i += stride) {
    const px = MARGIN.left + (((positions[2 * i] as number) - x0) / (x1 - x0)) * pw;
    const py = MARGIN.top + ph - (((positions[2 * i + 1] as number) - y0) / (y1 - y0)) * ph;
    ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
  }
  ctx.restore();
}

/** Histogram of the x-coordinates (density over the box, normalised by all n) with the stationary marginal; returns the total variation distance. */
export function drawHistogram(canvas: HTMLCanvasElement, view: LandscapeMessage | undefined, positions: Float64Array | undefined, bins = 40): number | undefined {
  const ctx = canvas.getContext('2d')!;
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (!view) return undefined;
  const [x0, x1] = view.box[0];
  const width = (x1 - x0) / bins;
  const density = new Float64Array(bins);
  const n = positions ? positions.length / 2 : 0;
  if (positions) {
    for (let i = 0; i < n; i++) {
      const b = Math.floor(((positions[2 * i] as number) - x0) / width);
      if (b >= 0 && b < bins) density[b] = (density[b] as number) + 1 / (n * width);
    }
  }
  // The marginal averaged over each bin (the grid is finer than the bins).
  const g = view.marginal.length;
  const expected = new Float64Array(bins);
  for (let k = 0; k < g; k++) {
    const b = Math.min(bins - 1, Math.floor((k + 0.5) * bins / g));
    expected[b] = (expected[b] as number) + (view.marginal[k] as number) * (bins / g);
  }
  let top = 0;
  for (let b = 0; b < bins; b++) top = Math.max(top, density[b] as number, expected[b] as number);
  top = top * 1.1 || 1;
  const pw = w - MARGIN.left - MARGIN.right, ph = h - MARGIN.top - MARGIN.bottom;
  const X = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * pw;
  const Y = (p: number) => MARGIN.top + ph - (p / top) * ph;
  ctx.fillStyle = 'rgba(230, 120, 60, 0.55)';
  for (let b = 0; b < bins; b++) {
    const y = Y(density[b] as number);
    ctx.fillRect(X(x0 + b * width) + 0.5, y, pw / bins - 1, MARGIN.top + ph - y);
  }
  ctx.strokeStyle = '#1b4f9c';
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let k = 0; k < g; k++) {
    const x = X(x0 + ((k + 0.5) * (x1 - x0)) / g), y = Y(view.marginal[k] as number);
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.stroke();
  axes(ctx, w, h, [x0, x1], [0, top], 'x', 'density');
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.fillStyle = 'rgba(230, 120, 60, 0.9)';
  ctx.fillRect(MARGIN.left + 10, MARGIN.top + 8, 12, 8);
  ctx.fillStyle = '#222';
  ctx.fillText('ensemble histogram of x', MARGIN.left + 27, MARGIN.top + 16);
  ctx.strokeStyle = '#1b4f9c';
  ctx.beginPath();
  ctx.moveTo(MARGIN.left + 10, MARGIN.top + 28);
  ctx.lineTo(MARGIN.left + 22, MARGIN.top + 28);
  ctx.stroke();
  ctx.fillText('stationary p(x) ∝ ∫ e^(−U/T) dy', MARGIN.left + 27, MARGIN.top + 32);
  let tv = 0;
  for (let b = 0; b < bins; b++) tv += 0.5 * Math.abs((density[b] as number) - (expected[b] as number)) * width;
  return n > 0 ? tv : undefined;
}
