/**
 * `sgdyn stationary CONFIG`: the stationary density of `dx = −∇U dt + √(2D) dW` on a grid by
 * the Fokker–Planck solvers (`FokkerPlanck1D.stationary`: detailed-balance recursion, exactly
 * Gibbs `e^{−U/T}/Z` at the centres; `FokkerPlanck2D.stationary`: BiCGSTAB + ILU(0), with the
 * probability current when the noise is anisotropic), as CSV or JSON, optionally with an SVG.
 */
import { writeFileSync } from 'node:fs';
import { FokkerPlanck1D, FokkerPlanck2D, type Landscape } from '../../index.js';
import { heatmapPlot, linePlot } from '../../plot/index.js';
import { flagHelp, parseArgs, readConfig, type Flag } from '../args.js';
import { ConfigValue } from '../config.js';
import { readLandscape, type LandscapeDescription } from '../landscapeConfig.js';
import { csv, emit, formatOf } from '../output.js';
import { VERSION } from '../../version.js';
import type { Command } from './command.js';

const FLAGS: Flag[] = [
  { name: '--out', takes: 'FILE', help: 'write the density to FILE (default: standard output)' },
  { name: '--format', takes: 'csv|json', help: 'output format (default: from the --out extension, else csv)' },
  { name: '--svg', takes: 'FILE', help: 'also draw the density (2-D: heatmap with contours, and the current if any) to FILE' },
  { name: '--quiet', help: 'accepted for symmetry with the other commands (this command prints no progress)' },
  { name: '--help', help: 'show this help' },
];

const HELP = `usage: sgdyn stationary CONFIG [options]

The stationary density p of dx = −∇U(x) dt + √(2D) dW (D = T, or diag(T₁, T₂), or a 2×2 matrix)
on a 1-D or 2-D grid, from the Fokker–Planck equation ∂ₜp = ∇·(p∇U) + ∇·(D∇p) with
reflecting walls. CONFIG is a JSON file, '-' (stdin) or inline JSON, e.g.

  sgdyn stationary '{"landscape": "doubleWell", "temperature": 0.3, "domain": [-2.5, 2.5], "cells": 500}'
  sgdyn stationary '{"landscape": {"name": "doubleWell", "options": {"dim": 2}}, "temperature": [0.2, 0.6],
                    "domain": [[-2, 2], [-2, 2]], "cells": 128}' --svg p.svg

config keys (required: landscape, temperature or diffusion, domain, cells):
  landscape    as for 'sgdyn simulate'; dimension 1 or 2
  temperature  T > 0 (2-D: also [T₁, T₂], anisotropic: the density is then not Gibbs and carries a current)
  diffusion    2-D only: a symmetric positive-definite [[D₁₁, D₁₂], [D₁₂, D₂₂]] instead of temperature
  domain       [a, b] (1-D) or [[a₁, b₁], [a₂, b₂]] (2-D)
  cells        cells per direction (≥ 3; 2-D: a number or [n₁, n₂])

output: CSV columns x,density (1-D) or x,y,density[,current_x,current_y] (2-D, x fastest);
JSON { sgdyn, config, x, [y,] density, [current] } with the density row-major (x fastest).
The density integrates to 1 over the domain (cell sums × cell size).

options:
${flagHelp(FLAGS)}`;

interface Stationary {
  config: { landscape: LandscapeDescription } & Record<string, unknown>;
  x: Float64Array;
  y?: Float64Array;
  density: Float64Array;
  current?: { x: Float64Array; y: Float64Array };
}

function interval(v: ConfigValue): [number, number] {
  const [a, b] = v.numbers(2) as [number, number];
  if (!(a < b)) throw v.error('it must be [a, b] with a < b');
  return [a, b];
}

function solve1d(U: Landscape, o: ReturnType<ConfigValue['object']>, description: LandscapeDescription): Stationary {
  const temperature = o.required('temperature', 'T > 0').number({ above: 0 });
  if (o.has('diffusion')) throw o.get('diffusion').error('it is for 2-D landscapes; give temperature in 1-D');
  const domain = interval(o.required('domain', '[a, b]'));
  const cells = o.required('cells', 'the number of cells').number({ integer: true, min: 3 });
  using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature, domain, cells });
  return { config: { landscape: description, temperature, domain, cells }, x: fp.grid(), density: fp.stationary() };
}

function solve2d(U: Landscape, o: ReturnType<ConfigValue['object']>, description: LandscapeDescription): Stationary {
  const dv = o.required('domain', '[[a₁, b₁], [a₂, b₂]]');
  if (!Array.isArray(dv.value) || dv.value.length !== 2) throw dv.error('it must be [[a₁, b₁], [a₂, b₂]] for a 2-D landscape');
  const domain = [interval(dv.at(0)), interval(dv.at(1))] as const;
  const cv = o.required('cells', 'cells per direction: a number or [n₁, n₂]');
  const cells = typeof cv.value === 'number' ? cv.number({ integer: true, min: 3 }) : ([cv.at(0).number({ integer: true, min: 3 }), cv.at(1).number({ integer: true, min: 3 })] as [number, number]);
  if (Array.isArray(cv.value) && cv.value.length !== 2) throw cv.error('it must be a number or [n₁, n₂]');
  let fp: FokkerPlanck2D;
  let noise: Record<string, unknown>;
  if (o.has('diffusion')) {
    if (o.has('temperature')) throw o.get('temperature').error('give either temperature or diffusion, not both');
    const rows = o.get('diffusion').rows();
    if (rows.length !== 2 || rows.some((r) => r.length !== 2)) throw o.get('diffusion').error('it must be a 2×2 matrix [[D₁₁, D₁₂], [D₁₂, D₂₂]]');
    const diffusion = rows as unknown as [[number, number], [number, number]];
    fp = FokkerPlanck2D.fromDrift({ drift: (x, y) => U.gradient([x, y]).map((g) => -g), diffusion, domain, cells });
    noise = { diffusion };
  } else {
    const t = o.required('temperature', 'T > 0 or [T₁, T₂]');
    const temperature = typeof t.value === 'number' ? t.number({ above: 0 }) : t.numbers(2);
    if (Array.isArray(temperature)) temperature.forEach((_, i) => t.at(i).number({ above: 0 }));
    fp = typeof temperature === 'number'
      ? FokkerPlanck2D.fromLandscape({ landscape: U, temperature, domain, cells })
      : FokkerPlanck2D.fromDrift({ drift: (x, y) => U.gradient([x, y]).map((g) => -g), diffusion: temperature as [number, number], domain, cells });
    noise = { temperature };
  }
  try {
    const { x, y } = fp.grid();
    const density = fp.stationary();
    const equilibrium = typeof noise.temperature === 'number';
    // current() is that of the solver's state: load the stationary density first (clipping the
    // round-off negatives a full D's 9-point stencil can leave).
    if (!equilibrium) fp.setDensity(density.map((v) => Math.max(0, v)), { normalize: false });
    return { config: { landscape: description, ...noise, domain, cells }, x, y, density, ...(equilibrium ? {} : { current: fp.currentAtCentres() }) };
  } finally {
    fp.dispose();
  }
}

/** Solves the stationary problem of a config (exported for tests). */
export function stationaryOf(raw: unknown): Stationary {
  const o = new ConfigValue(raw, '').object(['landscape', 'temperature', 'diffusion', 'domain', 'cells']);
  const lv = o.required('landscape', 'a built-in name, { name, options } or { expression, variables }');
  const { landscape: U, description } = readLandscape(lv);
  try {
    if (U.dim === 1) return solve1d(U, o, description);
    if (U.dim === 2) return solve2d(U, o, description);
    throw lv.error(`its dimension is ${U.dim}: the Fokker–Planck solvers are 1-D and 2-D`);
  } finally {
    U.dispose();
  }
}

function svgOf(s: Stationary): string {
  if (!s.y) {
    return linePlot([{ kind: 'line', label: 'stationary density', x: s.x, y: s.density }], { title: 'Stationary density (Fokker–Planck)', xLabel: 'x', yLabel: 'p(x)', legend: 'none' });
  }
  const max = s.density.reduce((m, v) => Math.max(m, v), 0);
  return heatmapPlot({ x: s.x, y: s.y, values: s.density }, {
    title: s.current ? 'Stationary density and probability current' : 'Stationary density (Fokker–Planck)',
    xLabel: 'x', yLabel: 'y', colorLabel: 'p(x, y)',
    contours: [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => f * max),
    ...(s.current ? { quiver: { u: s.current.x, v: s.current.y } } : {}),
  });
}

export const stationaryCommand: Command = {
  name: 'stationary',
  summary: 'Fokker–Planck stationary density (1-D/2-D) as CSV/JSON, optional SVG',
  help: HELP,
  async run(argv) {
    const args = parseArgs('stationary', argv, FLAGS);
    if (args.flags.has('--help')) return void console.log(HELP);
    const out = args.flags.get('--out');
    const format = formatOf('stationary', args.flags.get('--format'), out, 'csv');
    const s = stationaryOf(readConfig('stationary', args.positional));
    const svg = args.flags.get('--svg');
    if (typeof svg === 'string') writeFileSync(svg, svgOf(s));
    if (format === 'json') {
      const body = { sgdyn: VERSION, config: s.config, x: Array.from(s.x), ...(s.y ? { y: Array.from(s.y) } : {}), density: Array.from(s.density), ...(s.current ? { current: { x: Array.from(s.current.x), y: Array.from(s.current.y) } } : {}) };
      emit(`${JSON.stringify(body)}\n`, out);
    } else if (!s.y) {
      emit(csv(['x', 'density'], Array.from(s.x, (x, i) => [x, s.density[i] as number])), out);
    } else {
      const nx = s.x.length;
      const rows = Array.from(s.density, (p, k) => {
        const r = [s.x[k % nx] as number, s.y![Math.floor(k / nx)] as number, p];
        return s.current ? [...r, s.current.x[k] as number, s.current.y[k] as number] : r;
      });
      emit(csv(['x', 'y', 'density', ...(s.current ? ['current_x', 'current_y'] : [])], rows), out);
    }
  },
};
