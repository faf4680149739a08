/**
 * What a cell evaluates to. Spreadsheet errors are values, never exceptions: a formula that
 * divides by zero is a cell holding `#DIV/0!`, and everything downstream of it sees that value.
 */

/**
 * The error codes a cell can show: Excel's, and Google Sheets' `#ERROR!` for a formula that does
 * not parse (Excel refuses such an entry; Cellmate keeps what was typed so it can be fixed).
 */
export const ERROR_CODES = [
  '#DIV/0!',
  '#N/A',
  '#NAME?',
  '#NULL!',
  '#NUM!',
  '#REF!',
  '#VALUE!',
  '#SPILL!',
  '#CALC!',
  '#ERROR!',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** An error value, with a sentence a tooltip can show ("why is this #REF!?"). */
export interface CellError {
  error: ErrorCode
  message: string
}

/** A computed (or typed) cell value. `null` is an empty cell. */
export type CellValue = number | string | boolean | null | CellError

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

/** True for an error value. */
export function isCellError(value: CellValue | undefined): value is CellError {
  return typeof value === 'object' && value !== null && 'error' in value
}

/** `"#div/0!"` -> `"#DIV/0!"`; null when the text is not exactly an error code. */
export function parseErrorCode(text: string): ErrorCode | null {
  const upper = text.trim().toUpperCase()
  return CODES.has(upper) ? (upper as ErrorCode) : null
}

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  '#DIV/0!': 'Division by zero.',
  '#N/A': 'Value not available.',
  '#NAME?': 'Unknown function or name.',
  '#NULL!': 'The ranges do not intersect.',
  '#NUM!': 'Invalid numeric value.',
  '#REF!': 'Reference to a deleted or missing cell.',
  '#VALUE!': 'Wrong type of argument.',
  '#SPILL!': 'No room to spill the result.',
  '#CALC!': 'The formula could not be calculated.',
  '#ERROR!': 'Formula parse error.',
}

/** Builds an error value; the message defaults to a generic explanation of the code. */
export function cellError(code: ErrorCode, message?: string): CellError {
  return {
    error: code,
    message: message !== undefined && message !== '' ? message : DEFAULT_MESSAGES[code],
  }
}
