/**
 * SGD on data (public `sgd`): objectives with per-example gradients, the exact noise
 * covariance, seeded data sets, the SGD engine and noise-geometry helpers.
 *
 * ```ts
 * const data = sgd.data.linearRegression({ seed: 1, examples: 1000, dim: 100 });
 * using L = sgd.linearRegression({ x: data.x, y: data.y, inputs: 100 });
 * using run = sgd.run({ objective: L, learningRate: 0.05, batchSize: 32, nReplicas: 64, seed: 2, x0: new Float64Array(100) });
 * run.advance(1000);
 * ```
 */
import { thesisData } from '../data/thesis.js';
import { linearRegressionData, logisticRegressionData, peaksData, peaksFunction, teacherStudentData } from './data.js';
import { linearRegression, logisticRegression, mlp, softmaxRegression, thesisModel } from './objective.js';
import { alignment, batches, minibatchCovariance } from './noise.js';
import { gaussianQuadratic, run } from './run.js';
import { runPooled } from './pooled.js';
import { surrogate, surrogateNoise } from './surrogate.js';
import { compare } from './compare.js';
import { comparisonPlots } from './comparePlots.js';
import { edgeOfStability, sharpness } from './sharpness.js';

export const sgd = {
  data: {
    linearRegression: linearRegressionData,
    logisticRegression: logisticRegressionData,
    peaks: peaksData,
    teacherStudent: teacherStudentData,
    thesis: thesisData,
  },
  peaksFunction,
  linearRegression,
  logisticRegression,
  softmaxRegression,
  thesisModel,
  mlp,
  run,
  runPooled,
  gaussianQuadratic,
  minibatchCovariance,
  alignment,
  batches,
  surrogate,
  surrogateNoise,
  compare,
  comparisonPlots,
  sharpness,
  edgeOfStability,
};

export { Objective, type ObjectiveData, type ModelDescription, type OutputLoss, type Activation, type Parameterisation, type Sampler, type LinearOptions, type MlpOptions } from './objective.js';
export { SgdRun, type MomentumConvention, type Schedule, type ObservableOptions, type OptimiserOptions, type SgdRunOptions, type GaussianQuadraticOptions, type SgdFrames } from './run.js';
export type { Alignment } from './noise.js';
export type { SgdPooledOptions, SgdPooledResult } from './pooled.js';
export type { SurrogateNoise, NoisySampler, SurrogateNoiseOptions, SurrogateOptions } from './surrogate.js';
export type { CompareOptions, Comparison, EnsembleSummary } from './compare.js';
export type { ComparisonPlots } from './comparePlots.js';
export type { SharpnessOptions, Sharpness, EdgeOfStabilityOptions, EdgeOfStability } from './sharpness.js';
export type { Dataset, LinearRegressionDataOptions, LogisticRegressionDataOptions, PeaksDataOptions, TeacherStudentDataOptions } from './data.js';
