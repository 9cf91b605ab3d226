/** Contour lines of a gridded field by marching squares, joined into polylines. */

/** A contour polyline in data coordinates; `closed` when it returns to its start. */
export interface ContourLine {
  x: number[];
  y: number[];
  closed: boolean;
}

/**
 * The level set `{f = level}` of a field sampled at the grid points `(x[i], y[j])`
 * (`values[j*nx + i]`, x fastest), by marching squares with linear interpolation along the
 * square edges; saddles are resolved by the mean of the four corners. Squares with a
 * non-finite corner are skipped. Segments are joined into polylines; a line that returns to
 * its start is `closed` (its last point is not repeated).
 */
export function contourLines(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  values: ArrayLike<number>,
  level: number,
): ContourLine[] {
  const nx = x.length;
  const ny = y.length;
  const v = (i: number, j: number): number => values[j * nx + i] ?? NaN;
  // Edge ids: horizontal edge (i,j)-(i+1,j) → j*nx + i; vertical edge (i,j)-(i,j+1) → nx*ny + j*nx + i.
  const H = (i: number, j: number): number => j * nx + i;
  const V = (i: number, j: number): number => nx * ny + j * nx + i;
  const point = new Map<number, [number, number]>();
  const cross = (id: number): void => {
    if (point.has(id)) return;
    let i: number, j: number, a: number, b: number, t: number;
    if (id < nx * ny) {
      i = id % nx; j = Math.floor(id / nx);
      a = v(i, j); b = v(i + 1, j); t = (level - a) / (b - a);
      const x0 = x[i] ?? NaN, x1 = x[i + 1] ?? NaN;
      point.set(id, [x0 + (x1 - x0) * t, y[j] ?? NaN]);
    } else {
      const k = id - nx * ny;
      i = k % nx; j = Math.floor(k / nx);
      a = v(i, j); b = v(i, j + 1); t = (level - a) / (b - a);
      const y0 = y[j] ?? NaN, y1 = y[j + 1] ?? NaN;
      point.set(id, [x[i] ?? NaN, y0 + (y1 - y0) * t]);
    }
  };
  const segments: Array<[number, number]> = [];
  const ends = new Map<number, number[]>();
  const add = (e0: number, e1: number): void => {
    cross(e0);
    cross(e1);
    const s = segments.length;
    segments.push([e0, e1]);
    for (const e of [e0, e1]) {
      const list = ends.get(e);
      if (list === undefined) ends.set(e, [s]);
      else list.push(s);
    }
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const a = v(i, j), b = v(i + 1, j), c = v(i + 1, j + 1), d = v(i, j + 1);
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom = H(i, j), top = H(i, j + 1), left = V(i, j), right = V(i + 1, j);
      switch (code) {
        case 1: case 14: add(left, bottom); break;
        case 2: case 13: add(bottom, right); break;
        case 3: case 12: add(left, right); break;
        case 4: case 11: add(right, top); break;
        case 6: case 9: add(bottom, top); break;
        case 7: case 8: add(left, top); break;
        case 5: case 10: {
          // Saddle: the centre value decides which corners connect.
          const centreHigh = (a + b + c + d) / 4 >= level;
          if ((code === 5) === centreHigh) { add(left, top); add(bottom, right); }
          else { add(left, bottom); add(right, top); }
          break;
        }
      }
    }
  }
  const used = new Uint8Array(segments.length);
  const other = (s: number, e: number): number => {
    const seg = segments[s] as [number, number];
    return seg[0] === e ? seg[1] : seg[0];
  };
  const next = (e: number): number => (ends.get(e) ?? []).find((s) => used[s] === 0) ?? -1;
  const lines: ContourLine[] = [];
  for (let s0 = 0; s0 < segments.length; s0++) {
    if (used[s0] === 1) continue;
    used[s0] = 1;
    const [e0, e1] = segments[s0] as [number, number];
    const forward = [e0, e1];
    for (let e = e1, s = next(e); s >= 0; s = next(e)) { used[s] = 1; e = other(s, e); forward.push(e); }
    const backward: number[] = [];
    for (let e = e0, s = next(e); s >= 0; s = next(e)) { used[s] = 1; e = other(s, e); backward.push(e); }
    const ids = [...backward.reverse(), ...forward];
    const closed = ids.length > 2 && ids[0] === ids[ids.length - 1];
    if (closed) ids.pop();
    const pts = ids.map((id) => point.get(id) as [number, number]);
    lines.push({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), closed });
  }
  return lines;
}
