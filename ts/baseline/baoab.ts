/**
 * Pure-TypeScript BAOAB for underdamped Langevin, the twin of crate/src/sde/baoab.rs (same
 * operation order; velocities start N(0, Tⱼ) from each trajectory's stream, as in the crate):
 * B: v ← v − (Δt/2)∇U;  A: x ← x + (Δt/2)v;  O: v ← (v − c v) + b ξ;  A;  B,
 * with c = 1 − e^{−γΔt}, b = √(Tⱼ(1 − e^{−2γΔt})) (Leimkuhler & Matthews 2013).
 */
import { BaselineStream } from './rng.js';
import { initialPositions, trajectoryStreams, type BaselineEnsembleSpec, type BatchGradient } from './eulerMaruyama.js';

export class BaselineBaoab {
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  private readonly streams: BaselineStream[];
  private readonly gradient: Float64Array;
  private readonly b: Float64Array;
  private readonly c: number;

  constructor(private readonly spec: BaselineEnsembleSpec & { friction: number }, private readonly grad: BatchGradient) {
    const { n, d } = spec;
    this.positions = initialPositions(spec);
    this.streams = trajectoryStreams(spec);
    const decay = Math.exp(-spec.friction * spec.dt);
    this.c = 1 - decay;
    this.b = Float64Array.from({ length: d }, (_, j) => Math.sqrt((spec.temperature[j] as number) * (1 - decay * decay)));
    this.velocities = new Float64Array(n * d);
    const sd = Array.from({ length: d }, (_, j) => Math.sqrt(spec.temperature[j] as number));
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) this.velocities[i * d + j] = (sd[j] as number) * (this.streams[i] as BaselineStream).normal();
    this.gradient = new Float64Array(n * d);
    this.grad(this.positions, this.gradient);
  }

  step(k: number): void {
    const { n, d, dt } = this.spec;
    const a = 0.5 * dt, c = this.c;
    const x = this.positions, v = this.velocities, g = this.gradient, b = this.b;
    for (let s = 0; s < k; s++) {
      for (let e = 0; e < n * d; e++) {
        v[e] = (v[e] as number) - a * (g[e] as number);
        x[e] = (x[e] as number) + a * (v[e] as number);
      }
      for (let i = 0; i < n; i++) {
        const stream = this.streams[i] as BaselineStream;
        for (let j = 0; j < d; j++) {
          const e = i * d + j;
          const vi = v[e] as number;
          v[e] = vi - c * vi + (b[j] as number) * stream.normal();
          x[e] = (x[e] as number) + a * (v[e] as number);
        }
      }
      this.grad(x, g);
      for (let e = 0; e < n * d; e++) v[e] = (v[e] as number) - a * (g[e] as number);
    }
  }
}
