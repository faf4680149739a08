import type * as Y from 'yjs'
import { readTables, tablesMap } from '@cellmate/model'
import type { AxisLookup } from './anchoredFormula.js'
import type { FormulaTable } from './structuredRefs.js'

/** A sheet's tables as formulas see them, at the positions of `layout`. */
export function formulaTables(sheetId: string, doc: Y.Doc, layout: AxisLookup): FormulaTable[] {
  if (tablesMap(doc).size === 0) return []
  return readTables(doc, layout).map((t) => {
    const colIds: string[] = []
    for (let c = t.range.start.col; c <= t.range.end.col; c++) colIds.push(layout.colId(c) ?? '')
    return { ...t, sheetId, colIds }
  })
}
