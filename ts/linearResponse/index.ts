/**
 * Linear response of stochastic gradient dynamics near a minimum: OU processes, the drift
 * decomposition A = (D + Q)U, SGD with momentum on a quadratic (exact recursion and the
 * phase-space model of Kunin et al. 2021, corrected), MSD variants and power-law fits.
 * Also re-exports `linalg` (the dense linear algebra these are built on).
 */
import '../../bindings/linalg.js'; // requireExports side effect (checked at init)
export { linalg, type Matrix, type SymmetricEigen, type LuResult, type SchurResult, type LanczosOptions, type LanczosResult } from '../linalg.js';
export { OrnsteinUhlenbeck, type OrnsteinUhlenbeckOptions, type OuTransition, type OuSampleOptions } from './ou.js';
export { driftDecomposition, type DriftDecomposition } from './decomposition.js';
export {
  SgdMomentum, oscillatorPropagator, type SgdMomentumOptions, type GradientNoise, type SgdMode, type DampingRegime,
  type ContinuousStart, type DiscreteStart,
} from './sgdMomentum.js';
export { MinibatchLinearRegression, type MinibatchLinearRegressionOptions, type IndependentSampler, type DiscreteMoments } from './minibatch.js';
export { msd, msdSaturation, type MsdVariant, type MsdOptions } from './msd.js';
export { fitPowerLaw, localSlope, exponentVsWindow, type FitWindow, type PowerLawFit } from './fit.js';
