/**
 * Command-line flags of a CLI command: `--name value` or `--name=value` for flags that take
 * a value, `--name` for switches; everything else is positional. Unknown flags are errors
 * with a did-you-mean.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, didYouMean, parseJson } from './config.js';

/** A flag a command accepts: `takes` names its value (`'FILE'`), absent for a switch. */
export interface Flag {
  name: string;
  takes?: string;
  help: string;
}

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(command: string, argv: readonly string[], flags: readonly Flag[]): ParsedArgs {
  const known = new Map(flags.map((f) => [f.name, f]));
  const out: ParsedArgs = { flags: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      if (arg === '-h') out.flags.set('--help', true);
      else out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = known.get(name);
    if (!flag) {
      const guess = didYouMean(name, [...known.keys()]);
      throw new ConfigError(`${command}: unknown option ${name}${guess ? ` (did you mean ${guess}?)` : ''}; options: ${[...known.keys()].join(', ')}`);
    }
    if (flag.takes) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new ConfigError(`${command}: ${name} needs a value (${name} ${flag.takes})`);
      out.flags.set(name, value);
    } else {
      if (eq > 0) throw new ConfigError(`${command}: ${name} takes no value`);
      out.flags.set(name, true);
    }
  }
  return out;
}

/** The help lines of a command's flags. */
export function flagHelp(flags: readonly Flag[]): string {
  const left = flags.map((f) => (f.takes ? `${f.name} ${f.takes}` : f.name));
  const width = Math.max(...left.map((l) => l.length));
  return flags.map((f, i) => `  ${left[i]!.padEnd(width)}  ${f.help}`).join('\n');
}

/**
 * The config of a command from its one positional argument: inline JSON (starting with `{`),
 * `-` for standard input, or a file name.
 */
export function readConfig(command: string, positional: readonly string[]): unknown {
  if (positional.length !== 1) {
    throw new ConfigError(`${command}: expected one config (a JSON file, '-' for stdin, or inline JSON '{...}'), got ${positional.length === 0 ? 'none' : positional.length}; see 'sgdyn ${command} --help'`);
  }
  const source = positional[0] as string;
  if (source.trimStart().startsWith('{')) return parseJson(source, 'the inline config');
  let text: string;
  try {
    text = readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (e) {
    throw new ConfigError(`${command}: cannot read the config ${JSON.stringify(source)}: ${(e as Error).message}`);
  }
  return parseJson(text, source === '-' ? 'the config on stdin' : `the config file ${source}`);
}
