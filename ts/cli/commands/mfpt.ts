/**
 * `sgdyn mfpt CONFIG`: the mean first-passage time of `dx = −∇U dt + √(2T) dW` by up to four
 * independent methods — exact quadrature (`mfpt1d`, 1-D), the Fokker–Planck backward equation
 * (`FokkerPlanck1D.meanFirstPassageTime`, 1-D), the Eyring–Kramers asymptotic formula
 * (`eyringKramers`, any d; the time to the *other well*), and an ensemble simulation
 * (`firstPassagePooled`, any d) — printed side by side.
 */
import {
  FokkerPlanck1D, eyringKramers, findMinima, findSaddle, firstPassagePooled, mfpt1d, type Landscape,
} from '../../index.js';
import { flagHelp, parseArgs, readConfig, type Flag } from '../args.js';
import { ConfigError, ConfigValue, type ConfigObject } from '../config.js';
import { readLandscape } from '../landscapeConfig.js';
import { emit } from '../output.js';
import { ProgressBar } from '../progress.js';
import { VERSION } from '../../version.js';
import type { Command } from './command.js';

const METHODS = ['quadrature', 'fokker-planck', 'kramers', 'simulation'] as const;
type Method = (typeof METHODS)[number];

const FLAGS: Flag[] = [
  { name: '--out', takes: 'FILE', help: 'write the result to FILE (default: standard output)' },
  { name: '--format', takes: 'text|json', help: 'a table (default) or JSON' },
  { name: '--quiet', help: 'no progress bar' },
  { name: '--help', help: 'show this help' },
];

const HELP = `usage: sgdyn mfpt CONFIG [options]

Mean first-passage time of dx = −∇U(x) dt + √(2T) dW from \`from\` into the target, by several
independent methods side by side. CONFIG is a JSON file, '-' (stdin) or inline JSON, e.g.

  sgdyn mfpt '{"landscape": "doubleWell", "temperature": 0.25, "from": -1, "to": 1}'

config keys (required: landscape, temperature, from, and to (1-D) or target (any d)):
  landscape     as for 'sgdyn simulate' (a built-in name, { name, options } or { expression, variables })
  temperature   T > 0
  from          start: a number (1-D) or d numbers
  to            1-D target {x ≥ to} (to > from)
  target        { "normal": [...], "offset": c }: the half-space normal·x ≥ c (any d)
  methods       any of ${METHODS.map((m) => `"${m}"`).join(', ')}
                (default: all that apply: quadrature and fokker-planck need d = 1; kramers
                needs a barrier between from and to in 1-D, or kramers.saddle in d > 1)
  fokkerPlanck  { "cells": 2000, "lower": a }: grid [a, to] (default a: where U rises 40T above its minimum)
  kramers       { "saddle": guess }: start of the saddle search (default in 1-D: the highest point on [from, to])
  simulation    { "dt": 1e-3, "nTrajectories": 1000, "seed": 1, "maxSteps": 10000000, "workers": 1 }

Kramers' formula is the mean time to the *other well*; it matches the exact time when \`to\` is
the other minimum (to the barrier top it is half of it). Simulated times carry a standard error;
a censored run (maxSteps too small) reports how many trajectories did not arrive.

options:
${flagHelp(FLAGS)}`;

/** One method's answer. */
export interface MfptRow {
  method: Method;
  time: number | null;
  standardError?: number | null;
  note: string;
}

function lowerCutoff(U: Landscape, T: number, from: number): number {
  let uMin = U.value([from]);
  let x = from;
  for (let step = 0.25, i = 0; i < 400; i++, step *= 1.1) {
    x -= step;
    const u = U.value([x]);
    uMin = Math.min(uMin, u);
    if (u - uMin > 40 * T) return x;
  }
  return x;
}

/** The highest point of a 1-D landscape on [a, b] (grid of 2001 points), or undefined at an end. */
function barrierTop(U: Landscape, a: number, b: number): number | undefined {
  const xs = Float64Array.from({ length: 2001 }, (_, i) => a + ((b - a) * i) / 2000);
  const us = U.values(xs);
  let best = 0;
  for (let i = 1; i < us.length; i++) if ((us[i] as number) > (us[best] as number)) best = i;
  return best === 0 || best === 2000 ? undefined : xs[best];
}

async function run(raw: unknown, quiet: boolean): Promise<{ config: Record<string, unknown>; rows: MfptRow[] }> {
  const o = new ConfigValue(raw, '').object(['landscape', 'temperature', 'from', 'to', 'target', 'methods', 'fokkerPlanck', 'kramers', 'simulation']);
  const { landscape: U, description } = readLandscape(o.required('landscape', 'a built-in name, { name, options } or { expression, variables }'));
  try {
    const d = U.dim;
    const T = o.required('temperature', 'T > 0').number({ above: 0 });
    const fromV = o.required('from', d === 1 ? 'the start x₀' : `the start (d = ${d} numbers)`);
    const from = typeof fromV.value === 'number' ? new Array<number>(d).fill(fromV.number()) : fromV.numbers(d);
    let normal: number[], offset: number;
    if (o.has('target')) {
      const t = o.get('target').object(['normal', 'offset']);
      normal = t.required('normal', `d = ${d} numbers`).numbers(d);
      offset = t.required('offset', 'c in normal·x ≥ c').number();
    } else if (d === 1) {
      offset = o.required('to', 'the target {x ≥ to}').number({ above: from[0] as number });
      normal = [1];
    } else {
      throw o.get('target').error(`it is required for d = ${d}: { "normal": [...], "offset": c }`);
    }
    const dot = normal.reduce((s, n, j) => s + n * (from[j] as number), 0);
    if (dot >= offset) throw o.get(o.has('target') ? 'target' : 'to').error(`the start is already in the target (normal·from = ${dot} ≥ ${offset})`);
    const oneD = d === 1 && normal[0]! > 0;
    const to = oneD ? offset / normal[0]! : NaN;
    const x0 = from[0] as number;

    const requested = o.has('methods')
      ? (() => { const m = o.get('methods'); if (!Array.isArray(m.value) || m.value.length === 0) throw m.error(`it must be a non-empty array of ${METHODS.join(', ')}`); return (m.value as unknown[]).map((_, i) => m.at(i).oneOf(METHODS)); })()
      : undefined;
    const wants = (m: Method) => requested === undefined || requested.includes(m);
    const explicit = (m: Method) => requested?.includes(m) ?? false;
    const rows: MfptRow[] = [];
    const sectionObject = (key: string, keys: readonly string[]): ConfigObject => new ConfigValue(o.get(key).value ?? {}, key).object(keys);
    const fpo = sectionObject('fokkerPlanck', ['cells', 'lower']);
    const ko = sectionObject('kramers', ['saddle']);
    const so = sectionObject('simulation', ['dt', 'nTrajectories', 'seed', 'maxSteps', 'workers']);

    if (wants('quadrature')) {
      if (oneD) {
        const r = mfpt1d((x) => U.value([x]), T, x0, to);
        rows.push({ method: 'quadrature', time: r.time, note: `exact (Gauss–Legendre, ${r.panels} panels, rel. change ${r.relativeChange.toExponential(1)})` });
      } else if (explicit('quadrature')) throw o.get('methods').error('"quadrature" needs a 1-D landscape and a target x ≥ to');
    }
    if (wants('fokker-planck')) {
      if (oneD) {
        const cells = fpo.has('cells') ? fpo.get('cells').number({ integer: true, min: 3 }) : 2000;
        const lower = fpo.has('lower') ? fpo.get('lower').number() : lowerCutoff(U, T, x0);
        if (!(lower < x0)) throw fpo.get('lower').error(`it must be < from = ${x0}`);
        using fp = FokkerPlanck1D.fromLandscape({ landscape: U, temperature: T, domain: [lower, to], cells });
        const tau = fp.interpolate(fp.meanFirstPassageTime('right'), x0);
        rows.push({ method: 'fokker-planck', time: tau, note: `backward equation, ${cells} cells on [${lower.toPrecision(4)}, ${to}], reflecting left` });
      } else if (explicit('fokker-planck')) throw o.get('methods').error('"fokker-planck" needs a 1-D landscape and a target x ≥ to');
    }
    if (wants('kramers')) {
      const guess = ko.has('saddle') ? ko.get('saddle').numberOrNumbers() : oneD ? barrierTop(U, x0, to) : undefined;
      if (guess === undefined) {
        if (explicit('kramers')) throw ko.get('saddle').error(oneD ? 'no barrier top between from and to: give a guess' : `a guess of the saddle (d = ${d} numbers) is required for d > 1`);
      } else {
        const [a] = findMinima(U, { starts: [from] });
        const s = findSaddle(U, typeof guess === 'number' ? new Array<number>(d).fill(guess) : guess);
        const r = eyringKramers({ landscape: U, minimum: a!, saddle: s, temperature: T });
        const at = (p: ArrayLike<number>) => (d === 1 ? (p[0] as number).toPrecision(4) : `(${Array.from(p, (v) => v.toPrecision(3)).join(', ')})`);
        rows.push({ method: 'kramers', time: r.time, note: `Eyring–Kramers, minimum ${at(a!.point)}, saddle ${at(s.point)}, ΔU = ${r.barrier.toPrecision(4)}, to the other well` });
      }
    }
    if (wants('simulation')) {
      const dt = so.has('dt') ? so.get('dt').number({ above: 0 }) : 1e-3;
      const n = so.has('nTrajectories') ? so.get('nTrajectories').number({ integer: true, min: 2 }) : 1000;
      const seed = so.has('seed') ? so.get('seed').number({ integer: true, min: 0 }) : 1;
      const maxSteps = so.has('maxSteps') ? so.get('maxSteps').number({ integer: true, min: 1 }) : 10_000_000;
      const workers = so.has('workers') ? so.get('workers').number({ integer: true, min: 1 }) : 1;
      const bar = new ProgressBar('mfpt simulation', process.stderr, quiet);
      try {
        const r = await firstPassagePooled({
          landscape: U, temperature: T, dt, x0: from, nTrajectories: n, seed, maxSteps, workers,
          target: { halfSpace: { normal, offset } },
          onProgress: (p) => bar.update(p.trajectoriesDone, n, `${p.trajectoriesDone}/${n} arrived, step ${p.stepsDone}`),
        });
        rows.push({
          method: 'simulation', time: r.meanTime, standardError: r.standardError,
          note: r.nCensored === 0
            ? `Euler–Maruyama, Δt = ${dt}, ${n} trajectories, seed ${seed}`
            : `${r.nCensored} of ${n} trajectories did not arrive within maxSteps = ${maxSteps}: raise simulation.maxSteps`,
        });
      } finally {
        bar.done();
      }
    }
    return { config: { landscape: description, temperature: T, from, target: { normal, offset } }, rows };
  } finally {
    U.dispose();
  }
}

function table(rows: MfptRow[]): string {
  const cells = rows.map((r) => [r.method, r.time === null ? '—' : r.time.toPrecision(6), r.standardError ? `± ${r.standardError.toPrecision(3)}` : '', r.note]);
  const widths = [0, 1, 2].map((j) => Math.max(...cells.map((c) => c[j]!.length), ['method', 'mean time', ''][j]!.length));
  const line = (c: string[]) => `${c[0]!.padEnd(widths[0]!)}  ${c[1]!.padStart(widths[1]!)} ${c[2]!.padEnd(widths[2]!)}  ${c[3]}`.trimEnd();
  return `${[line(['method', 'mean time', '', 'how']), ...cells.map(line)].join('\n')}\n`;
}

export const mfptCommand: Command = {
  name: 'mfpt',
  summary: 'mean first-passage time: quadrature, Fokker–Planck, Kramers, simulation',
  help: HELP,
  async run(argv) {
    const args = parseArgs('mfpt', argv, FLAGS);
    if (args.flags.has('--help')) return void console.log(HELP);
    const f = args.flags.get('--format');
    const json = f === 'json' || (f === undefined && String(args.flags.get('--out') ?? '').endsWith('.json'));
    if (f !== undefined && f !== 'json' && f !== 'text') throw new ConfigError(`mfpt: --format ${String(f)} is not allowed: it must be text or json`);
    const result = await run(readConfig('mfpt', args.positional), args.flags.has('--quiet'));
    emit(json ? `${JSON.stringify({ sgdyn: VERSION, ...result })}\n` : table(result.rows), args.flags.get('--out'));
  },
};
