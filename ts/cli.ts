#!/usr/bin/env node
/**
 * The `sgdyn` command line. `sgdyn report [--out DIR] [--quick]` runs the flagship
 * experiments and writes DIR/index.html (default `report/`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { SgdynError, init, VERSION } from './entries/node.js';
import { buildReport } from './report/index.js';

const HELP: Record<string, string> = {
  '': `sgdyn ${VERSION} — stochastic gradient descent as a stochastic process

usage: sgdyn <command> [options]

commands:
  report     run the flagship experiments and write an HTML report with plots
  help CMD   show the options of a command

'npx sgdyn help report' for details.`,
  report: `usage: sgdyn report [--out DIR] [--quick]

Runs the flagship experiments (escape over a double-well barrier: simulation vs the exact
quadrature vs Kramers; integrator convergence orders) and writes DIR/index.html, a self-contained page with inline SVG plots,
tables, and the parameters and seed of every run.

  --out DIR   output folder (default: report)
  --quick     smaller ensembles (noisier numbers, a few seconds)`,
};

function fail(message: string): never {
  process.stderr.write(`sgdyn: ${message}\n`);
  process.exit(2);
}

async function report(args: string[]): Promise<void> {
  let out = 'report';
  let quick = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out') out = args[++i] ?? fail('--out needs a folder name');
    else if (a === '--quick') quick = true;
    else if (a === '--help' || a === '-h') return void console.log(HELP.report);
    else fail(`report: unknown option ${JSON.stringify(a)}; allowed: --out DIR, --quick`);
  }
  await init();
  const t0 = performance.now();
  let last = 0;
  const html = buildReport({
    quick,
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`,
    onProgress: (line) => {
      const now = performance.now();
      if (now - last > 1000 && process.stderr.isTTY) {
        process.stderr.write(`\r${line.padEnd(78).slice(0, 78)}`);
        last = now;
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r'.padEnd(80) + '\r');
  mkdirSync(out, { recursive: true });
  const file = join(out, 'index.html');
  writeFileSync(file, html);
  console.log(`report written to ${resolve(file)} (${((performance.now() - t0) / 1e3).toFixed(1)} s)`);
}

async function main(argv: string[]): Promise<void> {
  const [command = '', ...rest] = argv;
  if (command === '' || command === '--help' || command === '-h') return void console.log(HELP['']);
  if (command === '--version' || command === '-v') return void console.log(VERSION);
  if (command === 'help') {
    const topic = rest[0] ?? '';
    return void console.log(HELP[topic] ?? fail(`help: unknown command ${JSON.stringify(topic)}; commands: ${Object.keys(HELP).filter(Boolean).join(', ')}`));
  }
  if (command === 'report') return report(rest);
  fail(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(HELP).filter(Boolean).join(', ')} (see 'sgdyn --help')`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof SgdynError) fail(`${e.code}: ${e.message}`);
  throw e;
});
