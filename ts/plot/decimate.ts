/** Visually lossless thinning of dense polylines (M4: first, min, max, last per pixel column). */

/**
 * Thins a polyline given in pixels: within each run of consecutive points falling in the same
 * 1-px column, only the first, lowest, highest and last points are kept (in their original
 * order). The drawn line looks the same at 1 px resolution, but a million-point trajectory
 * shrinks to a few points per column.
 */
export function decimate(xs: readonly number[], ys: readonly number[]): { x: number[]; y: number[] } {
  const outX: number[] = [];
  const outY: number[] = [];
  const n = xs.length;
  let start = 0;
  while (start < n) {
    const col = Math.floor(xs[start] ?? 0);
    let end = start + 1;
    while (end < n && Math.floor(xs[end] ?? 0) === col) end++;
    if (end - start <= 4) {
      for (let i = start; i < end; i++) {
        outX.push(xs[i] ?? 0);
        outY.push(ys[i] ?? 0);
      }
    } else {
      let lo = start;
      let hi = start;
      for (let i = start + 1; i < end; i++) {
        if ((ys[i] ?? 0) < (ys[lo] ?? 0)) lo = i;
        if ((ys[i] ?? 0) > (ys[hi] ?? 0)) hi = i;
      }
      const keep = [...new Set([start, lo, hi, end - 1])].sort((a, b) => a - b);
      for (const i of keep) {
        outX.push(xs[i] ?? 0);
        outY.push(ys[i] ?? 0);
      }
    }
    start = end;
  }
  return { x: outX, y: outY };
}
