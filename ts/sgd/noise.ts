/**
 * Noise geometry helpers (public `sgd.alignment`, `sgd.minibatchCovariance`, `sgd.batches`).
 * Σ itself comes from `Objective.noiseCovariance` (exact, from per-example gradients).
 */
import * as raw from '../../bindings/sgd.js';
import { linalg, squareMatrix, symmetricMatrix, type Matrix } from '../linalg.js';
import { core } from '../runtime.js';
import { integer, invalid, oneOf, seed as seedOf } from '../validate.js';
import { minibatchFactor, type Sampler } from './objective.js';

const SAMPLERS = Object.keys(raw.SAMPLER_CODES) as Sampler[];

/**
 * Covariance of one minibatch gradient given Σ: `Σ/B` (with replacement),
 * `((N−B)/(N−1)) Σ/B` (without replacement, and per step of reshuffling), 0 (full batch).
 */
export function minibatchCovariance(sigma: Matrix, o: { examples: number; batchSize: number; sampler?: Sampler }): Float64Array {
  const where = 'sgd.minibatchCovariance';
  const s = squareMatrix(where, 'sigma', sigma);
  const n = integer(where, 'examples', o?.examples, 1);
  const b = integer(where, 'batchSize', o?.batchSize, 1);
  const f = minibatchFactor(where, oneOf(where, 'sampler', o?.sampler ?? 'with-replacement', SAMPLERS), n, b);
  return s.data.map((v) => v * f);
}

/** Result of `sgd.alignment`. */
export interface Alignment {
  /** `tr(ΣH) / (‖Σ‖_F ‖H‖_F)` ∈ [−1, 1] (1 iff Σ ∝ H with a positive factor). */
  cosine: number;
  /** `‖U_Σᵀ U_H‖_F² / k` ∈ [0, 1]: overlap of the top-k eigenspaces (1 = identical subspaces). */
  topKOverlap: number;
  k: number;
}

/** Alignment between a noise covariance Σ and a Hessian H (both p × p symmetric). */
export function alignment(sigma: Matrix, hessian: Matrix, o: { k?: number } = {}): Alignment {
  const where = 'sgd.alignment';
  const S = squareMatrix(where, 'sigma', sigma);
  const p = S.n;
  const s = symmetricMatrix(where, 'sigma', S);
  const h = symmetricMatrix(where, 'hessian', squareMatrix(where, 'hessian', hessian, p));
  const k = integer(where, 'k', o.k ?? 1, 1);
  if (k > p) throw invalid(where, 'k', k, `it must be <= p = ${p}`);
  let tr = 0, ns = 0, nh = 0;
  for (let i = 0; i < p * p; i++) {
    tr += (s[i] as number) * (h[i] as number); // tr(ΣH) = Σᵢⱼ Σᵢⱼ Hⱼᵢ = Σᵢⱼ Σᵢⱼ Hᵢⱼ (H symmetric)
    ns += (s[i] as number) ** 2;
    nh += (h[i] as number) ** 2;
  }
  const es = linalg.symmetricEigen(s), eh = linalg.symmetricEigen(h);
  // eigenvalues ascending: the top k are the last k columns
  let overlap = 0;
  for (let a = p - k; a < p; a++) {
    for (let b = p - k; b < p; b++) {
      let dot = 0;
      for (let i = 0; i < p; i++) dot += (es.vectors[i * p + a] as number) * (eh.vectors[i * p + b] as number);
      overlap += dot * dot;
    }
  }
  const denom = Math.sqrt(ns) * Math.sqrt(nh);
  return { cosine: denom > 0 ? tr / denom : 0, topKOverlap: overlap / k, k };
}

/**
 * `count` consecutive minibatches (count × B example indices) drawn exactly as SGD replica
 * `stream` of `seed` draws them with the given sampler over N = `examples`.
 */
export function batches(o: { sampler?: Sampler; examples: number; batchSize?: number; seed: number | bigint; stream?: number; count: number }): Float64Array {
  const where = 'sgd.batches';
  const sampler = oneOf(where, 'sampler', o?.sampler ?? 'with-replacement', SAMPLERS);
  const n = integer(where, 'examples', o?.examples, 1);
  const b = sampler === 'full-batch' ? n : integer(where, 'batchSize', o?.batchSize, 1);
  if (sampler !== 'with-replacement' && b > n) throw invalid(where, 'batchSize', b, `it must be <= examples = ${n} with sampler '${sampler}'`);
  const count = integer(where, 'count', o?.count, 0);
  return raw.samplerBatches(core(), raw.SAMPLER_CODES[sampler], n, b, seedOf(where, o?.seed), integer(where, 'stream', o?.stream ?? 0, 0), count, where);
}
