/**
 * Input checks for the public API. Each throws `SgdynError('INVALID_ARGUMENT')` with a
 * message naming the function, the parameter, the value and what is allowed.
 */
import { SgdynError } from '../bindings/index.js';

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `[array of length ${(v as ArrayLike<unknown>).length}]`;
  return String(v);
}

export function invalid(where: string, name: string, value: unknown, allowed: string): SgdynError {
  return new SgdynError('INVALID_ARGUMENT', `${where}: ${name} = ${show(value)} is not allowed: ${allowed}`);
}

/** A finite number > 0. */
export function positive(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw invalid(where, name, v, 'it must be a finite number > 0');
  return v;
}

/** A finite number ≥ 0. */
export function nonNegative(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid(where, name, v, 'it must be a finite number >= 0');
  return v;
}

/** Any finite number. */
export function finite(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(where, name, v, 'it must be a finite number');
  return v;
}

/** An integer in [min, 2⁵³). */
export function integer(where: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw invalid(where, name, v, `it must be an integer >= ${min}`);
  }
  return v;
}

/** A seed: a non-negative safe integer or a bigint in [0, 2⁶⁴). */
export function seed(where: string, v: unknown): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'bigint' && v >= 0n && v < 1n << 64n) return v;
  throw invalid(where, 'seed', v, 'it must be an integer in [0, 2^53) or a bigint in [0, 2^64)');
}

/** An array-like of finite numbers whose length is one of `lengths`. */
export function finiteArray(where: string, name: string, v: unknown, lengths: number[], lengthsText: string): Float64Array {
  if (!(Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)))) {
    throw invalid(where, name, v, `it must be an array of numbers (${lengthsText})`);
  }
  const a = v as ArrayLike<unknown>;
  if (!lengths.includes(a.length)) throw invalid(where, `${name}.length`, a.length, `it must be ${lengthsText}`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' && typeof x !== 'bigint') throw invalid(where, `${name}[${i}]`, x, 'every entry must be a finite number');
    const n = Number(x);
    if (!Number.isFinite(n)) throw invalid(where, `${name}[${i}]`, x, 'every entry must be a finite number');
    out[i] = n;
  }
  return out;
}

/** One of the listed string values. */
export function oneOf<T extends string>(where: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw invalid(where, name, v, `it must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return v as T;
}
