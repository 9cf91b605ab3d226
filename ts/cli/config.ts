/**
 * Reading JSON configs for the command line with errors that name the key path
 * (`landscape.options.barrierHeight`), the value and what is allowed; unknown keys are
 * errors with a did-you-mean suggestion. A `ConfigError` makes the CLI exit with code 2.
 */

/** A bad config (or bad command-line usage): the CLI prints the message and exits with code 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Levenshtein distance (insert, delete, substitute; each cost 1). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** The closest of `candidates` to `word` if it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word, c);
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** A JSON value at a key path. */
export class ConfigValue {
  constructor(readonly value: unknown, readonly path: string) {}

  /** A `ConfigError` for this value: `config: <path> = <value> is not allowed: <allowed>`. */
  error(allowed: string): ConfigError {
    return new ConfigError(`config: ${this.path || '(top level)'} = ${show(this.value)} is not allowed: ${allowed}`);
  }

  get present(): boolean {
    return this.value !== undefined;
  }

  /** A finite number, optionally with bounds (`integer`, `min` inclusive, `above` exclusive). */
  number(rule: { integer?: boolean; min?: number; above?: number } = {}): number {
    const v = this.value;
    const what = `${rule.integer ? 'an integer' : 'a finite number'}${rule.min !== undefined ? ` >= ${rule.min}` : ''}${rule.above !== undefined ? ` > ${rule.above}` : ''}`;
    if (typeof v !== 'number' || !Number.isFinite(v) || (rule.integer && !Number.isSafeInteger(v))
      || (rule.min !== undefined && v < rule.min) || (rule.above !== undefined && v <= rule.above)) {
      throw this.error(`it must be ${what}`);
    }
    return v;
  }

  string(): string {
    if (typeof this.value !== 'string') throw this.error('it must be a string');
    return this.value;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') throw this.error('it must be true or false');
    return this.value;
  }

  /** One of the listed strings (with a did-you-mean for near misses). */
  oneOf<T extends string>(allowed: readonly T[]): T {
    const v = this.value;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    const guess = typeof v === 'string' ? didYouMean(v, allowed) : undefined;
    throw this.error(`it must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`);
  }

  /** An array of finite numbers (optionally of a given length). */
  numbers(length?: number): number[] {
    const v = this.value;
    if (!Array.isArray(v) || (length !== undefined && v.length !== length) || v.length === 0) {
      throw this.error(`it must be a non-empty array of numbers${length !== undefined ? ` of length ${length}` : ''}`);
    }
    return v.map((_, i) => this.at(i).number());
  }

  /** A number or an array of numbers. */
  numberOrNumbers(): number | number[] {
    return typeof this.value === 'number' ? this.number() : this.numbers();
  }

  /** An array of arrays of numbers (a matrix or a list of points). */
  rows(): number[][] {
    const v = this.value;
    if (!Array.isArray(v) || v.length === 0) throw this.error('it must be a non-empty array of arrays of numbers');
    return v.map((_, i) => this.at(i).numbers());
  }

  /** Element i of an array value. */
  at(i: number): ConfigValue {
    return new ConfigValue((this.value as unknown[])[i], join(this.path, i));
  }

  /** An object whose keys must all be in `known` (unknown keys: an error with a did-you-mean). */
  object(known: readonly string[]): ConfigObject {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw this.error(`it must be an object with keys ${known.join(', ')}`);
    for (const key of Object.keys(v)) {
      if (!known.includes(key)) {
        const guess = didYouMean(key, known);
        throw new ConfigError(`config: unknown key ${JSON.stringify(join(this.path, key))}${guess ? ` (did you mean ${JSON.stringify(join(this.path, guess))}?)` : ''}; allowed keys${this.path ? ` of ${this.path}` : ''}: ${known.join(', ')}`);
      }
    }
    return new ConfigObject(v as Record<string, unknown>, this.path);
  }
}

/** An object value whose keys have been checked. */
export class ConfigObject {
  constructor(private readonly fields: Record<string, unknown>, readonly path: string) {}

  /** The value at `key` (possibly missing). */
  get(key: string): ConfigValue {
    return new ConfigValue(this.fields[key], join(this.path, key));
  }

  /** The value at `key`; an error if it is missing. */
  required(key: string, what: string): ConfigValue {
    const v = this.get(key);
    if (!v.present) throw v.error(`it is required: ${what}`);
    return v;
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined;
  }
}

/** Parses JSON text (a file's contents or an inline argument), naming where it came from on error. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
}
