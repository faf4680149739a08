import type * as Y from 'yjs'
import {
  conditionalFormatsMap,
  filterMap,
  formatsMap,
  hiddenMap,
  mergesMap,
  sheetTypes,
  tablesMap,
  validationsMap,
  type CellPosition,
  type SheetLayout,
} from '@cellmate/model'
import type { SheetFormulas } from '../formula/sheetFormulas'
import { shownStyleChanged } from '../formula/shownStyleChange'
import type { SheetConditionalFormats } from '../conditionalFormat/sheetConditionalFormats'
import { SheetFilters } from '../filter/sheetFilters'
import type { DisplayChanges } from './displayChanges'

/** Cells one transaction may change and still be re-read row by row (a typing, a small paste). */
const ROWWISE_CELLS = 64

/** What of an open sheet its change watchers read (`SheetSession`'s parts). */
export interface WatchedSheet {
  readonly doc: Y.Doc
  readonly layout: SheetLayout
  readonly formulas: SheetFormulas | null
  readonly filters: SheetFilters
  readonly displayChanges: DisplayChanges
  readonly conditionalFormats: SheetConditionalFormats
}

/** Calls `listener` after each transaction of `doc` that changed one of `types`. */
export function afterTransactionOn(
  doc: Y.Doc,
  types: readonly object[],
  listener: () => void,
): () => void {
  const handler = (tr: Y.Transaction): void => {
    const changed: ReadonlyMap<object, unknown> = tr.changed
    if (types.some((type) => changed.has(type))) listener()
  }
  doc.on('afterTransaction', handler)
  return () => doc.off('afterTransaction', handler)
}

/** What an open sheet's change listeners watch besides its document. */
type ChangeSources = Pick<WatchedSheet, 'doc' | 'formulas' | 'filters'>

/**
 * Calls `listener` once per transaction that changed what the sheet shows (`SheetSession`'s
 * `onChange`), and when values change through the engine or filter views change.
 */
export function watchSheetChanges(sheet: ChangeSources, listener: () => void): () => void {
  const { doc } = sheet
  const t = sheetTypes(doc)
  // Values also change with cells on other sheets, and formula text with sheet names.
  const stopValues = sheet.formulas?.onDisplayChange(listener)
  const stopViews = sheet.filters.onChange(listener)
  const stopDoc = afterTransactionOn(
    doc,
    [
      t.rows,
      t.cols,
      t.removedRows,
      t.removedCols,
      t.cells.array,
      formatsMap(doc),
      mergesMap(doc),
      validationsMap(doc),
      conditionalFormatsMap(doc),
      tablesMap(doc),
      hiddenMap(doc, 'rows'),
      hiddenMap(doc, 'cols'),
      filterMap(doc),
    ],
    listener,
  )
  return () => {
    stopViews()
    stopValues?.()
    stopDoc()
  }
}

/** Which rows a filter hides follows the values: any change may change it. */
export function watchFilters(sheet: ChangeSources): () => void {
  const { doc, filters } = sheet
  const t = sheetTypes(doc)
  const forget = (): void => filters.invalidate()
  const stopValues = sheet.formulas?.onDisplayChange(forget)
  const stopDoc = afterTransactionOn(
    doc,
    [
      t.rows,
      t.cols,
      t.removedRows,
      t.removedCols,
      t.cells.array,
      formatsMap(doc),
      ...SheetFilters.watches(doc),
    ],
    forget,
  )
  return () => {
    stopValues?.()
    stopDoc()
  }
}

/**
 * Runs `change` (an undo or a redo) and returns the position of a visible cell it changed;
 * null when it changed no cell that is still on the sheet.
 */
export function cellChangedBy(
  doc: Y.Doc,
  layout: SheetLayout,
  change: () => void,
): CellPosition | null {
  const { cells } = sheetTypes(doc)
  const keys: string[] = []
  const stop = cells.observe((changed) => keys.push(...changed))
  try {
    change()
  } finally {
    stop()
  }
  for (const key of keys) {
    const sep = key.indexOf(':')
    const row = layout.rowIndexOf(key.slice(0, sep))
    const col = layout.colIndexOf(key.slice(sep + 1))
    if (row >= 0 && col >= 0) return { row, col }
  }
  return null
}

/**
 * Keeps `displayChanges`: values typed or recomputed mark their rows; anything else (a
 * format, the structure, rules, merges, filters, sizes) marks every row. So does a value on
 * a sheet with merges, conditional formats or validation rules (a cell's look there depends
 * on other cells), and an input that changes what inherited formats read of it
 * (`shownFormatKey`: `5` retyped as `$5` turns `=A1*2` into money).
 */
export function watchDisplayChanges(sheet: WatchedSheet): () => void {
  const { doc, layout, displayChanges: changes } = sheet
  const cells = sheetTypes(doc).cells
  const rowsOf = (keys: Iterable<string>): number[] =>
    [...keys].map((key) => layout.rowIndexOf(key.slice(0, key.indexOf(':'))))
  const stopCells = cells.observe((keys, tr) => {
    if (valuesOnly(doc, keys, tr)) changes.markRows(rowsOf(keys))
    else changes.markAll()
  })
  const onTransaction = (tr: Y.Transaction): void => {
    for (const type of tr.changed.keys()) if (type !== cells.array) return changes.markAll()
  }
  doc.on('afterTransaction', onTransaction)
  const stopValues = sheet.formulas?.onDisplayChange((recomputed) => {
    if (recomputed) changes.markRows(recomputed.map((c) => c.row))
    else changes.markAll()
  })
  const stopViews = sheet.filters.onChange(() => changes.markAll())
  return () => {
    stopCells()
    doc.off('afterTransaction', onTransaction)
    stopValues?.()
    stopViews()
  }
}

/** True when a transaction changed only what cells show in their own rows. */
function valuesOnly(doc: Y.Doc, keys: ReadonlySet<string>, tr: Y.Transaction): boolean {
  if (keys.size > ROWWISE_CELLS) return false
  if (mergesMap(doc).size > 0 || conditionalFormatsMap(doc).size > 0) return false
  if (validationsMap(doc).size > 0) return false
  return !shownStyleChanged(sheetTypes(doc).cells, tr)
}

/**
 * Keeps the conditional formats' range statistics current: changed values are reported by
 * cell (typed ones from the cell log, recomputed ones from the engine) so statistics are
 * updated rather than read again; new rules, moved rows or columns, or a change the engine
 * cannot place start over.
 */
export function watchConditionalFormats(sheet: WatchedSheet): () => void {
  const { doc, layout, conditionalFormats: cf } = sheet
  const t = sheetTypes(doc)
  const stopStructure = afterTransactionOn(
    doc,
    [t.rows, t.cols, t.removedRows, t.removedCols, conditionalFormatsMap(doc)],
    () => cf.invalidate(),
  )
  const stopCells = t.cells.observe((keys) => {
    const cells: CellPosition[] = []
    for (const key of keys) {
      const sep = key.indexOf(':')
      const row = layout.rowIndexOf(key.slice(0, sep))
      const col = layout.colIndexOf(key.slice(sep + 1))
      if (row >= 0 && col >= 0) cells.push({ row, col })
    }
    cf.valuesChanged(cells)
  })
  const stopValues = sheet.formulas?.onDisplayChange((cells) =>
    cells ? cf.valuesChanged(cells) : cf.invalidate(),
  )
  return () => {
    stopStructure()
    stopCells()
    stopValues?.()
  }
}
