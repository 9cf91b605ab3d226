/**
 * Flagship 1 (second part): escape on the 2-D double well `U = (x² − 1)² + y²` from the minimum
 * (−1, 0) to the other one, i.e. until x ≥ 1, by four independent methods:
 * - simulation: an Euler–Maruyama first-passage ensemble on the worker pool
 *   (`firstPassagePooled`, Brownian-bridge crossing correction for the half-plane target);
 * - Fokker–Planck: the backward equation `L†τ = −1`, τ = 0 on {x ≥ 1}, on a 2-D finite-volume
 *   grid (`FokkerPlanck2D.meanFirstPassageTime`), read at the start cell;
 * - quadrature: U is separable and the target depends on x only, so the exact MFPT is the 1-D
 *   one of the x-marginal, `mfpt1d((x² − 1)², T, −1, 1)`;
 * - Eyring–Kramers: `(2π/|λ₋(s)|) √(|det H(s)|/det H(a)) e^{ΔU/T}` (errata.md on seed 000 B.3),
 *   the time to the other well; here `(2π/√32) e^{1/T}`.
 */
import { firstPassagePooled } from '../pool/stream.js';
import { mfpt1d } from '../analysis/mfpt1d.js';
import { eyringKramers } from '../escape/landscapeTools.js';
import { FokkerPlanck2D } from '../fokkerPlanck2d.js';
import { landscapes } from '../landscape.js';
import { linePlot } from '../plot/index.js';
import type { ReportSection } from './html.js';
import { DEFAULT_ESCAPE, type EscapeParameters } from './escape.js';

/** Section 1's parameters (same temperatures) and the Fokker–Planck grid. */
export interface Escape2DParameters extends EscapeParameters {
  /** Fokker–Planck grid spacing h (cell centres fall on x = −1 and y = 0). */
  gridSpacing: number;
}

export const ESCAPE_2D_PARAMETERS: Escape2DParameters = { ...DEFAULT_ESCAPE, nTrajectories: 1000, dt: 2e-3, seed: 20261124, gridSpacing: 0.025 };

interface Row {
  temperature: number;
  simulated: number;
  standardError: number;
  fokkerPlanck: number;
  quadrature: number;
  eyringKramers: number;
}

const quartic = (x: number) => (x * x - 1) ** 2;

/** MFPT from (−1, 0) to {x ≥ 1} by the 2-D backward equation on a grid of spacing h over [−2.25, 2.25] × [−1.6, 1.6] (widened by h/2). */
function fokkerPlanckTime(landscape: ReturnType<typeof landscapes.fromExpression>, T: number, h: number): number {
  // Cell centres at −2.25 + k·h in x and −1.6 + k·h in y: (−1, 0) is a centre.
  const nx = Math.round(4.5 / h) + 1, ny = Math.round(3.2 / h) + 1;
  using fp = FokkerPlanck2D.fromLandscape({
    landscape, temperature: T, domain: [[-2.25 - h / 2, 2.25 + h / 2], [-1.6 - h / 2, 1.6 + h / 2]], cells: [nx, ny],
  });
  const times = fp.meanFirstPassageTime((x) => x >= 1 - h / 4);
  const i = Math.round(1.25 / h), j = Math.round(1.6 / h);
  return times[j * nx + i]!;
}

/** Report section 1b. */
export async function escape2dSection(o: { quick?: boolean; onProgress?: (line: string) => void }): Promise<ReportSection> {
  const p = o.quick ? { ...ESCAPE_2D_PARAMETERS, nTrajectories: 200 } : ESCAPE_2D_PARAMETERS;
  const t0 = performance.now();
  using U = landscapes.fromExpression('(x^2-1)^2 + y^2', { variables: ['x', 'y'] });
  const rows: Row[] = [];
  for (const T of p.temperatures) {
    o.onProgress?.(`2-D escape at T = ${T.toFixed(3)}`);
    const run = await firstPassagePooled({
      landscape: U, temperature: T, dt: p.dt, x0: [-1, 0], nTrajectories: p.nTrajectories, seed: p.seed, maxSteps: p.maxSteps,
      target: { halfSpace: { normal: [1, 0], offset: 1 } }, bridgeCorrection: true, workers: 2,
    });
    if (run.meanTime === null || run.standardError === null) {
      throw new Error(`2-D escape at T=${T}: ${run.nCensored} trajectories censored at t=${run.censorTime}; raise maxSteps`);
    }
    rows.push({
      temperature: T, simulated: run.meanTime, standardError: run.standardError,
      fokkerPlanck: fokkerPlanckTime(U, T, p.gridSpacing),
      quadrature: mfpt1d(quartic, T, -1, 1).time,
      eyringKramers: eyringKramers({ landscape: U, minimum: [-1, 0], saddle: [0, 0], temperature: T }).time,
    });
  }
  const inv = rows.map((r) => 1 / r.temperature);
  const lo = Math.min(...inv) * 0.9, hi = Math.max(...inv) * 1.05;
  const grid = Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40);
  const svg = linePlot([
    { kind: 'line', label: 'exact (quadrature of the x-marginal)', x: grid, y: grid.map((b) => mfpt1d(quartic, 1 / b, -1, 1).time) },
    { kind: 'line', label: 'Eyring–Kramers (2π/√32)·exp(1/T)', x: grid, y: grid.map((b) => (2 * Math.PI / Math.sqrt(32)) * Math.exp(b)), dash: true },
    { kind: 'scatter', label: `2-D Fokker–Planck backward equation (h = ${p.gridSpacing})`, x: inv, y: rows.map((r) => r.fokkerPlanck) },
    { kind: 'scatter', label: 'Euler–Maruyama ensemble (± 2 SE)', x: inv, y: rows.map((r) => r.simulated), yErr: rows.map((r) => 2 * r.standardError) },
  ], { title: 'Arrhenius plot: escape on the 2-D double well (x²−1)² + y²', xLabel: '1/T (inverse temperature)', yLabel: 'mean first-passage time (−1, 0) → {x ≥ 1}', yScale: 'log', legend: 'top-left' });
  const f = (v: number, d = 2) => v.toFixed(d);
  const pct = (a: number, b: number) => `${f(100 * (a / b - 1), 2)} %`;
  return {
    title: '1b. Kramers escape on the 2-D double well (x² − 1)² + y²: simulation, Fokker–Planck, quadrature, Eyring–Kramers',
    intro: [
      `Overdamped Langevin <code>dX = −∇U dt + √(2T) dW</code> on <code>U = (x² − 1)² + y²</code> from the minimum (−1, 0) until x ≥ 1 (the other minimum), by four independent methods: ` +
      `an Euler–Maruyama ensemble of ${p.nTrajectories} trajectories on the worker pool (Δt = ${p.dt}, Brownian-bridge crossing correction for the half-plane target); ` +
      `the backward equation <code>L†τ = −1</code>, τ = 0 on {x ≥ 1}, on a ${Math.round(4.5 / p.gridSpacing) + 1} × ${Math.round(3.2 / p.gridSpacing) + 1} finite-volume grid (<code>FokkerPlanck2D.meanFirstPassageTime</code>, reflecting sides); ` +
      'the exact value, a 1-D quadrature because U is separable and the target depends on x only; and Eyring–Kramers <code>(2π/|λ₋(s)|)√(|det H(s)|/det H(a)) e<sup>ΔU/T</sup></code> with the Hessians at the minimum and at the saddle (0, 0).',
      'Expected: the ensemble agrees with the quadrature within its standard error; the grid solution agrees to its O(h²) discretisation error (a fraction of a per cent); Eyring–Kramers is asymptotic and underestimates by the same 10–16 % as in 1-D (the y-direction is harmonic, so it adds no error).',
    ],
    figures: [svg],
    table: {
      head: ['T', 'ΔU/T', 'simulated τ ± SE', 'z vs quadrature', '2-D Fokker–Planck τ', 'FP vs quadrature', 'exact τ (quadrature)', 'Eyring–Kramers τ', 'EK vs quadrature'],
      rows: rows.map((r) => [f(r.temperature, 4), f(1 / r.temperature, 1), `${f(r.simulated)} ± ${f(r.standardError)}`, f((r.simulated - r.quadrature) / r.standardError),
        f(r.fokkerPlanck), pct(r.fokkerPlanck, r.quadrature), f(r.quadrature), f(r.eyringKramers), pct(r.eyringKramers, r.quadrature)]),
    },
    parameters: { landscape: '(x^2-1)^2 + y^2', x0: [-1, 0], target: 'x ≥ 1', integrator: 'euler-maruyama', bridgeCorrection: true, ...p },
    seconds: (performance.now() - t0) / 1e3,
  };
}
