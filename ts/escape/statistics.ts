/**
 * Statistics of escape (first-passage) records: survival curve, exponential rate with
 * right-censoring, a Kolmogorov–Smirnov test of exponentiality, the mean first-passage time,
 * and the Arrhenius / power-law fits used to read barriers off escape times (issue 6).
 *
 * A record is what `firstPassage` returns plus its Δt: `hitSteps[i]` is the step at which
 * trajectory i arrived, −1 if it was censored at `censorTime` (= maxSteps·Δt). Hit time
 * = step·Δt.
 */
import { SgdynError } from '../../bindings/index.js';
import { finite, finiteArray, integer, invalid, nonNegative, positive } from '../validate.js';
import { rng } from '../rng.js';

/** First-passage record (e.g. `{ ...firstPassage(o), dt: o.dt }`). */
export interface EscapeRecord {
  /** Per trajectory, the hit step; −1 = censored (not arrived by `censorTime`). */
  hitSteps: ArrayLike<number>;
  /** Time step Δt > 0: the hit time is `step · dt`. */
  dt: number;
  /** Censoring time (`maxSteps · dt`); required when some trajectory is censored. */
  censorTime?: number;
}

interface ParsedRecord {
  /** Hit times, ascending. */
  times: Float64Array;
  nCensored: number;
  censorTime: number;
  n: number;
}

function parseRecord(where: string, r: EscapeRecord): ParsedRecord {
  if (typeof r !== 'object' || r === null) throw invalid(where, 'record', r, 'it must be { hitSteps, dt, censorTime? }');
  const raw = r.hitSteps;
  const n = raw && typeof raw === 'object' && typeof raw.length === 'number' ? raw.length : -1;
  const steps = finiteArray(where, 'record.hitSteps', raw, n >= 1 ? [n] : [], 'a non-empty array of steps (integers >= 0, or -1 = censored)');
  const dt = positive(where, 'record.dt', r.dt);
  let nCensored = 0;
  const hits: number[] = [];
  steps.forEach((s, i) => {
    if (s === -1) nCensored++;
    else if (Number.isInteger(s) && s >= 0) hits.push(s * dt);
    else throw invalid(where, `record.hitSteps[${i}]`, s, 'every entry must be an integer step >= 0 or -1 (censored)');
  });
  let censorTime = Number.NaN;
  if (r.censorTime !== undefined) censorTime = nonNegative(where, 'record.censorTime', r.censorTime);
  if (nCensored > 0) {
    if (r.censorTime === undefined) throw invalid(where, 'record.censorTime', undefined, `it is required when some trajectories are censored (${nCensored} are)`);
    const latest = hits.length ? Math.max(...hits) : 0;
    if (censorTime < latest) throw invalid(where, 'record.censorTime', censorTime, `it must be >= the latest hit time ${latest}`);
  }
  const times = Float64Array.from(hits).sort();
  return { times, nCensored, censorTime, n };
}

// ---------------------------------------------------------------------------------------------
// Special functions (Press et al., Numerical Recipes 3rd ed., §6.1–6.2, §6.14).

/** ln Γ(x), x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0] as number;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x) (series for x < a + 1, Lentz continued fraction otherwise). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a, sum = 1 / a, del = sum;
    for (let i = 0; i < 10000; i++) {
      ap += 1; del *= x / ap; sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-16) break;
    }
    return Math.min(1, sum * Math.exp(lead));
  }
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(lead) * h);
}

/** CDF of χ² with k degrees of freedom: P(k/2, x/2). */
export function chiSquareCdf(x: number, k: number): number {
  return regularizedGammaP(k / 2, x / 2);
}

/** Quantile of χ²_k (bisection on the CDF to relative 1e-14). */
export function chiSquareQuantile(p: number, k: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  let lo = 0, hi = k + 10 * Math.sqrt(2 * k) + 50;
  while (chiSquareCdf(hi, k) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (chiSquareCdf(mid, k) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Kolmogorov's limiting tail `Q(λ) = P(√n D > λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}`
 * (for λ < 1.18 the equivalent theta-function series `1 − (√(2π)/λ) Σ e^{−(2j−1)²π²/(8λ²)}`).
 */
export function kolmogorovTail(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    const y = Math.exp(-(Math.PI * Math.PI) / (8 * lambda * lambda));
    let s = 0;
    for (let j = 1; j <= 6; j++) s += y ** ((2 * j - 1) ** 2);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    s += (j % 2 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

// ---------------------------------------------------------------------------------------------

/** Kaplan–Meier survival curve (result of `survivalCurve`). */
export interface SurvivalCurve {
  /** Distinct hit times, ascending. */
  times: Float64Array;
  /** Ŝ(t) just after each time (a right-continuous step function, Ŝ = 1 before times[0]). */
  survival: Float64Array;
  /** Trajectories still out (not yet arrived, not censored) just before each time. */
  atRisk: Float64Array;
  /** Greenwood standard error of Ŝ at each time: `Ŝ √(Σ dᵢ/(nᵢ(nᵢ−dᵢ)))`. */
  standardError: Float64Array;
  /** Censoring time (NaN if none censored). */
  censorTime: number;
}

/**
 * Survival `S(t) = P(τ > t)` by Kaplan–Meier, `Ŝ(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ)` (Kaplan & Meier,
 * JASA 53, 457, 1958), with Greenwood's standard error. With a common censoring time after
 * every hit (the `firstPassage` case) it is the empirical survival #{τ > t}/n.
 */
export function survivalCurve(record: EscapeRecord): SurvivalCurve {
  const r = parseRecord('survivalCurve', record);
  const times: number[] = [], survival: number[] = [], atRisk: number[] = [], se: number[] = [];
  let risk = r.n, s = 1, greenwood = 0;
  for (let i = 0; i < r.times.length;) {
    const t = r.times[i] as number;
    let d = 0;
    while (i < r.times.length && r.times[i] === t) { d++; i++; }
    s *= 1 - d / risk;
    greenwood += risk > d ? d / (risk * (risk - d)) : 0;
    times.push(t); survival.push(s); atRisk.push(risk); se.push(s * Math.sqrt(greenwood));
    risk -= d;
  }
  return {
    times: Float64Array.from(times), survival: Float64Array.from(survival), atRisk: Float64Array.from(atRisk),
    standardError: Float64Array.from(se), censorTime: r.nCensored > 0 ? r.censorTime : Number.NaN,
  };
}

/** Result of `exponentialRate`. */
export interface ExponentialRate {
  /** λ̂ = hits / total exposure time. */
  rate: number;
  /** Asymptotic standard error λ̂/√hits. */
  standardError: number;
  /** Confidence interval for λ (see `method`). */
  lower: number;
  upper: number;
  confidence: number;
  /** `'gamma-exact'` (no censoring) or `'poisson-garwood'` (censoring; see the doc comment). */
  method: 'gamma-exact' | 'poisson-garwood';
  /** Number of hits k and total exposure E = Σ hit times + nCensored · censorTime. */
  hits: number;
  exposure: number;
  /** Mean time 1/λ̂ and its interval [1/upper, 1/lower]. */
  meanTime: number;
  meanTimeLower: number;
  meanTimeUpper: number;
}

function confidenceOf(where: string, c: unknown): number {
  const v = finite(where, 'confidence', c ?? 0.95);
  if (!(v > 0 && v < 1)) throw invalid(where, 'confidence', v, 'it must be in (0, 1)');
  return v;
}

/**
 * Maximum-likelihood rate of exponential waiting times under right-censoring,
 * `λ̂ = k / E`, k hits, exposure `E = Σ_{hits} tᵢ + n_censored · t_c` (the censored
 * log-likelihood `k ln λ − λE`, e.g. Lawless, Statistical Models for Lifetime Data, §3.1).
 *
 * Confidence interval:
 * - no censoring: exact, since `2λE ~ χ²_{2n}`: `[χ²_{2n}(α/2), χ²_{2n}(1−α/2)] / (2E)`;
 * - with censoring: the exact Poisson-count (Garwood 1936) interval, treating k as Poisson
 *   with mean λE: `[χ²_{2k}(α/2), χ²_{2k+2}(1−α/2)] / (2E)` (k = 0 gives lower = 0). With a
 *   fixed censoring time this is conservative/approximate (E is random), not exact.
 */
export function exponentialRate(record: EscapeRecord, options: { confidence?: number } = {}): ExponentialRate {
  const where = 'exponentialRate';
  const r = parseRecord(where, record);
  const confidence = confidenceOf(where, options?.confidence);
  const k = r.times.length;
  const exposure = r.times.reduce((a, t) => a + t, 0) + (r.nCensored > 0 ? r.nCensored * r.censorTime : 0);
  if (!(exposure > 0)) throw invalid(where, 'record', 'all times 0', 'the total exposure time must be > 0');
  const rate = k / exposure;
  const alpha = 1 - confidence;
  let lower: number, upper: number, method: ExponentialRate['method'];
  if (r.nCensored === 0) {
    method = 'gamma-exact';
    lower = chiSquareQuantile(alpha / 2, 2 * k) / (2 * exposure);
    upper = chiSquareQuantile(1 - alpha / 2, 2 * k) / (2 * exposure);
  } else {
    method = 'poisson-garwood';
    lower = k === 0 ? 0 : chiSquareQuantile(alpha / 2, 2 * k) / (2 * exposure);
    upper = chiSquareQuantile(1 - alpha / 2, 2 * k + 2) / (2 * exposure);
  }
  return {
    rate, standardError: k > 0 ? rate / Math.sqrt(k) : Number.NaN, lower, upper, confidence, method, hits: k, exposure,
    meanTime: 1 / rate, meanTimeLower: 1 / upper, meanTimeUpper: lower > 0 ? 1 / lower : Infinity,
  };
}

/** Result of `ksExponential`. */
export interface KsExponentialResult {
  /** D = sup_t |F_n(t) − F(t)| against the fitted (truncated, if censored) exponential. */
  statistic: number;
  /** Asymptotic Kolmogorov p-value `Q((√n + 0.12 + 0.11/√n) D)` — conservative (Lilliefors caveat). */
  pValue: number;
  /** Parametric-bootstrap p-value (refitting λ in each replicate), if `bootstrap` was asked for. */
  bootstrapPValue: number | null;
  /** The fitted rate λ̂ the test used. */
  rate: number;
  /** Number of hit times tested. */
  n: number;
}

function ksAgainst(times: Float64Array, cdf: (t: number) => number): number {
  const n = times.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(times[i] as number);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

function truncatedExpCdf(rate: number, censorTime: number): (t: number) => number {
  const norm = Number.isFinite(censorTime) ? -Math.expm1(-rate * censorTime) : 1;
  return (t) => -Math.expm1(-rate * t) / norm;
}

/**
 * Kolmogorov–Smirnov test of the hit times against an exponential law with the rate fitted by
 * `exponentialRate` (with censoring at t_c: against the truncated law `F(t)/F(t_c)`, the law of
 * a hit time given that it is ≤ t_c). `D = maxᵢ max(F(tᵢ) − (i−1)/n, i/n − F(tᵢ))`.
 *
 * p-value: Kolmogorov's limit with Stephens' finite-n factor (Numerical Recipes §14.3.3).
 * **Lilliefors caveat**: λ is estimated from the same data, so that p-value is conservative
 * (too large; the test rejects less often than α). For a calibrated p-value ask for
 * `bootstrap: { samples, seed }`: a parametric bootstrap (same n, same censoring time, λ
 * refitted per replicate; draws from `rng.uniforms`), p = (1 + #{D* ≥ D}) / (1 + samples).
 * Hit times are multiples of Δt: ties matter only when Δt is not ≪ 1/λ.
 */
export function ksExponential(record: EscapeRecord, options: { bootstrap?: { samples: number; seed: number | bigint } } = {}): KsExponentialResult {
  const where = 'ksExponential';
  const r = parseRecord(where, record);
  const n = r.times.length;
  if (n < 2) throw invalid(where, 'record.hitSteps', `${n} hits`, 'at least 2 hit times are needed');
  const rate = exponentialRate(record).rate;
  const censored = r.nCensored > 0;
  const D = ksAgainst(r.times, truncatedExpCdf(rate, censored ? r.censorTime : Infinity));
  const sn = Math.sqrt(n);
  const pValue = kolmogorovTail((sn + 0.12 + 0.11 / sn) * D);
  let bootstrapPValue: number | null = null;
  const b = options?.bootstrap;
  if (b !== undefined) {
    const samples = integer(where, 'bootstrap.samples', b?.samples, 1);
    const total = r.n;
    let exceed = 0;
    for (let s = 0; s < samples; s++) {
      const u = rng.uniforms({ seed: b.seed, stream: s, count: total });
      const hits: number[] = [];
      let exposure = 0;
      for (let i = 0; i < total; i++) {
        const t = -Math.log1p(-(u[i] as number)) / rate;
        if (censored && t > r.censorTime) exposure += r.censorTime;
        else { hits.push(t); exposure += t; }
      }
      if (hits.length < 2) { exceed++; continue; }
      const rs = hits.length / exposure;
      const ds = ksAgainst(Float64Array.from(hits).sort(), truncatedExpCdf(rs, censored ? r.censorTime : Infinity));
      if (ds >= D) exceed++;
    }
    bootstrapPValue = (1 + exceed) / (1 + samples);
  }
  return { statistic: D, pValue, bootstrapPValue, rate, n };
}

/** Result of `meanFirstPassageTime`. */
export interface MeanFirstPassageTime {
  /** Estimated mean first-passage time. */
  mean: number;
  standardError: number;
  /**
   * `'sample-mean'` (no censoring: t̄ and s/√n, model-free) or `'exponential-mle'` (some censored:
   * 1/λ̂ = E/k with SE (1/λ̂)/√k, valid under the exponential model only).
   */
  method: 'sample-mean' | 'exponential-mle';
  nHit: number;
  nCensored: number;
}

/**
 * Mean first-passage time with its standard error. Without censoring: the sample mean and
 * `s/√n`. With censoring the sample mean of the hits is biased low, so the exponential MLE
 * `E/k` (see `exponentialRate`) is returned instead, with SE `(E/k)/√k`, and `method` says so.
 */
export function meanFirstPassageTime(record: EscapeRecord): MeanFirstPassageTime {
  const where = 'meanFirstPassageTime';
  const r = parseRecord(where, record);
  const k = r.times.length;
  if (r.nCensored === 0) {
    const m = r.times.reduce((a, t) => a + t, 0) / k;
    const v = k > 1 ? r.times.reduce((a, t) => a + (t - m) ** 2, 0) / (k - 1) : Number.NaN;
    return { mean: m, standardError: Math.sqrt(v / k), method: 'sample-mean', nHit: k, nCensored: 0 };
  }
  if (k === 0) throw new SgdynError('INVALID_ARGUMENT', `${where}: no trajectory arrived before censorTime = ${r.censorTime}; the mean cannot be estimated (raise maxSteps)`);
  const est = exponentialRate(record);
  return { mean: est.meanTime, standardError: est.meanTime / Math.sqrt(k), method: 'exponential-mle', nHit: k, nCensored: r.nCensored };
}

// ---------------------------------------------------------------------------------------------

/** A weighted straight-line fit `v = α + β u`. */
interface LineFit {
  intercept: number; slope: number;
  interceptStandardError: number; slopeStandardError: number; covariance: number;
  residuals: Float64Array; chiSquare: number; degreesOfFreedom: number;
}

function weightedLine(where: string, u: Float64Array, v: Float64Array, w: Float64Array, scale: boolean): LineFit {
  const m = u.length;
  let S = 0, Su = 0, Sv = 0;
  for (let i = 0; i < m; i++) { S += w[i] as number; Su += (w[i] as number) * (u[i] as number); Sv += (w[i] as number) * (v[i] as number); }
  const ub = Su / S, vb = Sv / S;
  let Suu = 0, Suv = 0;
  for (let i = 0; i < m; i++) {
    const du = (u[i] as number) - ub;
    Suu += (w[i] as number) * du * du;
    Suv += (w[i] as number) * du * ((v[i] as number) - vb);
  }
  if (!(Suu > 0)) throw new SgdynError('INVALID_ARGUMENT', `${where}: the abscissae are all equal (need at least 2 distinct values with weight > 0)`);
  const slope = Suv / Suu;
  const intercept = vb - slope * ub;
  const residuals = Float64Array.from(v, (vi, i) => vi - intercept - slope * (u[i] as number));
  const chiSquare = residuals.reduce((a, r, i) => a + (w[i] as number) * r * r, 0);
  const dof = m - 2;
  const s2 = scale ? (dof > 0 ? chiSquare / dof : Number.NaN) : 1;
  // (XᵀWX)⁻¹ for X = [1, u]: var(slope) = 1/Suu, var(intercept) = 1/S + ub²/Suu, cov = −ub/Suu.
  return {
    intercept, slope,
    slopeStandardError: Math.sqrt(s2 / Suu),
    interceptStandardError: Math.sqrt(s2 * (1 / S + (ub * ub) / Suu)),
    covariance: (-s2 * ub) / Suu, residuals, chiSquare, degreesOfFreedom: dof,
  };
}

function positiveArray(where: string, name: string, v: unknown, lengths: number[], text: string): Float64Array {
  const a = finiteArray(where, name, v, lengths, text);
  a.forEach((x, i) => { if (!(x > 0)) throw invalid(where, `${name}[${i}]`, x, 'every entry must be > 0'); });
  return a;
}

function lengthOf(v: unknown): number {
  return v && typeof v === 'object' && typeof (v as ArrayLike<unknown>).length === 'number' ? (v as ArrayLike<unknown>).length : -1;
}

/** Options of `arrheniusFit` / `powerLawFit`. */
export interface LineFitOptions {
  /**
   * `true` (default): standard errors scaled by the residual variance χ²/(m−2) (weights are
   * relative). `false`: weights are absolute inverse variances of ln τ (resp. ln y) and the
   * covariance is (XᵀWX)⁻¹ unscaled.
   */
  scaleByResiduals?: boolean;
}

/** Result of `arrheniusFit`. */
export interface ArrheniusFit {
  /** ΔU, the slope of ln τ against 1/T. */
  barrier: number;
  barrierStandardError: number;
  /** A in τ = A e^{ΔU/T}, and ln A with its standard error (SE of A by the delta method, A·SE(ln A)). */
  prefactor: number;
  logPrefactor: number;
  logPrefactorStandardError: number;
  prefactorStandardError: number;
  /** Cov(ln A, ΔU). */
  covariance: number;
  /** ln τᵢ − (ln A + ΔU/Tᵢ). */
  residuals: Float64Array;
  /** Σ wᵢ rᵢ² and m − 2. */
  chiSquare: number;
  degreesOfFreedom: number;
}

/**
 * Arrhenius fit `τ = A e^{ΔU/T}`: weighted least squares of `ln τᵢ = ln A + ΔU · (1/Tᵢ)`,
 * minimising `Σ wᵢ (ln τᵢ − ln A − ΔU/Tᵢ)²` (closed form; e.g. Bevington & Robinson,
 * Data Reduction and Error Analysis, ch. 6). Natural weights: `wᵢ = 1/Var(ln τ̂ᵢ)`, which for
 * a mean of nᵢ exponential times is ≈ nᵢ. Needs ≥ 2 distinct temperatures (≥ 3 for errors
 * scaled by the residuals).
 */
export function arrheniusFit(temperatures: ArrayLike<number>, times: ArrayLike<number>, weights?: ArrayLike<number>, options: LineFitOptions = {}): ArrheniusFit {
  const where = 'arrheniusFit';
  const m = lengthOf(temperatures);
  const T = positiveArray(where, 'temperatures', temperatures, m >= 2 ? [m] : [], 'at least 2 temperatures');
  const tau = positiveArray(where, 'times', times, [m], `temperatures.length = ${m}`);
  const w = weights === undefined ? new Float64Array(m).fill(1) : positiveArray(where, 'weights', weights, [m], `temperatures.length = ${m}`);
  const f = weightedLine(where, Float64Array.from(T, (t) => 1 / t), Float64Array.from(tau, Math.log), w, options?.scaleByResiduals ?? true);
  const A = Math.exp(f.intercept);
  return {
    barrier: f.slope, barrierStandardError: f.slopeStandardError,
    prefactor: A, logPrefactor: f.intercept, logPrefactorStandardError: f.interceptStandardError, prefactorStandardError: A * f.interceptStandardError,
    covariance: f.covariance, residuals: f.residuals, chiSquare: f.chiSquare, degreesOfFreedom: f.degreesOfFreedom,
  };
}

/** Result of `powerLawFit`. */
export interface PowerLawRegression {
  /** p in y = c xᵖ. */
  exponent: number;
  exponentStandardError: number;
  /** c, ln c and SE(ln c) (SE(c) = c·SE(ln c), delta method). */
  coefficient: number;
  logCoefficient: number;
  logCoefficientStandardError: number;
  coefficientStandardError: number;
  /** ln yᵢ − (ln c + p ln xᵢ). */
  residuals: Float64Array;
  chiSquare: number;
  degreesOfFreedom: number;
}

/**
 * Power law `y = c xᵖ` by (weighted) least squares of `ln y = ln c + p ln x` (x, y > 0), e.g.
 * the escape time against the learning rate or batch size (seed 001 (4.26)). Same estimator
 * and errors as `arrheniusFit`. (`fitPowerLaw` of the linear-response module fits MSD curves
 * over a lag window; this one fits arbitrary (x, y) pairs.)
 */
export function powerLawFit(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>, options: LineFitOptions = {}): PowerLawRegression {
  const where = 'powerLawFit';
  const m = lengthOf(x);
  const xs = positiveArray(where, 'x', x, m >= 2 ? [m] : [], 'at least 2 points');
  const ys = positiveArray(where, 'y', y, [m], `x.length = ${m}`);
  const w = weights === undefined ? new Float64Array(m).fill(1) : positiveArray(where, 'weights', weights, [m], `x.length = ${m}`);
  const f = weightedLine(where, Float64Array.from(xs, Math.log), Float64Array.from(ys, Math.log), w, options?.scaleByResiduals ?? true);
  const c = Math.exp(f.intercept);
  return {
    exponent: f.slope, exponentStandardError: f.slopeStandardError,
    coefficient: c, logCoefficient: f.intercept, logCoefficientStandardError: f.interceptStandardError, coefficientStandardError: c * f.interceptStandardError,
    residuals: f.residuals, chiSquare: f.chiSquare, degreesOfFreedom: f.degreesOfFreedom,
  };
}
