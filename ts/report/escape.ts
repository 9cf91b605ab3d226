/**
 * Flagship 1 (first part): escape from one well of the double well `U = (x² − 1)²`.
 * For three temperatures, the mean first-passage time from the left minimum (−1) to the
 * right one (+1) is measured by an Euler–Maruyama ensemble and compared with the exact
 * quadrature `mfpt1d`, with the 1-D Fokker–Planck backward equation on a grid
 * (`FokkerPlanck1D.meanFirstPassageTime`) and with Kramers' formula `τ = 2π/√(U''(−1)|U''(0)|) e^{ΔU/T}` =
 * `(2π/√32) e^{1/T}` (MFPT to the *other well*; errata.md corrects the seed's prefactor).
 */
import { firstPassagePooled } from '../pool/stream.js';
import { kramersTime1D } from '../analysis/kramers.js';
import { mfpt1d } from '../analysis/mfpt1d.js';
import { landscapes, type Landscape } from '../landscape.js';
import { FokkerPlanck1D } from '../fokkerPlanck1d.js';
import { histogramPlot, linePlot } from '../plot/index.js';

export interface EscapeParameters {
  temperatures: number[];
  nTrajectories: number;
  dt: number;
  seed: number;
  maxSteps: number;
}

export const DEFAULT_ESCAPE: EscapeParameters = {
  temperatures: [1 / 3, 1 / 4, 1 / 5],
  nTrajectories: 2000,
  dt: 1e-3,
  seed: 20261123,
  maxSteps: 5_000_000,
};

export interface EscapeRow {
  temperature: number;
  simulated: number;
  standardError: number;
  exact: number;
  /** The backward equation on a grid (spacing `FP_SPACING`), read at x = −1. */
  fokkerPlanck: number;
  kramers: number;
  zScore: number;
  kramersRelativeError: number;
  seconds: number;
}

export interface EscapeResult {
  parameters: EscapeParameters;
  rows: EscapeRow[];
  arrheniusSvg: string;
  exitTimesSvg: string;
}

const U = (x: number) => (x * x - 1) ** 2;
const FP_SPACING = 0.005;

/** MFPT from −1 to [1, ∞) by the 1-D backward equation; cell centres at −2.5 + k·h, so −1 is one. */
function fokkerPlanckTime(landscape: Landscape, T: number): number {
  const h = FP_SPACING, cells = Math.round(5 / h) + 1;
  using fp = FokkerPlanck1D.fromLandscape({ landscape, temperature: T, domain: [-2.5 - h / 2, 2.5 + h / 2], cells });
  return fp.meanFirstPassageTime([1 - h / 4, 3])[Math.round(1.5 / h)]!;
}

/** Runs the experiment on a 2-worker pool (bit-identical to one thread); `onProgress` receives a line of text now and then. */
export async function runEscape(p: EscapeParameters = DEFAULT_ESCAPE, onProgress: (line: string) => void = () => {}): Promise<EscapeResult> {
  const landscape = landscapes.doubleWell();
  const rows: EscapeRow[] = [];
  let lastTimes: Float64Array = new Float64Array();
  try {
    for (const T of p.temperatures) {
      const t0 = performance.now();
      const run = await firstPassagePooled({
        landscape, temperature: T, dt: p.dt, x0: -1, nTrajectories: p.nTrajectories, seed: p.seed,
        maxSteps: p.maxSteps, target: { halfSpace: { normal: [1], offset: 1 } }, workers: 2,
        onProgress: ({ stepsDone, trajectoriesDone }) =>
          onProgress(`escape T=${T.toFixed(3)}: ${trajectoriesDone}/${p.nTrajectories} arrived after ${stepsDone} steps`),
      });
      if (run.meanTime === null || run.standardError === null) {
        throw new Error(`escape at T=${T}: ${run.nCensored} trajectories censored at t=${run.censorTime}; raise maxSteps`);
      }
      const exact = mfpt1d(U, T, -1, 1).time;
      const kramers = kramersTime1D({ landscape, minimum: -1, saddle: 0, temperature: T }).time;
      rows.push({
        temperature: T, simulated: run.meanTime, standardError: run.standardError, exact, fokkerPlanck: fokkerPlanckTime(landscape, T), kramers,
        zScore: (run.meanTime - exact) / run.standardError,
        kramersRelativeError: kramers / exact - 1,
        seconds: (performance.now() - t0) / 1e3,
      });
      lastTimes = run.hitTimes;
    }
  } finally {
    landscape.dispose();
  }
  return { parameters: p, rows, arrheniusSvg: arrheniusPlot(rows), exitTimesSvg: exitTimePlot(lastTimes, rows.at(-1)!) };
}

function arrheniusPlot(rows: EscapeRow[]): string {
  const inv = rows.map((r) => 1 / r.temperature);
  const lo = Math.min(...inv) * 0.9, hi = Math.max(...inv) * 1.05;
  const grid = Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40);
  return linePlot(
    [
      { kind: 'line', label: 'exact (quadrature)', x: grid, y: grid.map((b) => mfpt1d(U, 1 / b, -1, 1).time) },
      { kind: 'line', label: 'Kramers (2π/√32)·exp(1/T)', x: grid, y: grid.map((b) => (2 * Math.PI / Math.sqrt(32)) * Math.exp(b)), dash: true },
      { kind: 'scatter', label: 'Euler–Maruyama ensemble (±2 SE)', x: inv, y: rows.map((r) => r.simulated), yErr: rows.map((r) => 2 * r.standardError) },
    ],
    { title: 'Arrhenius plot: escape over the barrier of (x²−1)²', xLabel: '1/T (inverse temperature)', yLabel: 'mean first-passage time −1 → +1 (time units)', yScale: 'log', legend: 'top-left' },
  );
}

function exitTimePlot(times: Float64Array, row: EscapeRow): string {
  const max = row.exact * 5;
  const bins = 40;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (max * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const t of times) if (t < max) counts[Math.floor((t / max) * bins)]! += 1;
  // The histogram is normalised over the plotted range; the exponential law restricted to it.
  const norm = 1 - Math.exp(-max / row.exact);
  const xs = Array.from({ length: 101 }, (_, i) => (max * i) / 100);
  return histogramPlot({ edges, counts }, [
    { kind: 'line', label: `exponential law, mean τ = ${row.exact.toFixed(1)} (quadrature)`, x: xs, y: xs.map((t) => Math.exp(-t / row.exact) / row.exact / norm) },
  ], { title: `Exit times at T = ${row.temperature.toFixed(3)} are exponential`, xLabel: 'first-passage time (time units)', yLabel: 'density (1/time)' });
}
