/** Number formatting for SVG coordinates and tick labels, and text width estimates. */

/** Formats a coordinate rounded to 2 decimals (no `-0`, no exponent for sane values). */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return r === 0 ? '0' : String(r);
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴',
  '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** `10` followed by the integer exponent in Unicode superscript digits, e.g. `10⁻³`. */
export function powerOfTen(exponent: number): string {
  return '10' + [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

const MINUS = '\u2212';

/** Trims trailing zeros of a fixed-point string: `"1.50"` → `"1.5"`, `"2.0"` → `"2"`. */
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Labels for tick values that are multiples of `step`. Uses fixed-point with just enough
 * decimals for `step`, or `m×10ⁿ` when the values are very large or very small.
 */
export function formatTicks(values: readonly number[], step: number): string[] {
  const maxAbs = Math.max(0, ...values.map(Math.abs));
  const stepExp = Math.floor(Math.log10(step) + 1e-9);
  const scientific = maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3);
  return values.map((v) => {
    if (v === 0 || Math.abs(v) < step * 1e-9) return '0';
    let s: string;
    if (scientific) {
      let e = Math.floor(Math.log10(Math.abs(v)) + 1e-9);
      let m = v / 10 ** e;
      const digits = Math.max(0, e - stepExp);
      if (Math.abs(Number(m.toFixed(digits))) >= 10) {
        e += 1;
        m /= 10;
      }
      s = `${trimZeros(m.toFixed(Math.max(0, e - stepExp)))}×${powerOfTen(e)}`;
    } else {
      s = trimZeros(v.toFixed(Math.max(0, -stepExp)));
    }
    return s.replace('-', MINUS);
  });
}

/** Formats one number compactly for a label (up to 3 significant digits). */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const e = Math.floor(Math.log10(a) + 1e-9);
  return formatTicks([v], 10 ** (e - 2))[0] ?? String(v);
}

// Advance widths (em) of ASCII 32..126 in DejaVu Sans, the widest common sans-serif:
// estimates err on the wide side for Helvetica/Arial.
const ASCII_EM = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
  1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
  0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5,
  0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];

/** Estimated width in px of `text` set in a sans-serif font of `size` px (no DOM to measure with). */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const ascii = code >= 32 && code <= 126 ? ASCII_EM[code - 32] : undefined;
    if (ascii !== undefined) em += ascii;
    else if ('⁰¹²³⁴⁵⁶⁷⁸⁹⁻'.includes(c)) em += 0.4;
    else if ('×−±≤≥≈'.includes(c)) em += 0.838;
    else em += 0.7;
  }
  return em * size;
}
