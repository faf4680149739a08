import type { SheetInfo } from '@cellmate/model'
import { isFormula, tokenize } from '@cellmate/formula'

/**
 * Ids of the sheets that typed formulas name (`=Sheet2!B4`, `='My sheet'!A1:B2`), matched
 * case-insensitively as Excel does. Names that are no sheet of the workbook are skipped.
 */
export function sheetsNamedIn(inputs: readonly string[], sheets: readonly SheetInfo[]): string[] {
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s.id]))
  const ids = new Set<string>()
  for (const input of inputs) {
    if (!isFormula(input) || !input.includes('!')) continue
    for (const token of tokenize(input.slice(1), 'a1')) {
      if (token.type !== 'ref' || token.ref.sheet === null) continue
      const id = byName.get(token.ref.sheet.toLowerCase())
      if (id !== undefined) ids.add(id)
    }
  }
  return [...ids]
}
