/** `sgdyn report`: runs the flagship experiments and writes a self-contained HTML report. */
import { VERSION } from '../version.js';
import { runEscape, DEFAULT_ESCAPE, type EscapeParameters } from './escape.js';
import { renderReport, type ReportSection } from './html.js';
import { CONVERGENCE_PARAMETERS, runConvergence } from './convergence.js';
import { TWO_VIEWS_PARAMETERS, runTwoViews } from './twoViews.js';
import { anisotropicSection } from './anisotropic.js';
import { sgdSurrogateSection } from './sgdSurrogate.js';
import { modifiedLossSection } from './modifiedLoss.js';
import { phasePortraitSection } from './phasePortraits.js';
import { diffusionSection, meanTrajectorySection, sweepSection } from './linearRegressionMomentum.js';
import { basinSelectionSection } from './basinSelection.js';
import { escape2dSection } from './escape2d.js';

export interface ReportOptions {
  /** Smaller ensembles for a quick look (the numbers are noisier). */
  quick?: boolean;
  machine: string;
  onProgress?: (line: string) => void;
}

async function escapeSection(o: ReportOptions): Promise<ReportSection> {
  const params: EscapeParameters = o.quick ? { ...DEFAULT_ESCAPE, nTrajectories: 400 } : DEFAULT_ESCAPE;
  const t0 = performance.now();
  const r = await runEscape(params, o.onProgress);
  const f = (v: number, d = 2) => v.toFixed(d);
  return {
    title: '1. Kramers escape on the 1-D double well (x² − 1)²: simulation, quadrature, Fokker–Planck, Kramers',
    intro: [
      'Overdamped Langevin dynamics <code>dx = −U′(x) dt + √(2T) dW</code> starts at the left minimum x = −1; each trajectory stops when it first reaches the right minimum x = +1. ' +
      'The ensemble mean of those first-passage times (Euler–Maruyama, Δt = ' + params.dt + ', ' + params.nTrajectories + ' trajectories per temperature) is compared with the exact mean first-passage time ' +
      '<code>τ = (1/T)∫<sub>−1</sub><sup>1</sup> e<sup>U(y)/T</sup> ∫<sub>−∞</sub><sup>y</sup> e<sup>−U(z)/T</sup> dz dy</code> (quadrature) and with Kramers’ asymptotic formula ' +
      '<code>τ ≈ 2π/√(U″(−1)|U″(0)|) · e<sup>ΔU/T</sup> = (2π/√32) e<sup>1/T</sup></code>, which is the time to the <em>other well</em> (half of it is the time to the barrier top).',
      'The Fokker–Planck column solves the backward equation <code>T τ″ − U′τ′ = −1</code>, τ = 0 on [1, ∞), on a finite-volume grid of spacing 0.005 (<code>FokkerPlanck1D.meanFirstPassageTime</code>), an independent discretisation of the same quantity.',
      'Expected: the simulation agrees with the quadrature within its standard error (|z| ≲ 2), and the grid solution to its O(h²) discretisation error; Kramers underestimates at these moderate barriers (by about 16 %, 12 %, 10 % at ΔU/T = 3, 4, 5) and its relative error shrinks roughly in proportion to T. The exit-time histogram at the lowest temperature follows the exponential law of a Poissonian escape.',
    ],
    figures: [r.arrheniusSvg, r.exitTimesSvg],
    table: {
      head: ['T', 'ΔU/T', 'simulated τ ± SE', 'exact τ (quadrature)', 'z = (sim − exact)/SE', 'Fokker–Planck τ (grid)', 'FP rel. error', 'Kramers τ', 'Kramers rel. error', 'run time (s)'],
      rows: r.rows.map((row) => [f(row.temperature, 4), f(1 / row.temperature, 1), `${f(row.simulated)} ± ${f(row.standardError)}`, f(row.exact), f(row.zScore),
        f(row.fokkerPlanck), `${(100 * (row.fokkerPlanck / row.exact - 1)).toExponential(1)} %`, f(row.kramers), `${f(100 * row.kramersRelativeError, 1)} %`, f(row.seconds, 1)]),
    },
    parameters: { landscape: '(x² − 1)² (landscapes.doubleWell())', x0: -1, target: 'x ≥ 1', integrator: 'euler-maruyama', ...params },
    seconds: (performance.now() - t0) / 1e3,
  };
}

function twoViewsSection(o: ReportOptions): ReportSection {
  const params = o.quick ? { ...TWO_VIEWS_PARAMETERS, nTrajectories: 10_000 } : TWO_VIEWS_PARAMETERS;
  const t0 = performance.now();
  o.onProgress?.('two views: ensemble vs Fokker–Planck');
  const r = runTwoViews(params);
  const f = (v: number, d = 4) => v.toFixed(d);
  return {
    title: '3. Two views of the same dynamics: ensemble vs Fokker–Planck',
    intro: [
      `Overdamped Langevin on the tilted double well <code>U = (x² − 1)² + ${params.tilt}x</code> at T = ${params.temperature}, from the initial law N(${params.start.mean}, ${params.start.sd}²): ` +
      `an Euler–Maruyama ensemble of ${params.nTrajectories} trajectories (Δt = ${params.dt}, histograms) and the Fokker–Planck equation <code>∂ₜp = ∂ₓ(U′p) + T∂ₓ²p</code> ` +
      `(Scharfetter–Gummel finite volumes, ${params.cells} cells, TR-BDF2) at t = ${params.times.join(', ')}; the dashed line is the Gibbs density it relaxes to.`,
      'Expected: the total variation distance between histogram and density stays at the sampling level √(bins/(2πn)); the mass that has crossed to x > 0 agrees between the two views.',
    ],
    figures: [r.svg],
    table: {
      head: ['t', 'TV(histogram, Fokker–Planck)', 'sampling level', 'mass at x > 0: ensemble', 'mass at x > 0: Fokker–Planck'],
      rows: r.rows.map((row) => [row.time, f(row.totalVariation), f(row.samplingLevel), f(row.massRight.ensemble), f(row.massRight.fokkerPlanck)]),
    },
    parameters: params,
    seconds: (performance.now() - t0) / 1e3,
  };
}

function convergenceSection(o: ReportOptions): ReportSection {
  const params = o.quick ? { ...CONVERGENCE_PARAMETERS, nTrajectories: 400, weak: { ...CONVERGENCE_PARAMETERS.weak, nTrajectories: 1000 } } : CONVERGENCE_PARAMETERS;
  const t0 = performance.now();
  o.onProgress?.('integrator convergence orders');
  const r = runConvergence(params);
  return {
    title: '6. Integrator convergence orders (strong and weak) on a shared Brownian path',
    intro: [
      'Each scheme runs the same trajectories at Δt = T/2<sup>ℓ</sup>; every level builds its increments from the same fine normals (<code>brownianRefinement</code>), so the strong error <code>E|X<sub>Δt</sub>(T) − X<sub>ref</sub>(T)|</code> measures the scheme, not sampling noise. ' +
      'For geometric Brownian motion <code>dX = −X dt + 0.5 X dW</code> the reference is the exact solution <code>X₀ exp((−1 − 0.125)T + 0.5 W<sub>T</sub>)</code>; for additive noise on the double well it is the same scheme on the finest path.',
      'Expected (errata to the seed): Euler–Maruyama has strong order ½ with multiplicative noise but 1 with additive noise; Milstein has order 1; SRA1 has order 1.5 for additive noise. Fits use the asymptotic range of step sizes.',
      'The weak error <code>|E f(X<sub>Δt</sub>(T)) − E f(X<sub>ref</sub>(T))|</code> is estimated from the paired differences f(X<sub>Δt</sub>) − f(X<sub>ref</sub>) on the same paths (' + params.weak.nTrajectories + ' trajectories; common random numbers make its standard error of the order of the strong error over √n): E X<sub>T</sub>² of the GBM against its exact solution, and E X<sub>T</sub> on the double well against the same scheme at Δt = 2<sup>−' + params.weak.fineLevel + '</sup>. ' +
      'Expected: weak order 1 for Euler–Maruyama and Milstein, 2 for SRA1 with additive noise (Rößler 2010) — weak orders are at least the strong ones, and Euler–Maruyama’s weak order does not depend on the noise.',
    ],
    figures: [r.svg, r.weakSvg],
    table: {
      head: ['problem', 'integrator', 'error', 'theoretical order', 'fitted order', 'Δt range', 'error range (± SE)'],
      rows: [
        ...r.rows.map((row) => [row.problem, row.integrator, 'strong', row.theory, row.result.order.toFixed(2),
          `${row.result.dt.at(-1)!.toExponential(1)} – ${row.result.dt[0]!.toExponential(1)}`,
          `${row.result.errors.at(-1)!.toExponential(1)} – ${row.result.errors[0]!.toExponential(1)}`]),
        ...r.weakRows.map((row) => [row.problem, row.integrator, `weak, E ${row.observable}`, row.theory, row.result.order.toFixed(2),
          `${row.result.dt.at(-1)!.toExponential(1)} – ${row.result.dt[0]!.toExponential(1)}`,
          `${row.result.errors.at(-1)!.toExponential(1)} ± ${row.result.standardErrors.at(-1)!.toExponential(1)} – ${row.result.errors[0]!.toExponential(1)} ± ${row.result.standardErrors[0]!.toExponential(1)}`]),
      ],
    },
    parameters: params,
    seconds: (performance.now() - t0) / 1e3,
  };
}

/** Runs every flagship experiment (in report order) and returns the report's HTML. */
export async function buildReport(o: ReportOptions): Promise<string> {
  const sections = [await escapeSection(o), await escape2dSection(o), sgdSurrogateSection(o), twoViewsSection(o), anisotropicSection(o), await basinSelectionSection(o),
    modifiedLossSection(o), phasePortraitSection(o), meanTrajectorySection(o), diffusionSection(o), sweepSection(o), convergenceSection(o)];
  return renderReport({ title: 'sgdyn — flagship experiments', version: VERSION, machine: o.machine, generated: new Date().toISOString(), sections });
}
