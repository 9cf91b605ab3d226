/** Escape analysis (issue 6): first-passage statistics and landscape critical points. */
export {
  survivalCurve, exponentialRate, ksExponential, meanFirstPassageTime, arrheniusFit, powerLawFit,
  logGamma, regularizedGammaP, chiSquareCdf, chiSquareQuantile, kolmogorovTail,
  type EscapeRecord, type SurvivalCurve, type ExponentialRate, type KsExponentialResult, type MeanFirstPassageTime,
  type ArrheniusFit, type PowerLawRegression, type LineFitOptions,
} from './statistics.js';
export {
  findMinima, findSaddle, basinOf, eyringKramers, laplaceBasinRatio,
  type CriticalPoint, type FindMinimaOptions, type FoundMinimum, type FindSaddleOptions, type FoundSaddle,
  type BasinOptions, type EyringKramersOptions, type EyringKramersResult,
  minimumEnergyPath, type MinimumEnergyPathOptions, type MinimumEnergyPath,
} from './landscapeTools.js';
export { amsMeanFirstPassageTime, type AmsOptions, type AmsResult } from './ams.js';
export {
  basinSelection, langevinRunner, sgdSurrogateRunner, sgdRunner, laplaceFractions,
  type BasinRunner, type BasinSelectionOptions, type BasinSweepResult, type BasinFrame, type RunnerRequest, type SweepPoint, type LangevinRunnerOptions, type SgdSurrogateRunnerOptions, type SgdRunnerOptions,
} from './basinSelection.js';
