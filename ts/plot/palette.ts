/** Default series colours: the Okabe–Ito colour-blind-safe palette (yellow last: weak on white). */

export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** The `i`-th default colour, cycling through {@link PALETTE}. */
export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#000000';
}
