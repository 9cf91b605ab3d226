/** Pixel rectangles and sample points used for layout. */

/** An axis-aligned pixel rectangle: x0 < x1 (left to right), y0 < y1 (top to bottom). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A pixel position [x, y] where something was drawn (used to keep the legend off the data). */
export type Sample = [number, number];

/** Whether the point lies inside the rectangle. */
export function contains(r: Rect, x: number, y: number): boolean {
  return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
}

const LIMIT = 1e6;

/** Clamps a pixel coordinate so points far outside the domain still serialise compactly. */
export function clampPx(v: number): number {
  return v < -LIMIT ? -LIMIT : v > LIMIT ? LIMIT : v;
}
