/**
 * Flagship 6: integrator convergence orders on a shared Brownian path (errata: with additive
 * noise EM has strong order 1; 0.5 shows only with multiplicative noise).
 * - GBM `dX = −X dt + 0.5 X dW` (exact solution from W_T): EM (0.5), Milstein (1).
 * - Additive noise on `(x² − 1)²` with D = ½ (reference: the same scheme on the finest path): EM (1), SRA1 (1.5).
 */
import { strongConvergence, type ConvergenceResult } from '../analysis/convergence.js';
import { landscapes } from '../landscape.js';
import { linePlot, type Series } from '../plot/index.js';
import type { Integrator } from '../ensemble.js';

export interface ConvergenceRow {
  problem: string;
  integrator: Integrator;
  theory: number;
  result: ConvergenceResult;
}

export const CONVERGENCE_PARAMETERS = { nTrajectories: 2000, seed: 5, time: 1, gbm: { h: 1, scale: 0.5, x0: 1, fineLevel: 12 }, additive: { diffusion: 0.5, x0: -1, fineLevel: 12, sra1FineLevel: 14 } };

export function runConvergence(p = CONVERGENCE_PARAMETERS): { rows: ConvergenceRow[]; svg: string } {
  const rows: ConvergenceRow[] = [];
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
  return { rows, svg };
}
