/**
 * The one error type of sgdyn. Every failure the library can detect (bad input, a
 * disposed object, a diverged trajectory, a failed load) is an `SgdynError` with a
 * stable `code` and a message that names the parameter, the bad value and what is allowed.
 */
export type SgdynErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_HANDLE'
  | 'DIVERGED'
  | 'OUT_OF_MEMORY'
  | 'DISPOSED'
  | 'NOT_INITIALIZED'
  | 'LOAD_FAILED'
  | 'ABI_MISMATCH'
  | 'WORKER_FAILED'
  | 'CALLBACK_FAILED'
  | 'REENTRANT_CALL';

/** Extra facts attached to some errors. */
export interface SgdynErrorDetails {
  /** For `DIVERGED`: global index of the first trajectory that became non-finite. */
  trajectory?: number;
  /** For `DIVERGED`: the (1-based) step after which it was first non-finite. */
  step?: number;
  /** What caused it, e.g. the exception a `landscapes.fromFunction` callback threw (`error.cause`). */
  cause?: unknown;
}

export class SgdynError extends Error {
  readonly code: SgdynErrorCode;
  readonly trajectory?: number;
  readonly step?: number;

  constructor(code: SgdynErrorCode, message: string, details: SgdynErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SgdynError';
    this.code = code;
    if (details.trajectory !== undefined) this.trajectory = details.trajectory;
    if (details.step !== undefined) this.step = details.step;
  }
}

/** Status codes of the C ABI (crate/src/error.rs `ErrorCode`). */
export const STATUS_CODES: Record<number, SgdynErrorCode> = {
  1: 'INVALID_ARGUMENT',
  2: 'INVALID_HANDLE',
  3: 'DIVERGED',
  4: 'OUT_OF_MEMORY',
  5: 'CALLBACK_FAILED',
};
