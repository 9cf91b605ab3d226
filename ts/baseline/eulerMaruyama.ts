/**
 * Pure-TypeScript Euler–Maruyama for overdamped Langevin, the twin of
 * crate/src/sde/euler_maruyama.rs (same update order, so results agree to rounding):
 * `θ ← (θ − Δt ∇U(θ)) + √(2TⱼΔt) ξ`.
 */
import { BaselineStream } from './rng.js';

/** Writes ∇U at m points `xs` (m × d) into `gs`. */
export type BatchGradient = (xs: Float64Array, gs: Float64Array) => void;

/** Gradient of the separable double well, in the crate's operation order. */
export function doubleWellGradient(barrierHeight = 1, wellCurvature = 8, tilt = 0): BatchGradient {
  const q = wellCurvature / (8 * barrierHeight);
  const p = 4 * barrierHeight * q;
  return (xs, gs) => {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      gs[i] = p * x * (x * x * q - 1) + tilt;
    }
  };
}

export interface BaselineEnsembleSpec {
  n: number;
  d: number;
  dt: number;
  temperature: ArrayLike<number>;
  x0: ArrayLike<number>;
  seed: bigint;
  offset?: number;
}

/** The n × d start: `x0` of length d repeated, or `x0` of length n·d as given. */
export function initialPositions(spec: BaselineEnsembleSpec): Float64Array {
  const { n, d, x0 } = spec;
  return Float64Array.from({ length: n * d }, (_, e) => (x0.length === d ? x0[e % d] : x0[e]) as number);
}

/** One stream per trajectory, `(seed, offset + i)`, as the crate's ensembles. */
export function trajectoryStreams(spec: BaselineEnsembleSpec): BaselineStream[] {
  const offset = BigInt(spec.offset ?? 0);
  return Array.from({ length: spec.n }, (_, i) => new BaselineStream(spec.seed, offset + BigInt(i)));
}

/** An ensemble stepped in plain TypeScript. */
export class BaselineEnsemble {
  readonly positions: Float64Array;
  private readonly streams: BaselineStream[];
  private readonly gradient: Float64Array;
  private readonly scale: Float64Array;

  constructor(private readonly spec: BaselineEnsembleSpec, private readonly grad: BatchGradient) {
    const { n, d } = spec;
    this.positions = initialPositions(spec);
    this.streams = trajectoryStreams(spec);
    this.gradient = new Float64Array(n * d);
    this.scale = Float64Array.from({ length: d }, (_, j) => Math.sqrt(2 * (spec.temperature[j] as number) * spec.dt));
  }

  /** k Euler–Maruyama steps for every trajectory. */
  step(k: number): void {
    const { n, d, dt } = this.spec;
    const x = this.positions, g = this.gradient, s = this.scale;
    for (let step = 0; step < k; step++) {
      this.grad(x, g);
      for (let i = 0; i < n; i++) {
        const stream = this.streams[i] as BaselineStream;
        for (let j = 0; j < d; j++) {
          const e = i * d + j;
          x[e] = (x[e] as number) - dt * (g[e] as number) + (s[j] as number) * stream.normal();
        }
      }
    }
  }
}
