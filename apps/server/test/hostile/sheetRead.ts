import * as Y from 'yjs'
import { SheetLayout, formatA1, sheetTypes } from '@cellmate/model'

/** A sheet as a fresh reader receives it. */
export interface SheetRead {
  /** The raw `cells` map (whatever it holds, bad values included). */
  cells: Record<string, unknown>
  /** What a reader shows: A1 address -> input, for string inputs on live rows and columns. */
  grid: Map<string, string>
  stateVector: Map<number, number>
  /** `rowId:colId` -> A1 address, for every cell key on a live row and column. */
  addressOf: Map<string, string>
  rowCount: number
  colCount: number
}

/** A sheet document as readers see it. */
export function sheetRead(doc: Y.Doc): SheetRead {
  const layout = new SheetLayout(doc)
  try {
    const cells = sheetTypes(doc).cells.toJSON()
    const grid = new Map<string, string>()
    const addressOf = new Map<string, string>()
    for (const [key, value] of Object.entries(cells)) {
      const sep = key.indexOf(':')
      const row = layout.rowIndexOf(key.slice(0, sep))
      const col = layout.colIndexOf(key.slice(sep + 1))
      if (row < 0 || col < 0) continue
      addressOf.set(key, formatA1({ row, col }))
      if (typeof value === 'string') grid.set(formatA1({ row, col }), value)
    }
    return {
      cells,
      grid,
      addressOf,
      stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)),
      rowCount: layout.rowCount,
      colCount: layout.colCount,
    }
  } finally {
    layout.destroy()
  }
}
