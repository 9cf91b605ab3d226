/**
 * 8-point Gauss–Legendre rule on [−1, 1] (Abramowitz & Stegun, Table 25.4): exact for
 * polynomials of degree ≤ 15.
 */
const NODES = [
  -0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
  0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363,
];
const WEIGHTS = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
  0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
];

/** ∫ₐᵇ f by one 8-point Gauss–Legendre panel. */
export function gaussLegendre8(f: (x: number) => number, a: number, b: number): number {
  const half = 0.5 * (b - a);
  const mid = 0.5 * (a + b);
  let s = 0;
  for (let i = 0; i < 8; i++) s += (WEIGHTS[i] as number) * f(mid + half * (NODES[i] as number));
  return half * s;
}

/** The nodes of the 8-point rule mapped to [a, b], with their weights. */
export function gaussLegendre8Points(a: number, b: number): { x: number[]; w: number[] } {
  const half = 0.5 * (b - a);
  const mid = 0.5 * (a + b);
  return { x: NODES.map((t) => mid + half * t), w: WEIGHTS.map((w) => half * w) };
}
