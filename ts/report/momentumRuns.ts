/**
 * Measurement helpers shared by the flagship-5 experiments: statistics of an `SgdRun`'s
 * replicas from a (burnt-in) stationary start. Replicas are independent, so every standard
 * error here is the across-replica standard deviation / √n.
 */
import type { SgdRun } from '../sgd/run.js';
import { fitPowerLaw, type FitWindow } from '../linearResponse/fit.js';

/** Mean and standard error over replicas. */
export interface Estimate {
  mean: number;
  se: number;
}

export function estimate(values: ArrayLike<number>): Estimate {
  const n = values.length;
  let m = 0, m2 = 0;
  for (let i = 0; i < n; i++) { const v = values[i] as number; m += v; m2 += v * v; }
  m /= n;
  return { mean: m, se: Math.sqrt(Math.max(m2 / n - m * m, 0) / Math.max(n - 1, 1)) };
}

/** What `stationaryLagStatistics` measures at each lag k (steps after the burn-in). */
export interface LagStatistics {
  lags: number[];
  /** E‖θₖ − θ₀‖². */
  msd: Estimate[];
  /** E[v₀·vₖ] (v the recursion's buffer, vₖ = θₖ − θₖ₋₁). */
  velocityAutocovariance: Estimate[];
  /** E‖vₖ‖² averaged over the lag snapshots and the start (one value per replica). */
  speed: Estimate;
  /** Per-replica ‖θₖ − θ₀‖², lag-major (lags × replicas), for fits with grouped errors. */
  perReplicaMsd: Float64Array[];
}

/**
 * Advances `burnIn` steps, takes θ₀, v₀ as the stationary start, then records, at each lag
 * (increasing integers ≥ 1), the squared displacement, the velocity overlap and ‖v‖².
 */
export function stationaryLagStatistics(run: SgdRun, burnIn: number, lags: number[]): LagStatistics {
  const n = run.nReplicas, p = run.dim;
  run.advance(burnIn);
  const theta0 = run.parameters(), v0 = run.velocities();
  const speed = new Float64Array(n);
  const addSpeed = (v: Float64Array) => {
    for (let r = 0; r < n; r++) { let s = 0; for (let i = 0; i < p; i++) s += (v[r * p + i] as number) ** 2; speed[r] = (speed[r] as number) + s / (lags.length + 1); }
  };
  addSpeed(v0);
  const msd: Estimate[] = [], vac: Estimate[] = [], per: Float64Array[] = [];
  let done = 0;
  for (const k of lags) {
    run.advance(k - done);
    done = k;
    const th = run.parameters(), v = run.velocities();
    const d2 = new Float64Array(n), ov = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0, o = 0;
      for (let i = 0; i < p; i++) {
        s += ((th[r * p + i] as number) - (theta0[r * p + i] as number)) ** 2;
        o += (v[r * p + i] as number) * (v0[r * p + i] as number);
      }
      d2[r] = s;
      ov[r] = o;
    }
    addSpeed(v);
    msd.push(estimate(d2));
    vac.push(estimate(ov));
    per.push(d2);
  }
  return { lags, msd, velocityAutocovariance: vac, speed: estimate(speed), perReplicaMsd: per };
}

/**
 * The power-law exponent of the replica-mean MSD over `window`, with a standard error from
 * `groups` disjoint groups of replicas (the spread of the per-group exponents / √groups).
 */
export function fittedExponent(s: LagStatistics, window: FitWindow, groups = 10): Estimate {
  const n = s.perReplicaMsd[0]?.length ?? 0;
  const mean = fitPowerLaw(s.lags, s.msd.map((e) => e.mean), { window }).exponent;
  const per: number[] = [];
  for (let g = 0; g < groups; g++) {
    const lo = Math.floor((g * n) / groups), hi = Math.floor(((g + 1) * n) / groups);
    const curve = s.perReplicaMsd.map((d) => { let t = 0; for (let r = lo; r < hi; r++) t += d[r] as number; return t / (hi - lo); });
    per.push(fitPowerLaw(s.lags, curve, { window }).exponent);
  }
  const e = estimate(per);
  return { mean, se: e.se };
}

/** Integer lags 1 … kMax, roughly log-spaced (`perDecade` per decade), deduplicated. */
export function logLags(kMax: number, perDecade = 8): number[] {
  const out = new Set<number>();
  const m = Math.ceil(Math.log10(kMax) * perDecade);
  for (let i = 0; i <= m; i++) out.add(Math.min(kMax, Math.round(10 ** (i / perDecade))));
  return [...out].sort((a, b) => a - b);
}

/** Points of the ellipse {x : xᵀC⁻¹x = r²} of a 2×2 covariance [[a, b], [b, c]], centred at (x0, y0). */
export function ellipse(c: [number, number, number], r: number, x0 = 0, y0 = 0, points = 120): { x: number[]; y: number[] } {
  const [a, b, d] = c;
  const l11 = Math.sqrt(a), l21 = b / l11, l22 = Math.sqrt(Math.max(d - l21 * l21, 0));
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i <= points; i++) {
    const t = (2 * Math.PI * i) / points;
    const u = r * Math.cos(t), w = r * Math.sin(t);
    x.push(x0 + l11 * u);
    y.push(y0 + l21 * u + l22 * w);
  }
  return { x, y };
}
