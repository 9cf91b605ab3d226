/** ts/baseline/: plain-TypeScript twins of the hot kernels (benchmarks and cross-checks). */
export { BaselineStream, mix64 } from './rng.js';
export { BaselineEnsemble, doubleWellGradient, type BatchGradient, type BaselineEnsembleSpec } from './eulerMaruyama.js';
