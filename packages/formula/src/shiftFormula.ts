import { isFormula, tokenize } from './formulaTokens.js'
import { formatA1Reference, mapArea, MAX_COLS, MAX_ROWS } from './references.js'

/**
 * The formula a copy, paste or fill puts `dRows` rows down and `dCols` columns right of the
 * original, as Excel does: relative coordinates move, `$` coordinates stay, and a reference
 * pushed off the grid becomes `#REF!`. Works on display (A1) text; non-formulas are returned
 * as they are.
 */
export function shiftFormula(displayText: string, dRows: number, dCols: number): string {
  if (!isFormula(displayText) || (dRows === 0 && dCols === 0)) return displayText
  const out = tokenize(displayText.slice(1), 'a1').map((token) => {
    if (token.type !== 'ref') return token.text
    const area = mapArea(token.ref.area, (coord, axis) => {
      if (coord.abs) return coord.at
      const at = coord.at + (axis === 'rows' ? dRows : dCols)
      const max = axis === 'rows' ? MAX_ROWS : MAX_COLS
      return at >= 0 && at < max ? at : undefined
    })
    return area ? formatA1Reference({ sheet: token.ref.sheet, area }) : '#REF!'
  })
  return `=${out.join('')}`
}
