#!/usr/bin/env node
/**
 * The `sgdyn` command line: `sgdyn <command> [options]` with the commands in `ts/cli/commands/`.
 * Bad usage or a bad config exits with code 2 and a message naming the option or key path;
 * other errors exit with code 1.
 */
import { SgdynError, init, VERSION } from './entries/node.js';
import { ConfigError, didYouMean } from './cli/config.js';
import type { Command } from './cli/commands/command.js';
import { reportCommand } from './cli/commands/report.js';
import { simulateCommand } from './cli/commands/simulate.js';
import { mfptCommand } from './cli/commands/mfpt.js';
import { stationaryCommand } from './cli/commands/stationary.js';
import { benchCommand } from './cli/commands/bench.js';

const COMMANDS: Command[] = [reportCommand, simulateCommand, mfptCommand, stationaryCommand, benchCommand];

const USAGE = `sgdyn ${VERSION} — stochastic gradient descent as a stochastic process

usage: sgdyn <command> [options]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(11)}${c.summary}`).join('\n')}
  help CMD   the options of a command (also: sgdyn CMD --help)

Bad options or configs exit with code 2 and say which key is wrong and what is allowed.`;

function unknown(name: string): never {
  const names = COMMANDS.map((c) => c.name);
  const guess = didYouMean(name, names);
  throw new ConfigError(`unknown command ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ''}; commands: ${names.join(', ')} (see 'sgdyn --help')`);
}

// A closed pipe (`sgdyn simulate ... | head`) ends the program quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

async function main(argv: string[]): Promise<void> {
  const [name = '', ...rest] = argv;
  if (name === '' || name === '--help' || name === '-h') return void console.log(USAGE);
  if (name === '--version' || name === '-v') return void console.log(VERSION);
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) return void console.log(USAGE);
    return void console.log((COMMANDS.find((c) => c.name === topic) ?? unknown(topic)).help);
  }
  const command = COMMANDS.find((c) => c.name === name) ?? unknown(name);
  if (!rest.includes('--help') && !rest.includes('-h')) await init();
  await command.run(rest);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`sgdyn: ${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof SgdynError) {
    process.stderr.write(`sgdyn: ${e.code}: ${e.message}\n`);
    process.exit(e.code === 'INVALID_ARGUMENT' ? 2 : 1);
  }
  process.stderr.write(`sgdyn: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
