/**
 * Flagship 6: integrator convergence orders on a shared Brownian path (errata: with additive
 * noise EM has strong order 1; 0.5 shows only with multiplicative noise).
 * - Strong: GBM `dX = −X dt + 0.5 X dW` (exact solution from W_T): EM (0.5), Milstein (1);
 *   additive noise on `(x² − 1)²` with D = ½ (reference: the same scheme on the finest path):
 *   EM (1), SRA1 (1.5).
 * - Weak (paired differences on the same paths, `weakConvergence`): E X_T² of the GBM against its
 *   exact solution, EM and Milstein (1); E X_T on the double well against the finest level, EM (1)
 *   and SRA1 (2: Rößler, SIAM J. Numer. Anal. 48 (2010), the SRA1 tableau satisfies the order-2
 *   weak conditions for additive noise).
 */
import { strongConvergence, weakConvergence, type ConvergenceResult, type WeakConvergenceResult } from '../analysis/convergence.js';
import { landscapes } from '../landscape.js';
import { linePlot, type Series } from '../plot/index.js';
import type { Integrator } from '../ensemble.js';

export interface ConvergenceRow {
  problem: string;
  integrator: Integrator;
  theory: number;
  result: ConvergenceResult;
}

export interface WeakConvergenceRow {
  problem: string;
  observable: string;
  integrator: Integrator;
  theory: number;
  result: WeakConvergenceResult;
}

export const CONVERGENCE_PARAMETERS = {
  nTrajectories: 2000, seed: 5, time: 1, gbm: { h: 1, scale: 0.5, x0: 1, fineLevel: 12 }, additive: { diffusion: 0.5, x0: -1, fineLevel: 12, sra1FineLevel: 14 },
  weak: { nTrajectories: 4000, fineLevel: 13 },
};

export function runConvergence(p = CONVERGENCE_PARAMETERS): { rows: ConvergenceRow[]; weakRows: WeakConvergenceRow[]; svg: string; weakSvg: string } {
  const rows: ConvergenceRow[] = [];
  const weakRows: WeakConvergenceRow[] = [];
  const gbm = landscapes.quadratic({ hessian: [[p.gbm.h]] });
  const well = landscapes.doubleWell();
  try {
    const exact = (W: Float64Array) => W.map((w) => p.gbm.x0 * Math.exp((-p.gbm.h - p.gbm.scale ** 2 / 2) * p.time + p.gbm.scale * w));
    const common = { nTrajectories: p.nTrajectories, seed: p.seed, time: p.time };
    for (const [integrator, theory, levels] of [['euler-maruyama', 0.5, [6, 7, 8, 9, 10]], ['milstein', 1, [4, 5, 6, 7, 8]]] as const) {
      rows.push({ problem: 'GBM (multiplicative)', integrator, theory, result: strongConvergence({ ...common, landscape: gbm, integrator, noise: { kind: 'linear', scale: p.gbm.scale }, x0: p.gbm.x0, levels: [...levels], fineLevel: p.gbm.fineLevel, exact }) });
    }
    for (const [integrator, theory, levels, fine] of [['euler-maruyama', 1, [5, 6, 7, 8], p.additive.fineLevel], ['sra1', 1.5, [6, 7, 8, 9], p.additive.sra1FineLevel]] as const) {
      rows.push({ problem: 'double well (additive)', integrator, theory, result: strongConvergence({ ...common, landscape: well, integrator, noise: { kind: 'correlated', diffusion: [[p.additive.diffusion]] }, x0: p.additive.x0, levels: [...levels], fineLevel: fine }) });
    }
    // Weak: levels chosen in the asymptotic range (EM on the quartic is pre-asymptotic above Δt = 2⁻⁶, SRA1 above 2⁻⁵).
    const weakCommon = { nTrajectories: p.weak.nTrajectories, seed: p.seed, time: p.time };
    for (const integrator of ['euler-maruyama', 'milstein'] as const) {
      weakRows.push({ problem: 'GBM (multiplicative)', observable: 'X_T²', integrator, theory: 1, result: weakConvergence({
        ...weakCommon, landscape: gbm, integrator, noise: { kind: 'linear', scale: p.gbm.scale }, x0: p.gbm.x0, levels: [3, 4, 5, 6, 7], fineLevel: p.gbm.fineLevel, exact, observable: (x) => (x[0] as number) ** 2,
      }) });
    }
    for (const [integrator, theory, levels] of [['euler-maruyama', 1, [6, 7, 8, 9]], ['sra1', 2, [5, 6, 7]]] as const) {
      weakRows.push({ problem: 'double well (additive)', observable: 'X_T', integrator, theory, result: weakConvergence({
        ...weakCommon, landscape: well, integrator, noise: { kind: 'correlated', diffusion: [[p.additive.diffusion]] }, x0: p.additive.x0, levels: [...levels], fineLevel: p.weak.fineLevel,
      }) });
    }
  } finally {
    gbm.dispose();
    well.dispose();
  }
  const colors = ['#0072B2', '#009E73', '#E69F00', '#CC79A7'];
  const series: Series[] = rows.flatMap((r, i) => {
    const label = `${r.integrator}, ${r.problem}`;
    const [dt0, e0] = [r.result.dt[0] as number, r.result.errors[0] as number];
    const color = colors[i % colors.length] as string;
    return [
      { kind: 'scatter' as const, label: `${label}: fitted order ${r.result.order.toFixed(2)} (theory ${r.theory})`, x: r.result.dt, y: r.result.errors, color },
      { kind: 'line' as const, label: '', x: r.result.dt, y: r.result.dt.map((dt) => e0 * (dt / dt0) ** r.theory), dash: true, color },
    ];
  });
  const svg = linePlot(series, { title: 'Strong error vs step size (dashed: the theoretical order)', xLabel: 'Δt (time units)', yLabel: 'E|X_Δt(T) − X_ref(T)|', xScale: 'log', yScale: 'log', legend: 'bottom-right', height: 460 });
  const weakSeries: Series[] = weakRows.flatMap((r, i) => {
    const [dt0, e0] = [r.result.dt[0] as number, r.result.errors[0] as number];
    const color = colors[i % colors.length] as string;
    return [
      { kind: 'scatter' as const, label: `${r.integrator}, ${r.problem}, E ${r.observable}: fitted order ${r.result.order.toFixed(2)} (theory ${r.theory}; ± 2 SE)`, x: r.result.dt, y: r.result.errors, yErr: r.result.standardErrors.map((se) => 2 * se), color },
      { kind: 'line' as const, label: '', x: r.result.dt, y: r.result.dt.map((dt) => e0 * (dt / dt0) ** r.theory), dash: true, color },
    ];
  });
  const weakSvg = linePlot(weakSeries, { title: 'Weak error vs step size (dashed: the theoretical order)', xLabel: 'Δt (time units)', yLabel: '|E f(X_Δt(T)) − E f(X_ref(T))|', xScale: 'log', yScale: 'log', legend: 'bottom-right', height: 460 });
  return { rows, weakRows, svg, weakSvg };
}
