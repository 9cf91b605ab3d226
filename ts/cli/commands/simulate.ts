/**
 * `sgdyn simulate CONFIG`: an ensemble run from a JSON config, streamed frame by frame
 * (`simulateStream`: moments or positions every `every` steps) to JSON or CSV. The same
 * config and seed give bit-identical numbers to the library call (`simulate` /
 * `simulatePooled`), for any `workers`.
 */
import { INTEGRATORS, simulateStream, type Frame, type NoiseSpec, type StreamOptions } from '../../index.js';
import { flagHelp, parseArgs, readConfig, type Flag } from '../args.js';
import { ConfigValue } from '../config.js';
import { VERSION } from '../../version.js';
import { readLandscape, BUILT_IN_NAMES, type LandscapeDescription } from '../landscapeConfig.js';
import { csv, emit, formatOf } from '../output.js';
import { ProgressBar } from '../progress.js';
import type { Command } from './command.js';

const KEYS = ['landscape', 'integrator', 'temperature', 'noise', 'friction', 'brownianRefinement', 'dt', 'steps',
  'nTrajectories', 'seed', 'x0', 'every', 'observe', 'workers'] as const;

const FLAGS: Flag[] = [
  { name: '--out', takes: 'FILE', help: 'write the result to FILE (default: standard output)' },
  { name: '--format', takes: 'json|csv', help: 'output format (default: from the --out extension, else json)' },
  { name: '--quiet', help: 'no progress bar' },
  { name: '--help', help: 'show this help' },
];

const HELP = `usage: sgdyn simulate CONFIG [options]

Runs an ensemble of SDE trajectories dX = −∇U(X) dt + σ dW and writes its moments (mean and
variance per coordinate) or positions every \`every\` steps. CONFIG is a JSON file, '-' (stdin)
or inline JSON, e.g.

  sgdyn simulate '{"landscape": "doubleWell", "temperature": 0.25, "dt": 0.001, "steps": 1000,
                   "nTrajectories": 10000, "x0": -1, "seed": 1, "every": 100}'

config keys (required: landscape, dt, steps, nTrajectories, x0, seed):
  landscape           a built-in name (${BUILT_IN_NAMES.join(', ')}),
                      { "name": NAME, "options": {...} }, or
                      { "expression": "(x^2-1)^2 + y^2", "variables": ["x", "y"], "parameters": {...} }
  integrator          ${INTEGRATORS.join(', ')} (default euler-maruyama)
  temperature         T ≥ 0, one number or one per coordinate (temperature noise)
  noise               { "kind": "correlated", "diffusion": [[...]] } | { "kind": "linear", "scale": k }
                      | { "kind": "sqrt-quadratic", "d0": D0 } (then leave out temperature)
  friction            γ of baoab (default 1)
  brownianRefinement  fine substeps per step (default 1)
  dt, steps           step size > 0 and number of steps ≥ 1
  nTrajectories, seed ensemble size ≥ 1, seed (integer ≥ 0)
  x0                  start: a number, d numbers, or n·d numbers
  every               a frame every this many steps (default: steps, one frame)
  observe             "moments" (default) or "positions"
  workers             worker threads (default 1; results do not depend on it)

output: JSON { sgdyn, config, dim, frames: [{ step, time, mean, variance } | { step, time, positions }] }
or CSV (moments: step,time,mean_0..,variance_0..; positions: step,time,trajectory,x_0..).

options:
${flagHelp(FLAGS)}`;

/** The resolved run: library options plus what goes into the output's `config`. */
interface SimulateConfig {
  options: StreamOptions & { observe: 'moments' | 'positions' };
  landscape: LandscapeDescription;
}

function readNoise(v: ConfigValue): NoiseSpec {
  const kind = v.object(['kind', 'diffusion', 'scale', 'd0']).required('kind', 'the noise model').oneOf(['temperature', 'correlated', 'linear', 'sqrt-quadratic'] as const);
  const allowed = { temperature: ['kind'], correlated: ['kind', 'diffusion'], linear: ['kind', 'scale'], 'sqrt-quadratic': ['kind', 'd0'] }[kind];
  const o = v.object(allowed);
  switch (kind) {
    case 'temperature': return { kind };
    case 'correlated': return { kind, diffusion: o.required('diffusion', 'the d×d diffusion matrix D (rows)').rows() };
    case 'linear': return { kind, scale: o.required('scale', 'k in σⱼ(x) = k·xⱼ').number() };
    case 'sqrt-quadratic': return { kind, d0: o.required('d0', 'D₀ > 0').number({ above: 0 }) };
  }
}

/** Reads a simulate config (the landscape is built; the caller disposes it). */
export function readSimulateConfig(raw: unknown): SimulateConfig {
  const o = new ConfigValue(raw, '').object(KEYS);
  const { landscape, description } = readLandscape(o.required('landscape', 'a built-in name, { name, options } or { expression, variables }'));
  try {
    const steps = o.required('steps', 'the number of steps').number({ integer: true, min: 1 });
    const options: SimulateConfig['options'] = {
      landscape,
      dt: o.required('dt', 'the time step').number({ above: 0 }),
      steps,
      nTrajectories: o.required('nTrajectories', 'the ensemble size').number({ integer: true, min: 1 }),
      seed: o.required('seed', 'the seed of the random streams').number({ integer: true, min: 0 }),
      x0: o.required('x0', 'the start: a number, d numbers or n·d numbers').numberOrNumbers(),
      every: o.has('every') ? o.get('every').number({ integer: true, min: 1 }) : steps,
      observe: o.has('observe') ? o.get('observe').oneOf(['moments', 'positions'] as const) : 'moments',
      workers: o.has('workers') ? o.get('workers').number({ integer: true, min: 1 }) : 1,
    };
    if (o.has('integrator')) options.integrator = o.get('integrator').oneOf(INTEGRATORS);
    if (o.has('temperature')) options.temperature = o.get('temperature').numberOrNumbers();
    if (o.has('noise')) options.noise = readNoise(o.get('noise'));
    if (o.has('friction')) options.friction = o.get('friction').number({ min: 0 });
    if (o.has('brownianRefinement')) options.brownianRefinement = o.get('brownianRefinement').number({ integer: true, min: 1 });
    if (!o.has('noise') && !o.has('temperature')) throw o.get('temperature').error('it is required with temperature noise: T ≥ 0, one number or one per coordinate');
    return { options, landscape: description };
  } catch (e) {
    landscape.dispose();
    throw e;
  }
}

function frameJson(f: Frame, d: number): Record<string, unknown> {
  if (f.positions) {
    const rows = Array.from({ length: f.nTrajectories }, (_, i) => Array.from(f.positions!.subarray(i * d, (i + 1) * d)));
    return { step: f.step, time: f.time, positions: rows };
  }
  return { step: f.step, time: f.time, mean: Array.from(f.mean!), variance: Array.from(f.variance!) };
}

function* csvRows(frames: Frame[], d: number): Generator<number[]> {
  for (const f of frames) {
    if (f.positions) {
      for (let i = 0; i < f.nTrajectories; i++) yield [f.step, f.time, i, ...f.positions.subarray(i * d, (i + 1) * d)];
    } else {
      yield [f.step, f.time, ...f.mean!, ...f.variance!];
    }
  }
}

const range = (prefix: string, d: number) => Array.from({ length: d }, (_, j) => `${prefix}_${j}`);

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run an ensemble from a JSON config; moments or positions as JSON/CSV',
  help: HELP,
  async run(argv) {
    const args = parseArgs('simulate', argv, FLAGS);
    if (args.flags.has('--help')) return void console.log(HELP);
    const format = formatOf('simulate', args.flags.get('--format'), args.flags.get('--out'), 'json');
    const raw = readConfig('simulate', args.positional);
    const { options, landscape } = readSimulateConfig(raw);
    const d = options.landscape.dim;
    const bar = new ProgressBar('simulate', process.stderr, args.flags.has('--quiet'));
    const frames: Frame[] = [];
    try {
      for await (const f of simulateStream({ ...options, onProgress: (p) => bar.update(p.stepsDone, p.stepsTotal) })) frames.push(f);
    } finally {
      bar.done();
      options.landscape.dispose();
    }
    const { landscape: _, ...rest } = options;
    const config = { ...rest, landscape };
    if (format === 'json') {
      emit(`${JSON.stringify({ sgdyn: VERSION, config, dim: d, frames: frames.map((f) => frameJson(f, d)) })}\n`, args.flags.get('--out'));
    } else {
      const header = options.observe === 'positions' ? ['step', 'time', 'trajectory', ...range('x', d)] : ['step', 'time', ...range('mean', d), ...range('variance', d)];
      emit(csv(header, csvRows(frames, d)), args.flags.get('--out'));
    }
  },
};
