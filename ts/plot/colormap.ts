/** Colour maps for heatmaps: perceptually uniform viridis and a blue–white–red diverging map. */

// Viridis (matplotlib, van der Walt & Smith) sampled at 17 evenly spaced points.
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [72, 26, 108], [71, 47, 125], [65, 68, 135], [57, 86, 140], [49, 104, 142],
  [42, 120, 142], [35, 136, 142], [31, 152, 139], [34, 168, 132], [53, 183, 121], [84, 197, 104],
  [122, 209, 81], [165, 219, 54], [210, 226, 27], [253, 231, 37], [253, 231, 37],
];

// Blue – near-white – red (ColorBrewer RdBu, reversed so that negative is blue).
const DIVERGING: readonly (readonly [number, number, number])[] = [
  [5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
  [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31],
];

/** Colour of non-finite cells: a neutral grey. */
export const MISSING_COLOR = '#a0a0a0';

/** Name of a heatmap colour map. */
export type ColorScaleName = 'viridis' | 'diverging';

function hex2(v: number): string {
  return Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');
}

/** The colour of `t ∈ [0, 1]` (clamped) in the named map, as `#rrggbb`. */
export function colorAt(name: ColorScaleName, t: number): string {
  // Viridis has its last anchor duplicated so that t = 1 lands exactly on it.
  const table = name === 'viridis' ? VIRIDIS.slice(0, 16) : DIVERGING;
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (table.length - 1);
  const k = Math.min(table.length - 2, Math.floor(u));
  const f = u - k;
  const a = table[k] ?? [0, 0, 0];
  const b = table[k + 1] ?? a;
  return `#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`;
}
