import type * as Y from 'yjs'
import { sheetTypes, validationsMap, type CellFormat, type SheetLayout } from '@cellmate/model'
import { sheetFormulaContext, type CellValue, type ShownFormat } from '@cellmate/formula'
import type { SheetFormulas } from '../formula/sheetFormulas'
import { SheetConditionalFormats } from '../conditionalFormat/sheetConditionalFormats'
import { SheetFilters } from '../filter/sheetFilters'
import { SheetTables } from '../table/sheetTables'
import { SheetValidations } from '../validation/sheetValidations'
import type { DisplayChanges } from './displayChanges'
import {
  afterTransactionOn,
  watchConditionalFormats,
  watchDisplayChanges,
  watchFilters,
  type WatchedSheet,
} from './sheetWatches'

/** What the parts of an open sheet read of it: its document and its cells as shown. */
export interface SheetPartsHost {
  readonly id: string
  readonly doc: Y.Doc
  readonly layout: SheetLayout
  readonly formulas: SheetFormulas | null
  readonly origin: object
  readonly displayChanges: DisplayChanges
  readonly value: (row: number, col: number) => CellValue
  readonly format: (row: number, col: number) => CellFormat
  readonly shownFormat: (row: number, col: number) => ShownFormat | null
  /** A cell's value as text (formulas: their result), as a dropdown lists it. */
  readonly shownValue: (row: number, col: number) => string
}

/** The parts of an open sheet beside its cells, as `SheetSession` exposes them. */
export interface SheetParts {
  readonly validations: SheetValidations
  readonly filters: SheetFilters
  readonly tables: SheetTables
  readonly conditionalFormats: SheetConditionalFormats
  /** Stops every watch and closes the tables (the sheet closes). */
  close(): void
}

/**
 * Builds an open sheet's data validation rules, filters, tables and conditional formats, each
 * kept current by its watch of the document, and keeps `displayChanges` (`watchDisplayChanges`).
 */
export function openSheetParts(host: SheetPartsHost): SheetParts {
  const { doc, layout, formulas, origin } = host
  const t = sheetTypes(doc)
  // Rule formulas and list sources are stored anchored to this sheet's ids.
  const context = () => formulas?.context ?? sheetFormulaContext(host.id, layout)
  const validations = new SheetValidations({
    doc,
    layout,
    origin,
    context,
    shown: host.shownValue,
    calculate: (formula) => formulas?.calculate(formula),
    whenCalculable: () => formulas?.whenCalculable() ?? Promise.resolve(),
    shownOn: (sheetId, row, col) => formulas?.shownOnSheet(sheetId, row, col),
  })
  const stopRules = afterTransactionOn(
    doc,
    [t.rows, t.cols, t.removedRows, t.removedCols, validationsMap(doc)],
    () => validations.invalidate(),
  )
  // A list from another sheet shows its name and rows: renamed, deleted or its rows moved,
  // the rules are read again.
  const stopOtherSheets = formulas?.onDisplayChange(() => validations.invalidate())
  const filters = new SheetFilters(
    {
      id: host.id,
      doc,
      layout,
      value: host.value,
      format: host.format,
      shownFormat: host.shownFormat,
      setHiddenRows: (rows) => formulas?.setHiddenRows(rows),
    },
    origin,
  )
  const stopFilters = watchFilters({ doc, formulas, filters })
  const tables = new SheetTables(doc, layout, origin)
  const conditionalFormats = new SheetConditionalFormats({
    doc,
    origin,
    layout,
    context,
    value: host.value,
    evaluate: (formula) => formulas?.evaluate(formula) ?? null,
  })
  const watched: WatchedSheet = {
    doc,
    layout,
    formulas,
    filters,
    displayChanges: host.displayChanges,
    conditionalFormats,
  }
  const stopConditional = watchConditionalFormats(watched)
  const stopDisplayChanges = watchDisplayChanges(watched)
  return {
    validations,
    filters,
    tables,
    conditionalFormats,
    close: () => {
      stopRules()
      stopOtherSheets?.()
      stopConditional()
      tables.close()
      stopFilters()
      stopDisplayChanges()
    },
  }
}
