/**
 * Excel's General format: what an unformatted cell shows for a number, and the code
 * `"General"` in `TEXT` and in a cell's number format.
 */

/** Excel's "General" keeps a number within 11 characters, switching to scientific past that. */
const GENERAL_WIDTH = 11

function scientific(n: number): string {
  for (let digits = 5; digits >= 0; digits--) {
    const [mantissa, exp] = n.toExponential(digits).split('e') as [string, string]
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
    const e = Number(exp)
    const text = `${trimmed}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
    if (text.length <= GENERAL_WIDTH || digits === 0) return text
  }
  return n.toExponential(0)
}

/** `1/3` -> `0.333333333`, `1234567` -> `1234567`, `1e15` -> `1E+15`, like Excel's General. */
export function formatGeneral(n: number): string {
  if (!Number.isFinite(n)) return '#NUM!'
  if (n === 0) return '0'
  const abs = Math.abs(n)
  if (abs >= 1e11 || abs < 1e-9) return scientific(n)
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1)
  const room = GENERAL_WIDTH - (n < 0 ? 1 : 0) - intDigits - 1
  // Round to what fits, then drop trailing zeros: 0.1 + 0.2 shows 0.3, as in Excel.
  const fixed = n.toFixed(Math.max(0, Math.min(room, 20)))
  const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
  if (text === '0' || text === '-0') return scientific(n)
  return text.length <= GENERAL_WIDTH + 1 ? text : scientific(n)
}

/** Significant digits Excel keeps, and shows when it turns a number into text. */
const TEXT_DIGITS = 15

/**
 * A number as Excel writes it into text (`CONCAT(1/3)`, `VALUETOTEXT`): up to 15 significant
 * digits without trailing zeros, in scientific notation from 1E+15 up and below 1E-9
 * (`1.23456789012346E+17`).
 */
export function numberToText(n: number): string {
  if (!Number.isFinite(n)) return '#NUM!'
  if (n === 0) return '0'
  const rounded = Number(n.toPrecision(TEXT_DIGITS))
  const abs = Math.abs(rounded)
  if (abs >= 1e15 || abs < 1e-9) {
    const [mantissa, exp] = rounded.toExponential(TEXT_DIGITS - 1).split('e') as [string, string]
    const trimmed = mantissa.replace(/\.?0+$/, '')
    const e = Number(exp)
    return `${trimmed}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  const digits = Math.max(0, TEXT_DIGITS - 1 - Math.floor(Math.log10(abs)))
  const fixed = rounded.toFixed(Math.min(digits, 100))
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}
