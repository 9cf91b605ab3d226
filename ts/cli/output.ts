/** Writing command results: JSON or CSV, to a file (`--out`) or standard output. */
import { writeFileSync } from 'node:fs';
import { ConfigError } from './config.js';

export type Format = 'json' | 'csv';

/** `--format` if given, else from the `--out` file's extension, else `fallback`. */
export function formatOf(command: string, format: string | true | undefined, out: string | true | undefined, fallback: Format): Format {
  if (typeof format === 'string') {
    if (format === 'json' || format === 'csv') return format;
    throw new ConfigError(`${command}: --format ${format} is not allowed: it must be json or csv`);
  }
  if (typeof out === 'string' && out.endsWith('.csv')) return 'csv';
  if (typeof out === 'string' && out.endsWith('.json')) return 'json';
  return fallback;
}

/** CSV text: a header row and rows of numbers (shortest round-trip form, so values parse back exactly). */
export function csv(header: readonly string[], rows: Iterable<readonly (number | string)[]>): string {
  const lines = [header.join(',')];
  for (const r of rows) lines.push(r.map(String).join(','));
  return `${lines.join('\n')}\n`;
}

/** Writes `text` to the file `out`, or to stdout when `out` is absent. */
export function emit(text: string, out: string | true | undefined): void {
  if (typeof out === 'string') writeFileSync(out, text);
  else process.stdout.write(text);
}
