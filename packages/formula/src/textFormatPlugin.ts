import { CellError, FunctionArgumentType, type ImplementedFunctions } from 'hyperformula'
import {
  ExcelFunctionPlugin,
  isEmpty,
  numberOf,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'
import { roundHalfAway } from './excelRounding.js'
import { formatWithCode } from './numberFormatCode.js'

/**
 * Numbers to text through Excel's number-format language (`formatWithCode`), the same code the
 * grid and the exports use: TEXT (HyperFormula's only knows `0`, `0.00` and a few date codes),
 * DOLLAR and FIXED (HyperFormula has neither).
 */

/** Excel refuses more decimals than this in DOLLAR and FIXED. */
const MAX_DECIMALS = 127

function decimalsPart(decimals: number): string {
  return decimals > 0 ? `.${'0'.repeat(decimals)}` : ''
}

/**
 * `number` rounded to `decimals` (truncated to an integer; negative rounds left of the point)
 * and shown with `code(decimals)`; `#VALUE!` past 127 decimals, as in Excel.
 */
function fixedText(
  number: number,
  decimals: number,
  code: (places: string) => string,
): string | CellError {
  const d = Math.trunc(decimals)
  if (d > MAX_DECIMALS) return valueError('Too many decimals.')
  const rounded = roundHalfAway(number, d)
  return formatWithCode(rounded, code(decimalsPart(Math.max(0, d)))) ?? valueError()
}

export class TextFormatPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TEXT: {
      method: 'text',
      parameters: [
        { argumentType: FunctionArgumentType.SCALAR },
        { argumentType: FunctionArgumentType.STRING },
      ],
    },
    DOLLAR: {
      method: 'dollar',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 },
      ],
    },
    FIXED: {
      method: 'fixed',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false },
      ],
    },
  }

  /**
   * Excel's TEXT: a number (or text Excel reads as one, `"3/9/2016"`; a blank is 0) in the
   * format code; other text through the code's text section; `#VALUE!` for an invalid code or a
   * date code on a number outside Excel's calendar.
   */
  text(ast: Call, state: unknown): unknown {
    return this.call('TEXT', ast, state, (value: unknown, code: string) => {
      if (value instanceof CellError) return value
      let input: number | string | boolean
      if (isEmpty(value)) input = 0
      else if (typeof value === 'boolean') input = value
      else if (typeof value === 'string') {
        const n = value.trim() === '' ? valueError() : this.toNumber(value)
        input = typeof n === 'number' ? n : value
      } else input = numberOf(value) ?? 0
      return formatWithCode(input, code, 'fail') ?? valueError('Not a valid number format.')
    })
  }

  /** `DOLLAR(-1234.567,-2)` is `($1,200)`: currency with grouping, negatives in parentheses. */
  dollar(ast: Call, state: unknown): unknown {
    return this.call('DOLLAR', ast, state, (number: number, decimals: number) =>
      fixedText(number, decimals, (p) => `"$"#,##0${p};("$"#,##0${p})`),
    )
  }

  /** `FIXED(1234.567,1)` is `1,234.6`; `FIXED(-1234.567,-1,TRUE)` is `-1230`. */
  fixed(ast: Call, state: unknown): unknown {
    return this.call('FIXED', ast, state, (number: number, decimals: number, noCommas: boolean) =>
      fixedText(number, decimals, (p) => (noCommas ? `0${p}` : `#,##0${p}`)),
    )
  }
}
