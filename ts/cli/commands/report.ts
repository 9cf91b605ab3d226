/** `sgdyn report`: runs the flagship experiments and writes a self-contained HTML report. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildReport } from '../../report/index.js';
import { flagHelp, parseArgs, type Flag } from '../args.js';
import { ConfigError } from '../config.js';
import { machineNote } from '../machine.js';
import type { Command } from './command.js';

const FLAGS: Flag[] = [
  { name: '--out', takes: 'DIR', help: 'output folder (default: report)' },
  { name: '--quick', help: 'smaller ensembles (noisier numbers, a few seconds)' },
  { name: '--quiet', help: 'no progress line' },
  { name: '--help', help: 'show this help' },
];

const HELP = `usage: sgdyn report [options]

Runs the flagship experiments and writes DIR/index.html, a self-contained page with
inline SVG plots, tables, and the parameters and seed of every run:
  1   escape over a double-well barrier in 1-D and 2-D: simulation vs the Fokker–Planck
      backward equation vs the exact quadrature vs (Eyring–)Kramers;
  2   SGD vs its SDE surrogate on the thesis model, and the exact minibatch noise covariance;
  3   ensemble vs Fokker–Planck densities; the anisotropic stationary density and its current;
  4   basin selection between a wide and a sharp minimum against temperature, learning rate
      and batch size;
  5   SGD with momentum near a minimum against the linear-response theory;
  6   integrator convergence orders.

options:
${flagHelp(FLAGS)}`;

export const reportCommand: Command = {
  name: 'report',
  summary: 'run the flagship experiments and write an HTML report with plots',
  help: HELP,
  async run(argv) {
    const args = parseArgs('report', argv, FLAGS);
    if (args.flags.has('--help')) return void console.log(HELP);
    if (args.positional.length > 0) throw new ConfigError(`report: unexpected argument ${JSON.stringify(args.positional[0])}; see 'sgdyn report --help'`);
    const out = (args.flags.get('--out') as string | undefined) ?? 'report';
    const quiet = args.flags.has('--quiet') || !process.stderr.isTTY;
    const t0 = performance.now();
    let last = 0;
    const html = await buildReport({
      quick: args.flags.has('--quick'),
      machine: machineNote(),
      onProgress: (line) => {
        const now = performance.now();
        if (quiet || now - last < 1000) return;
        process.stderr.write(`\r${line.padEnd(78).slice(0, 78)}`);
        last = now;
      },
    });
    if (!quiet && last > 0) process.stderr.write(`\r${' '.repeat(78)}\r`);
    mkdirSync(out, { recursive: true });
    const file = join(out, 'index.html');
    writeFileSync(file, html);
    console.log(`report written to ${resolve(file)} (${((performance.now() - t0) / 1e3).toFixed(1)} s)`);
  },
};
