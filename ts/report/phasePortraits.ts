/**
 * Flagship 5b: phase portraits of SGD with momentum on a quadratic, one mode per damping
 * regime (Kunin et al. 2021 §4, App. F.2). With η = 0.01, β = 0.9 every mode has
 * `γ = (1−β)/(η(1+β))` and `ωᵢ = √(2κᵢ/(η(1+β)))`; the curvatures κ = 0.02, the critical
 * `(1−β)²/(2η(1+β))` and 10 give damping ratios ζ = γ/ω > 1, = 1, < 1. The simulation is the
 * SGD engine's Gaussian-noise quadratic mode (`sgd.gaussianQuadratic`: `g = Hθ + ξ`,
 * `ξ ~ N(0, Σ/B)`, Σ = σ²H) from a deterministic start; the theory is `SgdMomentum`: the exact
 * discrete mean and covariance of the recursion, and the continuous phase-space model
 * (Kunin eq. (7) for the mean, the Lyapunov covariance for the ellipse) at t = ηk with
 * velocity = v/η.
 */
import { SgdMomentum } from '../linearResponse/sgdMomentum.js';
import { gaussianQuadratic } from '../sgd/run.js';
import { linePlot, type Series } from '../plot/index.js';
import { ellipse } from './momentumRuns.js';
import type { ReportSection } from './html.js';

const ETA = 0.01, BETA = 0.9;
export const PHASE_PORTRAIT_PARAMETERS = {
  learningRate: ETA,
  momentum: BETA,
  /** H = diag(curvatures): overdamped, critical, underdamped. */
  curvatures: [0.02, (1 - BETA) ** 2 / (2 * ETA * (1 + BETA)), 10],
  /** Σ = noiseScale · H (Kunin's Assumption 3), gradient noise N(0, Σ/batchSize). */
  noiseScale: 1,
  batchSize: 1,
  theta0: [1, 1, 1],
  nReplicas: 2000,
  steps: 6000,
  /** Replica means are recorded at every step up to `denseSteps`, then every `every` steps. */
  denseSteps: 200,
  every: 10,
  /** Replicas drawn in the final cloud. */
  cloud: 400,
  seed: 5,
};

export interface PhasePortraitRow {
  mode: number;
  curvature: number;
  dampingRatio: number;
  regime: string;
  /** [entry name, simulated, SE, exact discrete, continuous] for Var θ, Cov(θ, velocity), Var velocity. */
  entries: [string, number, number, number, number][];
}

export function runPhasePortraits(p = PHASE_PORTRAIT_PARAMETERS, onProgress?: (line: string) => void): { rows: PhasePortraitRow[]; svgs: string[] } {
  const d = p.curvatures.length;
  const H = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? p.curvatures[i] as number : 0)));
  const model = SgdMomentum.create({ hessian: H, learningRate: p.learningRate, momentum: p.momentum, batchSize: p.batchSize, noise: { scale: p.noiseScale } });
  const eta = p.learningRate;
  onProgress?.('phase portraits: Gaussian-noise SGD with momentum');
  const n = p.nReplicas;
  const meanTheta: number[][] = Array.from({ length: d }, () => [0]);
  const meanVel: number[][] = Array.from({ length: d }, () => [0]);
  const ks: number[] = [0];
  p.theta0.forEach((t, i) => { meanTheta[i]![0] = t; });
  let thetaEnd: Float64Array, velEnd: Float64Array;
  {
    using run = gaussianQuadratic({
      hessian: H, noiseCovariance: H.map((r) => r.map((v) => v * p.noiseScale)), batchSize: p.batchSize,
      learningRate: eta, momentum: p.momentum, nReplicas: n, seed: p.seed, x0: p.theta0,
    });
    const record: number[] = [];
    for (let k = 1; k <= p.steps; k += k < p.denseSteps ? 1 : p.every) record.push(k);
    for (const k of record) {
      run.advance(k - ks[ks.length - 1]!);
      const th = run.parameters(), v = run.velocities();
      for (let i = 0; i < d; i++) {
        let st = 0, sv = 0;
        for (let r = 0; r < n; r++) { st += th[r * d + i] as number; sv += v[r * d + i] as number; }
        meanTheta[i]!.push(st / n);
        meanVel[i]!.push(sv / n / eta);
      }
      ks.push(k);
    }
    thetaEnd = run.parameters();
    velEnd = run.velocities();
  }
  const exactCov = model.discreteCovarianceAt(p.steps); // deterministic start: includes the (tiny) transient
  const contB = model.stationaryCovariance();
  const n2 = 2 * d;
  const rows: PhasePortraitRow[] = [];
  const svgs: string[] = [];
  // Theory means on a finer grid.
  const theoryK = [...Array.from({ length: p.denseSteps }, (_, k) => k), ...Array.from({ length: 201 }, (_, j) => p.denseSteps + Math.round((j * (p.steps - p.denseSteps)) / 200))];
  const discMean = theoryK.map((k) => model.discreteMeanAt(k, { theta0: p.theta0 }));
  const contMean = [...Array.from({ length: 4 * p.denseSteps }, (_, j) => j / 4), ...theoryK.slice(p.denseSteps)].map((k) => model.meanAt(eta * k, { theta0: p.theta0 }));
  model.modes.forEach((m, i) => {
    // Sample covariance of (θᵢ, vᵢ/η) at the end.
    let mt = 0, mv = 0;
    for (let r = 0; r < n; r++) { mt += thetaEnd[r * d + i] as number; mv += (velEnd[r * d + i] as number) / eta; }
    mt /= n; mv /= n;
    let ctt = 0, ctv = 0, cvv = 0;
    for (let r = 0; r < n; r++) {
      const a = (thetaEnd[r * d + i] as number) - mt, b = (velEnd[r * d + i] as number) / eta - mv;
      ctt += a * a; ctv += a * b; cvv += b * b;
    }
    ctt /= n - 1; ctv /= n - 1; cvv /= n - 1;
    const P = exactCov[i * n2 + i] as number, R = (exactCov[i * n2 + d + i] as number) / eta, V = (exactCov[(d + i) * n2 + d + i] as number) / eta ** 2;
    const se = (x: number, y: number, xy: number) => Math.sqrt((x * y + xy * xy) / n);
    rows.push({
      mode: i, curvature: m.curvature, dampingRatio: m.dampingRatio, regime: m.regime,
      entries: [
        ['Var θ', ctt, se(P, P, P), P, contB[i * n2 + i] as number],
        ['Cov(θ, dθ/dt)', ctv, se(P, V, R), R, contB[i * n2 + d + i] as number],
        ['Var dθ/dt', cvv, se(V, V, V), V, contB[(d + i) * n2 + d + i] as number],
      ],
    });
    const cloudX: number[] = [], cloudY: number[] = [];
    for (let r = 0; r < Math.min(p.cloud, n); r++) { cloudX.push(thetaEnd[r * d + i] as number); cloudY.push((velEnd[r * d + i] as number) / eta); }
    // Every other recorded mean in the dense phase, every 5th later.
    const pick = <T>(a: T[]) => a.filter((_, j) => (ks[j]! <= p.denseSteps ? j % 2 === 0 : j % 5 === 0));
    const ellD = ellipse([P, R, V], 2);
    const ellC = ellipse([contB[i * n2 + i] as number, contB[i * n2 + d + i] as number, contB[(d + i) * n2 + d + i] as number], 2);
    const series: Series[] = [
      { kind: 'scatter', label: `replicas at k = ${p.steps} (${p.cloud})`, x: cloudX, y: cloudY, color: '#bbbbbb' },
      { kind: 'line', label: '2σ ellipse, exact discrete covariance', x: ellD.x, y: ellD.y, color: '#0072B2' },
      { kind: 'line', label: '2σ ellipse, continuous model (Lyapunov)', x: ellC.x, y: ellC.y, color: '#56B4E9', dash: true },
      { kind: 'scatter', label: `replica mean (${n} replicas)`, x: pick(meanTheta[i]!), y: pick(meanVel[i]!), color: '#000000' },
      { kind: 'line', label: 'exact discrete mean', x: discMean.map((q) => q.theta[i] as number), y: discMean.map((q) => (q.v[i] as number) / eta), color: '#D55E00' },
      { kind: 'line', label: 'Kunin eq. (7), t = ηk', x: contMean.map((q) => q.theta[i] as number), y: contMean.map((q) => q.velocity[i] as number), color: '#E69F00', dash: true },
    ];
    svgs.push(linePlot(series, {
      title: `Mode ${i + 1}: κ = ${m.curvature.toPrecision(3)}, ζ = ${m.dampingRatio.toFixed(m.regime === 'critical' ? 3 : 2)} (${m.regime})`,
      xLabel: `θ${i + 1} − θ̄${i + 1}`, yLabel: `velocity dθ${i + 1}/dt = v${i + 1}/η`, width: 460, height: 400, legend: i === 0 ? 'top-right' : 'none',
    }));
  });
  return { rows, svgs };
}

/** Report section 5b: phase portraits in the three damping regimes. */
export function phasePortraitSection(o: { quick?: boolean; onProgress?: (line: string) => void }): ReportSection {
  const p = o.quick ? { ...PHASE_PORTRAIT_PARAMETERS, nReplicas: 500 } : PHASE_PORTRAIT_PARAMETERS;
  const t0 = performance.now();
  const r = runPhasePortraits(p, o.onProgress);
  const g = (v: number) => v.toPrecision(4);
  return {
    title: '5b. Phase portraits of SGD with momentum: overdamped, critical and underdamped modes',
    intro: [
      `SGD with momentum (η = ${p.learningRate}, β = ${p.momentum}) on the quadratic <code>½θᵀHθ</code>, H = diag(${p.curvatures.map((c) => c.toPrecision(3)).join(', ')}), with Gaussian gradient noise N(0, Σ/B), Σ = ${p.noiseScale}·H, B = ${p.batchSize} ` +
      `(the SGD engine’s <code>sgd.gaussianQuadratic</code>; ${p.nReplicas} replicas from θ₀ = (${p.theta0.join(', ')}), v₀ = 0, ${p.steps} steps). Each panel is one eigen-direction in phase space (θᵢ, velocity vᵢ/η). ` +
      'In the continuous model every mode is the damped oscillator <code>ä + 2γȧ + ωᵢ²a = 0</code>, γ = (1−β)/(η(1+β)), ωᵢ = √(2κᵢ/(η(1+β))) (Kunin App. F.2); the curvatures are chosen so the damping ratios ζ = γ/ω are > 1, = 1 and < 1.',
      'Expected: the replica mean follows the exact discrete mean <code>Mᵏz₀</code>; Kunin’s eq. (7) at t = ηk is close (O(ηκ) apart: visible on the stiff underdamped mode); the final cloud fills the 2σ ellipse of the exact discrete covariance (<code>SgdMomentum.discreteCovarianceAt</code>, Stein), which differs from the continuous Lyapunov ellipse at O(ηκ) — the discrete recursion even correlates θ and velocity (<code>Cov(θ, v) = V/2</code>), the continuous model does not.',
    ],
    figures: r.svgs,
    table: {
      head: ['mode', 'κ', 'ζ', 'regime', 'entry', 'simulated', 'SE', 'exact discrete', 'z', 'continuous'],
      rows: r.rows.flatMap((row) => row.entries.map(([name, sim, se, ex, cont]) => [row.mode + 1, g(row.curvature), row.dampingRatio.toFixed(3), row.regime, name, g(sim), se.toExponential(1), g(ex), ((sim - ex) / se).toFixed(2), g(cont)])),
    },
    parameters: p,
    seconds: (performance.now() - t0) / 1e3,
  };
}
