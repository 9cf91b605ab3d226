/** ts/baseline/: plain-TypeScript twins of the hot kernels (benchmarks and cross-checks). */
export { BaselineStream, mix64 } from './rng.js';
export { BaselineEnsemble, doubleWellGradient, type BatchGradient, type BaselineEnsembleSpec } from './eulerMaruyama.js';
export { BaselineFokkerPlanck1D, bernoulli, faceRates, type BaselineFokkerPlanck1DSpec, type BaselineBoundary, type BaselineScheme } from './fokkerPlanck1d.js';
export { BaselineBaoab } from './baoab.js';
export { BaselineLinearSgd, baselineBelow, type BaselineLinearSgdSpec } from './sgd.js';
