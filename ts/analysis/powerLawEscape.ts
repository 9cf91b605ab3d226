/**
 * Escape rate under loss-proportional, Hessian-aligned SGD noise (Mori, Ziyin, Liu & Ueda,
 * "Power-law escape rate of SGD", ICML 2022; seed 001 thesis eq. (4.26), 1-D form (4.28) —
 * errata.md: right as stated). The SDE is (thesis (4.21))
 *
 *   dθ = −∇L(θ) dt + √((2η/B) L(θ) H⋆) dW,   i.e. in 1-D  D(θ) = (ηh⋆/B) L(θ),
 *
 * and the rate out of a minimum θ⋆ over an index-1 saddle θˢ is, as ηh⋆/B → 0,
 *
 *   κ ≈ √(h⋆ |hˢ|)/(2π) · (L(θˢ)/L(θ⋆))^{−(B/(ηh⋆) + 1 − n/2)}
 *
 * with h⋆, hˢ the Hessian eigenvalues along the escape direction and n the dimension — a power
 * law in the loss ratio instead of Arrhenius' exponential in the barrier.
 *
 * 1-D derivation (ours, checked against `mfpt1dDiffusion` in test/escapeTheory.test.ts): with
 * c = ηh⋆/B the scale exponent is φ = −∫b/D = (1/c) ln L, so τ = ∫ L^{1/c} ∫ dz/(c L^{1+1/c}) dy;
 * Laplace at θ⋆ (L ≈ L⋆ + h⋆z²/2) and at θˢ (L ≈ Lˢ − |hˢ|y²/2, full Gaussian: to the other
 * side of the saddle) gives τ = (2π/√(h⋆|hˢ|)) (Lˢ/L⋆)^{1/c + 1/2} (1 + O(c)), i.e. n = 1 above.
 * `time = 1/κ` is thus the mean time to the *other well* (as `kramersTime1D`); to the saddle
 * itself it is half.
 */
import { integer, invalid, positive } from '../validate.js';

export interface PowerLawEscapeOptions {
  /** L(θ⋆) > 0 at the minimum. */
  lossAtMinimum: number;
  /** L(θˢ) > L(θ⋆) at the saddle. */
  lossAtSaddle: number;
  /** h⋆ > 0: the Hessian eigenvalue at the minimum along the escape direction. */
  curvatureAtMinimum: number;
  /** hˢ < 0: the negative Hessian eigenvalue at the saddle. */
  curvatureAtSaddle: number;
  /** Learning rate η > 0. */
  learningRate: number;
  /** Batch size B > 0. */
  batchSize: number;
  /** Dimension n (default 1). */
  dim?: number;
}

/** Mori et al.'s power-law escape rate (see module doc) with its ingredients. */
export function powerLawEscapeRate(o: PowerLawEscapeOptions): { rate: number; time: number; exponent: number; prefactor: number } {
  const where = 'powerLawEscapeRate';
  const Lmin = positive(where, 'lossAtMinimum', o?.lossAtMinimum);
  const Ls = positive(where, 'lossAtSaddle', o.lossAtSaddle);
  if (!(Ls > Lmin)) throw invalid(where, 'lossAtSaddle', Ls, `it must be > lossAtMinimum = ${Lmin}`);
  const h = positive(where, 'curvatureAtMinimum', o.curvatureAtMinimum);
  const hs = o.curvatureAtSaddle;
  if (typeof hs !== 'number' || !Number.isFinite(hs) || hs >= 0) throw invalid(where, 'curvatureAtSaddle', hs, 'it must be a finite number < 0');
  const eta = positive(where, 'learningRate', o.learningRate);
  const B = positive(where, 'batchSize', o.batchSize);
  const n = integer(where, 'dim', o.dim ?? 1, 1);
  const exponent = B / (eta * h) + 1 - n / 2;
  const prefactor = Math.sqrt(h * Math.abs(hs)) / (2 * Math.PI);
  const rate = prefactor * Math.exp(-exponent * Math.log(Ls / Lmin));
  return { rate, time: 1 / rate, exponent, prefactor };
}
