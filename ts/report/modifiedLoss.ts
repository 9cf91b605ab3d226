/**
 * Flagship 5a (Kunin et al. 2021, Fig. 3 and App. H.4, corrected): an anisotropic OU process
 * is driven by a *modified* loss. `dX = −A(X − b)dt + √(2D) dW` with the paper's drift
 * `A = V⁻¹ diag(4, 1) V = [[5/2, −3/2], [−3/2, 5/2]]` (the Hessian of `Φ = ½(x−b)ᵀA(x−b)`)
 * and the anisotropic diffusion `D = s·diag(4, 1)`, which does not commute with A. The
 * stationary law is `∝ exp(−Ψ)`, `Ψ = ½(x−b)ᵀU(x−b)`, `U = B⁻¹`, `AB + BAᵀ = 2D`
 * (`driftDecomposition`), not the Gibbs law `exp(−Φ/s)` isotropic noise of the same scale
 * would give; the skew `Q = AB − D` makes the stationary current `J = −QU(x − b) p_ss`
 * circulate along the level sets of Ψ (the arrows are `J/p_ss = −QU(x − b)`, whose streamlines
 * are those level sets). Hand-derived (test/linearResponse.test.ts):
 * `B/s = [[173/80, 15/16], [15/16, 77/80]]`, `Q/s = [[0, 9/10], [−9/10, 0]]`.
 *
 * The simulation is independent of the Lyapunov solve: Euler–Maruyama (`simulate`, WASM) on
 * `landscapes.quadratic` with correlated noise. Its exact stationary covariance at step h is
 * the Stein solution `C_h = (I − hA) C_h (I − hA)ᵀ + 2hD` (→ B as h → 0), and its mean
 * circulation rate `E[xₖ × xₖ₊₁]/h` (× the 2-D cross product, x relative to b) is exactly
 * `−tr(E A C_h)`, `E = [[0, 1], [−1, 0]]`, which → `−tr(EQ) = 2Q₁₂` (derived in this file:
 * `E[x × (x − hAx + noise)] = −h tr(EAC_h)`, and `tr(ED) = tr(EB) = 0` by symmetry).
 */
import { simulate } from '../ensemble.js';
import { landscapes } from '../landscape.js';
import { linalg } from '../linalg.js';
import { OrnsteinUhlenbeck } from '../linearResponse/ou.js';
import { heatmapPlot } from '../plot/index.js';
import type { ReportSection } from './html.js';

export const MODIFIED_LOSS_PARAMETERS = {
  /** A = V⁻¹ diag(4, 1) V, V = [[−1, 1], [1, 1]] (Kunin App. H.4). */
  drift: [[2.5, -1.5], [-1.5, 2.5]] as [[number, number], [number, number]],
  /** D = diffusionScale · diffusionShape. */
  diffusionShape: [[4, 0], [0, 1]] as [[number, number], [number, number]],
  diffusionScale: 4e-4,
  /** b (Kunin App. H.4). */
  mean: [-0.1, 0.05] as [number, number],
  domain: [[-0.2, 0], [-0.05, 0.15]] as [[number, number], [number, number]],
  grid: 81,
  dt: 0.01,
  nTrajectories: 4000,
  /** Steps before measuring (t = 10: the slowest mode has relaxed by e⁻¹⁰). */
  burnIn: 1000,
  /** Measured steps. */
  steps: 1000,
  /** Replica 0's path over the last `pathSteps` measured steps is the drawn trajectory. */
  pathSteps: 400,
  seed: 31,
};

export interface ModifiedLossRow {
  quantity: string;
  simulated: number;
  standardError: number;
  /** Exact for Euler–Maruyama at this step (Stein). */
  exactDiscrete: number;
  /** The continuous OU (Lyapunov / decomposition). */
  continuous: number;
}

export interface ModifiedLossResult {
  rows: ModifiedLossRow[];
  /** Left: Φ/s with the path; right: Ψ with the path and the current velocity J/p_ss. */
  svgs: [string, string];
  B: Float64Array;
  Q: Float64Array;
  U: Float64Array;
  /** ‖Q‖_F/‖AB‖_F. */
  detailedBalanceBreaking: number;
}

/** Runs the experiment (module comment). */
export function runModifiedLoss(p = MODIFIED_LOSS_PARAMETERS, onProgress?: (line: string) => void): ModifiedLossResult {
  const s = p.diffusionScale;
  const D = p.diffusionShape.map((r) => r.map((v) => v * s));
  const A = p.drift;
  const [b1, b2] = p.mean;
  const ou = OrnsteinUhlenbeck.create({ drift: A, diffusion: D, mean: p.mean });
  const dec = ou.decomposition();
  const h = p.dt;
  const M = A.map((r, i) => r.map((v, j) => (i === j ? 1 : 0) - h * v));
  const Ch = linalg.discreteLyapunov(M, D.map((r) => r.map((v) => 2 * h * v)));
  // −tr(E A C) with E = [[0, 1], [−1, 0]]: −((AC)₁₀ − (AC)₀₁).
  const circulation = (C: ArrayLike<number>): number => {
    const ac = (i: number, j: number) => (A[i]![0]! * (C[j] as number)) + (A[i]![1]! * (C[2 + j] as number));
    return -(ac(1, 0) - ac(0, 1));
  };
  // Simulation: EM on Φ with correlated noise, all replicas from b.
  onProgress?.('modified loss: Euler–Maruyama ensemble');
  const U = landscapes.quadratic({ hessian: A, centre: p.mean });
  const n = p.nTrajectories;
  const path: [number[], number[]] = [[], []];
  const perReplica = new Float64Array(n); // time-averaged x × x' per replica
  let samples = 0;
  const c2 = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]; // per-replica sums of the second moments about b
  try {
    using ens = simulate({ landscape: U, noise: { kind: 'correlated', diffusion: D }, dt: h, nTrajectories: n, x0: p.mean, seed: p.seed, steps: p.burnIn });
    let prev = ens.positions();
    for (let k = 0; k < p.steps; k++) {
      ens.step(1);
      const x = ens.positions();
      for (let r = 0; r < n; r++) {
        const x0 = (prev[2 * r] as number) - b1, y0 = (prev[2 * r + 1] as number) - b2;
        const x1 = (x[2 * r] as number) - b1, y1 = (x[2 * r + 1] as number) - b2;
        perReplica[r] = (perReplica[r] as number) + (x0 * y1 - y0 * x1) / h;
        c2[0]![r]! += x1 * x1; c2[1]![r]! += x1 * y1; c2[2]![r]! += y1 * y1;
      }
      if (k >= p.steps - p.pathSteps) {
        path[0].push(x[0] as number);
        path[1].push(x[1] as number);
      }
      prev = x;
      samples++;
    }
  } finally {
    U.dispose();
  }
  // Each replica's time average is one independent sample (replicas are independent); the mean
  // is known (b), so covariances are raw second moments about b.
  const stat = (vals: ArrayLike<number>): [number, number] => {
    let m = 0, m2 = 0;
    for (let r = 0; r < n; r++) { const v = (vals[r] as number) / samples; m += v; m2 += v * v; }
    m /= n;
    return [m, Math.sqrt(Math.max(m2 / n - m * m, 0) / (n - 1))];
  };
  const B = dec.B, Q = dec.Q;
  const rows: ModifiedLossRow[] = [];
  const entries: [string, number, number][] = [['C₁₁', 0, 0], ['C₁₂', 1, 1], ['C₂₂', 2, 3]];
  for (const [name, col, idx] of entries) {
    const [m, se] = stat(c2[col]!);
    rows.push({ quantity: `covariance ${name}`, simulated: m, standardError: se, exactDiscrete: Ch[idx] as number, continuous: B[idx] as number });
  }
  const [cm, cse] = stat(perReplica);
  rows.push({ quantity: 'circulation rate E[x × dx/dt]', simulated: cm, standardError: cse, exactDiscrete: circulation(Ch), continuous: 2 * (Q[1] as number) });
  // Fields on the grid.
  const g = p.grid;
  const xs = Array.from({ length: g }, (_, i) => p.domain[0][0] + ((p.domain[0][1] - p.domain[0][0]) * i) / (g - 1));
  const ys = Array.from({ length: g }, (_, j) => p.domain[1][0] + ((p.domain[1][1] - p.domain[1][0]) * j) / (g - 1));
  const cap = 8;
  const phi = new Float64Array(g * g), psi = new Float64Array(g * g), ju = new Float64Array(g * g), jv = new Float64Array(g * g);
  for (let j = 0; j < g; j++) {
    for (let i = 0; i < g; i++) {
      const x = [xs[i] as number, ys[j] as number];
      const e = [x[0]! - b1, x[1]! - b2];
      const f = 0.5 * (e[0]! * (A[0][0] * e[0]! + A[0][1] * e[1]!) + e[1]! * (A[1][0] * e[0]! + A[1][1] * e[1]!));
      phi[j * g + i] = Math.min(f / s, cap);
      psi[j * g + i] = Math.min(dec.modifiedLoss(x), cap);
      const J = dec.currentVelocity(x);
      ju[j * g + i] = J[0] as number;
      jv[j * g + i] = J[1] as number;
    }
  }
  const levels = [0.5, 2, 4.5];
  const trajectory = { kind: 'line' as const, label: `one stationary trajectory, duration ${(p.pathSteps * h).toFixed(0)}`, x: path[0], y: path[1], color: '#000000' };
  const common = { xLabel: 'x₁', yLabel: 'x₂', width: 520, height: 470, contours: levels, legend: 'top-left' as const };
  const left = heatmapPlot({ x: xs, y: ys, values: phi }, {
    ...common, title: 'Original loss Φ/s (the Gibbs exponent for isotropic noise)', colorLabel: `Φ/s, s = ${s} (capped at ${cap})`, overlay: [trajectory],
  });
  const right = heatmapPlot({ x: xs, y: ys, values: psi }, {
    ...common, title: 'Modified loss Ψ = −log p_ss + const; arrows J_ss/p_ss', colorLabel: `Ψ (capped at ${cap})`,
    quiver: { u: ju, v: jv, every: 8 }, overlay: [trajectory],
  });
  return { rows, svgs: [left, right], B, Q, U: dec.U, detailedBalanceBreaking: dec.detailedBalance.relative };
}

/** Report section 5a: the Fig. 3 analogue. */
export function modifiedLossSection(o: { quick?: boolean; onProgress?: (line: string) => void }): ReportSection {
  const p = o.quick ? { ...MODIFIED_LOSS_PARAMETERS, nTrajectories: 1000 } : MODIFIED_LOSS_PARAMETERS;
  const t0 = performance.now();
  const r = runModifiedLoss(p, o.onProgress);
  const g = (v: number) => v.toExponential(4);
  return {
    title: '5a. An anisotropic OU process is driven by a modified loss (Kunin et al. Fig. 3)',
    intro: [
      'The OU process <code>dX = −A(X − b)dt + √(2D) dW</code> of Kunin et al. App. H.4: <code>A = V⁻¹diag(4, 1)V = [[5/2, −3/2], [−3/2, 5/2]]</code> is the Hessian of the loss <code>Φ = ½(x − b)ᵀA(x − b)</code>, b = (−0.1, 0.05), and the diffusion ' +
      `<code>D = s·diag(4, 1)</code>, s = ${p.diffusionScale}, does not commute with A. Solving <code>AB + BAᵀ = 2D</code> gives the stationary covariance B; <code>Q = AB − D</code> is skew and <code>U = B⁻¹</code>, so <code>A = (D + Q)U</code> (<code>driftDecomposition</code>). ` +
      'The stationary law is <code>∝ exp(−Ψ)</code> with the modified loss <code>Ψ = ½(x − b)ᵀU(x − b)</code>, not the Gibbs law <code>exp(−Φ/s)</code> that isotropic noise of the same scale would give; both are drawn with contours at 0.5, 2 and 4.5 (the 1σ, 2σ, 3σ ellipses of the respective Gaussians). ' +
      `Because Q ≠ 0 (‖Q‖/‖AB‖ = ${r.detailedBalanceBreaking.toFixed(3)}) detailed balance is broken: the stationary current <code>J = −QU(x − b)p_ss</code> circulates along the level sets of Ψ (arrows: J/p_ss). Hand-derived: B/s = [[173/80, 15/16], [15/16, 77/80]], Q/s = [[0, 9/10], [−9/10, 0]].`,
      `The black line is one trajectory of an Euler–Maruyama ensemble (<code>simulate</code> on <code>landscapes.quadratic</code> with correlated noise, Δt = ${p.dt}, ${p.nTrajectories} replicas from b, ${p.burnIn} steps of burn-in, ${p.steps} measured). ` +
      'Expected: the cloud follows Ψ, not Φ; the ensemble covariance matches the exact Euler–Maruyama covariance (the Stein solution <code>C = (I − ΔtA)C(I − ΔtA)ᵀ + 2ΔtD</code>, within O(Δt) of B) and the mean circulation rate <code>E[x × dx/dt]</code> (x relative to b) matches its exact value <code>−tr(EAC)</code>, which tends to <code>2Q₁₂</code> as Δt → 0 — the current measured without any density estimate.',
    ],
    figures: r.svgs,
    table: {
      head: ['quantity', 'ensemble ± SE', 'exact for EM (Stein)', 'z', 'continuous OU (Lyapunov / 2Q₁₂)'],
      rows: r.rows.map((row) => [row.quantity, `${g(row.simulated)} ± ${row.standardError.toExponential(1)}`, g(row.exactDiscrete), ((row.simulated - row.exactDiscrete) / row.standardError).toFixed(2), g(row.continuous)]),
    },
    parameters: p,
    seconds: (performance.now() - t0) / 1e3,
  };
}
