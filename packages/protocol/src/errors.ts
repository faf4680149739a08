/** Every error code either end may send. One list, so clients can switch on it. */
export const ERROR_CODES = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  NOT_JOINED: 'NOT_JOINED',
  INVALID_UPDATE: 'INVALID_UPDATE',
  UPDATE_TOO_LARGE: 'UPDATE_TOO_LARGE',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  STORAGE_FAILED: 'STORAGE_FAILED',
  INTERNAL: 'INTERNAL',
  /**
   * The update builds on edits the server does not have (yet): structs or deletions of clocks
   * it has not seen. Nothing was applied. The client re-joins, which sends the whole diff
   * against the server's state, so an edit that only arrived out of order goes through.
   */
  OUT_OF_ORDER: 'OUT_OF_ORDER',
  /** The Yjs client id is bound to another session of this document; pick a new one. */
  CLIENT_ID_TAKEN: 'CLIENT_ID_TAKEN',
  /** An export would be larger than the server writes (`EXPORT_MAX_CELLS`); HTTP 413. */
  EXPORT_TOO_LARGE: 'EXPORT_TOO_LARGE',
  /** A value refused by a sheet's data validation rule ("Reject input"); HTTP 422. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
} as const

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES]

/**
 * Codes after which resending the same update can succeed (the server had a passing fault).
 * Any other refusal is final for that update.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ERROR_CODES.STORAGE_FAILED,
  ERROR_CODES.INTERNAL,
  ERROR_CODES.RATE_LIMITED,
  ERROR_CODES.NOT_JOINED,
  ERROR_CODES.OUT_OF_ORDER,
])

/** The error body of an ack or a REST response. */
export interface ErrorBody {
  code: ErrorCode
  message: string
}

/** An error carrying a protocol code; thrown inside the server, sent as `{error}`. */
export class CellmateError extends Error {
  override name = 'CellmateError'
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message }
  }
}
