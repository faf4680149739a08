import type { SheetInfo } from '@cellmate/model'
import { isFormula, tokenize } from '@cellmate/formula'

/**
 * Ids of the sheets that typed formulas name (`=Sheet2!B4`, `='My sheet'!A1:B2`), matched
 * case-insensitively as Excel does. Names that are no sheet of the workbook are skipped; a
 * structured reference (`Sales[Amount]`) names every sheet, as its table may be on any.
 */
export function sheetsNamedIn(inputs: readonly string[], sheets: readonly SheetInfo[]): string[] {
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s.id]))
  const ids = new Set<string>()
  for (const input of inputs) {
    if (!isFormula(input) || !/[![]/.test(input)) continue
    for (const token of tokenize(input.slice(1), 'a1')) {
      // A table may be on any sheet: a formula naming one loads them all.
      if (token.type === 'structured' && token.table !== null) return sheets.map((s) => s.id)
      if (token.type !== 'ref' || token.ref.sheet === null) continue
      const id = byName.get(token.ref.sheet.toLowerCase())
      if (id !== undefined) ids.add(id)
    }
  }
  return [...ids]
}
