/**
 * sgdyn: stochastic gradient descent as a stochastic process.
 *
 * ```ts
 * import { init, landscapes, simulate } from 'sgdyn';
 * await init();
 * const U = landscapes.doubleWell();
 * using ens = simulate({ landscape: U, temperature: 0.2, dt: 1e-3, steps: 1000, nTrajectories: 1e4, x0: -1, seed: 1 });
 * ens.positions();
 * ```
 */
export { SgdynError, type SgdynErrorCode, type SgdynErrorDetails, type WasmSource } from '../bindings/index.js';
export { init, runtimeInfo } from './runtime.js';
export {
  Landscape, landscapes, sde, type DoubleWellOptions, type ExpressionOptions, type MullerBrownOptions, type RosenbrockOptions,
  type MultiWellOptions, type GaussianMixtureOptions, type SdeOptions, type ThesisModelOptions, type LossNormalisation,
  type FunctionLandscapeOptions,
} from './landscape.js';
export type { LandscapeCallback } from '../bindings/callbacks.js';
export { Ensemble, simulate, INTEGRATORS, type Integrator, type NoiseSpec, type MinibatchNoiseSpec, type Interpretation, type SimulateOptions } from './ensemble.js';
export { firstPassage, type FirstPassageOptions, type FirstPassageResult, type Target, type TargetSet } from './firstPassage.js';
export { rng, type StreamRequest } from './rng.js';
export { mfpt1d, mfpt1dDiffusion, type Mfpt1dResult } from './analysis/mfpt1d.js';
export { powerLawEscapeRate, type PowerLawEscapeOptions } from './analysis/powerLawEscape.js';
export { kramersTime1D, type KramersOptions } from './analysis/kramers.js';
export { wasserstein1d, slicedWasserstein, totalVariation, gridHistogram, gaussianWasserstein2, sampleMoments, type SlicedWassersteinOptions, type TotalVariationOptions, type GridHistogram } from './analysis/distances.js';
export { VERSION } from './version.js';
export { Pool, createPool, defaultPoolSize, liveWorkerCount, simulateStream, simulatePooled, firstPassagePooled, type Frame, type Progress, type RunControl, type StreamOptions, type PoolOptions } from './pool/index.js';
export { thesisData, thesisModelFunction, type ThesisData, type ThesisDataOptions } from './data/thesis.js';
export { strongConvergence, weakConvergence, brownianEndpoints, logLogSlope, type ConvergenceOptions, type ConvergenceResult, type WeakConvergenceOptions, type WeakConvergenceResult } from './analysis/convergence.js';
export { FokkerPlanck1D, type FokkerPlanckBoundary, type FokkerPlanckBoundarySpec, type FokkerPlanckScheme, type FokkerPlanckRegion, type FokkerPlanckFromLandscapeOptions, type FokkerPlanckFromDriftOptions, type FokkerPlanckEvolveOptions } from './fokkerPlanck1d.js';
export { linalg, OrnsteinUhlenbeck, driftDecomposition, SgdMomentum, oscillatorPropagator, MinibatchLinearRegression, msd, msdSaturation, fitPowerLaw, localSlope, exponentVsWindow, type Matrix, type SymmetricEigen, type LuResult, type SchurResult, type LanczosOptions, type LanczosResult, type OrnsteinUhlenbeckOptions, type OuTransition, type OuSampleOptions, type DriftDecomposition, type SgdMomentumOptions, type GradientNoise, type SgdMode, type DampingRegime, type ContinuousStart, type DiscreteStart, type MsdVariant, type MsdOptions, type FitWindow, type PowerLawFit, type MinibatchLinearRegressionOptions, type IndependentSampler, type DiscreteMoments } from './linearResponse/index.js';
export * from './escape/index.js';
export { FokkerPlanck2D, type FokkerPlanck2DBoundary, type FokkerPlanck2DBoundarySpec, type FokkerPlanck2DScheme, type FokkerPlanck2DFromLandscapeOptions, type FokkerPlanck2DFromDriftOptions, type FokkerPlanck2DEvolveOptions, type FokkerPlanck2DStationaryOptions, type FokkerPlanck2DRegion, type FokkerPlanck2DSpectrum, type FokkerPlanck2DSpectrumOptions, type FokkerPlanck2DDiffusionValue } from './fokkerPlanck2d.js';
export { sgd, Objective, SgdRun, type ObjectiveData, type ModelDescription, type OutputLoss, type Activation, type Parameterisation, type Sampler, type LinearOptions, type MlpOptions, type MomentumConvention, type Schedule, type ObservableOptions, type OptimiserOptions, type SgdRunOptions, type GaussianQuadraticOptions, type SgdFrames, type Alignment, type SgdPooledOptions, type SgdPooledResult, type Dataset, type LinearRegressionDataOptions, type LogisticRegressionDataOptions, type PeaksDataOptions, type TeacherStudentDataOptions, type SurrogateNoise, type NoisySampler, type SurrogateNoiseOptions, type SurrogateOptions, type CompareOptions, type Comparison, type EnsembleSummary, type ComparisonPlots, type SharpnessOptions, type Sharpness, type EdgeOfStabilityOptions, type EdgeOfStability } from './sgd/index.js';
export { linePlot, histogramPlot, heatmapPlot, type Series, type LinePlotOptions, type Histogram, type HeatmapField, type HeatmapOptions } from './plot/index.js';
