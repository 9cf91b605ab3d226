/** Asserts that `f` throws an `SgdynError` with `code` and a message containing every fragment. */
import { expect } from 'vitest';
import { SgdynError } from '../../ts/index.js';

export function expectError(f: () => unknown, code: string, ...fragments: string[]): SgdynError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SgdynError);
  const e = caught as SgdynError;
  expect(e.code).toBe(code);
  for (const fragment of fragments) expect(e.message).toContain(fragment);
  return e;
}
