// Report flagship 3b: anisotropic noise breaks detailed balance. OU dX = −HX dt + √(2D) dW with
// non-normal H and full D (HD ≠ DH): the 2-D Fokker–Planck stationary density (FokkerPlanck2D,
// BiCGSTAB + ILU) has the covariance C of the Lyapunov equation HC + CHᵀ = 2D (linalg.lyapunov) and
// carries a rotating probability current (quiver).
// Run: npm run build && node examples/report-anisotropic.mjs
import { init, FokkerPlanck2D, linalg, heatmapPlot } from '../dist/node.js';
import { pick, writeSvg } from './support.mjs';

await init();
const H = [[1, 0.8], [-0.3, 1.5]], D = [[0.5, 0.2], [0.2, 0.3]], cells = pick(128, 64);
const fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => [-(H[0][0] * x + H[0][1] * y), -(H[1][0] * x + H[1][1] * y)], diffusion: D, domain: [[-3, 3], [-2.5, 2.5]], cells });
const p = fp.stationary();
fp.setDensity(p.map((v) => Math.max(0, v)), { normalize: false });   // the 9-point mixed stencil leaves rounding-level negatives
const J = fp.currentAtCentres();
const { x, y } = fp.grid();
const [hx, hy] = fp.cellWidth;
let m = 0, sxx = 0, sxy = 0, syy = 0;
for (let j = 0; j < y.length; j++) for (let i = 0; i < x.length; i++) {
  const w = p[j * x.length + i] * hx * hy;
  m += w; sxx += w * x[i] ** 2; sxy += w * x[i] * y[j]; syy += w * y[j] ** 2;
}
const C = linalg.lyapunov(H, D);                                       // H C + C Hᵀ = 2D
const grid = [sxx / m, sxy / m, syy / m], exact = [C[0], C[1], C[3]];
console.table(['C₁₁', 'C₁₂', 'C₂₂'].map((entry, k) => ({ entry, 'Fokker–Planck grid': grid[k].toFixed(5), Lyapunov: exact[k].toFixed(5), 'rel. error': Math.abs(grid[k] / exact[k] - 1).toExponential(1) })));
console.log(`max |J| = ${Math.max(...J.x.map((u, k) => Math.hypot(u, J.y[k]))).toExponential(2)} (non-zero: no detailed balance); ${fp.stationaryIterations} BiCGSTAB iterations`);
writeSvg('report-anisotropic.svg', heatmapPlot({ x, y, values: p }, { title: 'Stationary density and probability current (anisotropic OU)', xLabel: 'x₁', yLabel: 'x₂', colorLabel: 'p(x₁, x₂)', quiver: { u: J.x, v: J.y, every: cells / 16 } }));
fp.dispose();
