import { inferValue } from '@cellmate/formula'

/**
 * The raw input that reads back as exactly this text: text that would be taken for a number,
 * date, boolean, error or formula (`007`, `1/2/2026`, `TRUE`, `=x`) or that starts with the
 * text marker `'` gets a leading `'`, as Excel does when you type it that way.
 */
export function textInput(text: string): string {
  if (text === '') return ''
  if (text.startsWith('=') || text.startsWith("'")) return `'${text}`
  return inferValue(text).value === text ? text : `'${text}`
}

/** The raw input of a number: JavaScript's shortest round-trip spelling (`0.1`, `1e+21`). */
export function numberInput(n: number): string {
  return Object.is(n, -0) ? '0' : String(n)
}
