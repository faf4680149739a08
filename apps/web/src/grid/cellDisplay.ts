const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$/

/** True for inputs shown as numbers (right-aligned), as spreadsheets do. */
export function looksNumeric(raw: string): boolean {
  return NUMBER_RE.test(raw.trim())
}

// The rule lives in @cellmate/formula, shared with the server's exports.
export { numberFormatText } from '@cellmate/formula'
