/**
 * `sgdyn bench`: a quick built-in benchmark (ns per trajectory-step of one integrator on the
 * double well, in this process's WASM build) with the machine noted, or `--suite` for the
 * repository's full benchmark scripts (`bench/*.mjs`: WASM vs pure-TS baseline vs native).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INTEGRATORS, landscapes, simulate } from '../../index.js';
import { flagHelp, parseArgs, type Flag } from '../args.js';
import { ConfigError, ConfigValue } from '../config.js';
import { machineNote } from '../machine.js';
import { ProgressBar } from '../progress.js';
import type { Command } from './command.js';

const FLAGS: Flag[] = [
  { name: '--integrator', takes: 'NAME', help: `one of ${INTEGRATORS.join(', ')} (default euler-maruyama)` },
  { name: '--dim', takes: 'D', help: 'dimension of the double well (default 1)' },
  { name: '--n', takes: 'N', help: 'trajectories (default 100000)' },
  { name: '--steps', takes: 'K', help: 'timed steps per repetition (default 200)' },
  { name: '--repeat', takes: 'R', help: 'repetitions; the fastest is reported (default 3)' },
  { name: '--json', help: 'print the result as JSON' },
  { name: '--suite', help: "run the repository's benchmark scripts (bench/run.mjs, schemes.mjs, expression.mjs)" },
  { name: '--quiet', help: 'no progress bar' },
  { name: '--help', help: 'show this help' },
];

const HELP = `usage: sgdyn bench [options]

Times one integrator on the double well (x² − 1)² per coordinate (T = 0.25, Δt = 1e-3) in the
WASM build and prints nanoseconds per trajectory-step and trajectory-steps per second, with the
machine (CPU, cores, Node, load average: timings on a busy machine are slower). The first 50
steps are an untimed warm-up (V8 tiers the kernel up). --suite runs the full benchmark scripts
of a source checkout (WASM vs the pure-TS baseline vs a native build; see the README).

options:
${flagHelp(FLAGS)}`;

function intFlag(name: string, v: string | true | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(`bench: ${name} ${String(v)} is not allowed: it must be an integer >= ${min}`);
  return n;
}

function runSuite(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const scripts = ['bench/run.mjs', 'bench/schemes.mjs', 'bench/expression.mjs'];
  if (!existsSync(`${root}bench/run.mjs`)) throw new ConfigError(`bench: --suite needs a source checkout (no bench/ beside ${root}dist); the built-in benchmark runs without it`);
  for (const s of scripts) {
    const r = spawnSync(process.execPath, [s], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`bench: ${s} failed (exit code ${r.status})`);
  }
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'time an integrator (ns per trajectory-step) with the machine noted; --suite for the full benchmarks',
  help: HELP,
  async run(argv) {
    const args = parseArgs('bench', argv, FLAGS);
    if (args.flags.has('--help')) return void console.log(HELP);
    if (args.positional.length > 0) throw new ConfigError(`bench: unexpected argument ${JSON.stringify(args.positional[0])}; see 'sgdyn bench --help'`);
    if (args.flags.has('--suite')) return runSuite();
    const f = args.flags;
    const integrator = new ConfigValue(f.get('--integrator') ?? 'euler-maruyama', '--integrator').oneOf(INTEGRATORS);
    const dim = intFlag('--dim', f.get('--dim'), 1, 1);
    const n = intFlag('--n', f.get('--n'), 100_000, 1);
    const steps = intFlag('--steps', f.get('--steps'), 200, 1);
    const repeat = intFlag('--repeat', f.get('--repeat'), 3, 1);
    const bar = new ProgressBar('bench', process.stderr, f.has('--quiet'));
    const U = landscapes.doubleWell({ dim });
    let best = Infinity;
    try {
      using ens = simulate({ landscape: U, temperature: 0.25, dt: 1e-3, nTrajectories: n, x0: -1, seed: 1, integrator });
      ens.step(50);
      for (let r = 0; r < repeat; r++) {
        bar.update(r, repeat);
        const t0 = performance.now();
        ens.step(steps);
        best = Math.min(best, (performance.now() - t0) / 1e3);
      }
    } finally {
      bar.done();
      U.dispose();
    }
    const ns = (best * 1e9) / (n * steps);
    const result = { integrator, dim, nTrajectories: n, steps, repeat, nsPerTrajectoryStep: ns, trajectoryStepsPerSecond: 1e9 / ns, machine: machineNote() };
    if (f.has('--json')) return void console.log(JSON.stringify(result));
    console.log(`${integrator}, double well, d = ${dim}, n = ${n}, ${steps} steps (best of ${repeat}): ${ns.toFixed(1)} ns per trajectory-step (${(1e3 / ns).toFixed(1)} M trajectory-steps/s)`);
    console.log(`machine: ${result.machine}`);
  },
};
