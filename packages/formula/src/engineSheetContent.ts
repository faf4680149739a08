import type { RawCellContent } from 'hyperformula'
import { cellInputs } from '@cellmate/model'
import { toEngineContent, type EngineSheets } from './engineFormula.js'
import { formulaKey, type FormulaIndex } from './formulaIndex.js'
import { splitCellKey, type SheetMirror } from './sheetMirror.js'

/** What reading a sheet for the engine needs of it (`EngineCore`). */
export interface ContentReader {
  readonly sheets: EngineSheets
  readonly index: FormulaIndex
  /** True while a quarantined cell still holds the input HyperFormula failed on. */
  isWithheld(key: string, raw: string | undefined): boolean
  /** Notes a cell whose row or column is not in the layout. */
  noteOrphan(mirror: SheetMirror, key: string, raw: string | undefined): void
}

/**
 * The row of `sheetContent` for every row without cells, shared: a sheet whose only cell is at
 * row 1,048,576 is a million references to it rather than a million arrays.
 */
const NO_CELLS: readonly RawCellContent[] = Object.freeze([])

/**
 * The whole sheet as a 2-D array for `buildFromSheets` or `setSheetContent` (one parse pass,
 * no events), its formulas indexed on the way.
 */
export function sheetContent(mirror: SheetMirror, core: ContentReader): RawCellContent[][] {
  const data: Array<readonly RawCellContent[]> = []
  mirror.orphans.clear()
  for (const [key, raw] of cellInputs(mirror.types.cells)) {
    const { rowId, colId } = splitCellKey(key)
    const row = mirror.rowIndexOf(rowId)
    const col = mirror.colIndexOf(colId)
    if (row < 0 || col < 0) {
      core.noteOrphan(mirror, key, raw)
      continue
    }
    const fKey = formulaKey(mirror.sheetId, key)
    if (core.isWithheld(fKey, raw)) continue
    const { content, anchors } = toEngineContent(raw, mirror.sheetId, core.sheets, { row, col })
    // The sheet's formulas are not indexed yet (it was just activated or cleared); the index
    // takes them in after the build unless asked about them first.
    if (anchors.length > 0) core.index.addLater(fKey, anchors)
    while (data.length <= row) data.push(NO_CELLS)
    let line = data[row] as RawCellContent[]
    if (line === NO_CELLS) data[row] = line = []
    // Left as holes, which HyperFormula reads as empty: a lone cell in column XFD costs one
    // slot, not 16,384.
    line[col] = content
  }
  // HyperFormula only reads it (our undo lives in the documents: `undoLimit: 0`).
  return data as RawCellContent[][]
}
