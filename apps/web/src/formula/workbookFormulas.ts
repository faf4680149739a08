import type * as Y from 'yjs'
import { listSheets, type Axis } from '@cellmate/model'
import {
  WorkbookEngine,
  deleteAxisKeepingRanges,
  toDisplayFormula,
  toStoredFormula,
  workbookFormulaContext,
  type AxisLookup,
  type CellValue,
  type FormulaContext,
} from '@cellmate/formula'

/** What an open sheet needs from the workbook's formula engine. */
export interface SheetFormulas {
  /** How formula text on this sheet maps to ids (for copy/paste and fill shifting). */
  readonly context: FormulaContext
  /** The computed value at a position; null for an empty cell. */
  value(row: number, col: number): CellValue
  /** A stored input as the user sees it: formulas in A1 form for the current layout. */
  toDisplay(stored: string): string
  /** Typed input as it is stored: formulas with references anchored to ids. */
  toStored(input: string): string
  /**
   * Deletes rows or columns so that ranges ending on them shrink as in Excel instead of
   * reading `#REF!` (formulas on every sheet loaded in this tab are adjusted).
   */
  deleteAxis(axis: Axis, at: number, count: number, origin: unknown): void
  /**
   * Calls `listener` when what this sheet shows may have changed without an edit to it: values
   * recomputed after an edit on another sheet, or a sheet renamed, added or deleted (formula
   * text such as `=Rates!B4` names sheets).
   */
  onDisplayChange(listener: () => void): () => void
}

/**
 * One HyperFormula engine per open workbook, fed from the sheet documents of this tab and kept
 * in step with them incrementally (see `WorkbookEngine`).
 *
 * Every sheet the workbook lists is asked for through `load` (once each; the caller passes the
 * document to `addSheet` when it is ready): a formula on one sheet may read any other, and a
 * reference typed to another sheet can only be anchored to its row and column ids when that
 * sheet's layout is known. A sheet added later by anyone is asked for as it appears.
 */
export class WorkbookFormulas {
  readonly engine: WorkbookEngine
  private readonly docs = new Map<string, Y.Doc>()
  private readonly requested = new Set<string>()
  private readonly onWorkbookChange = (): void => this.requestListed()

  constructor(
    private readonly workbook: Y.Doc,
    private readonly load: (sheetId: string) => void,
    onError: (error: unknown) => void = (error) => console.error('formula engine:', error),
  ) {
    this.engine = new WorkbookEngine(workbook, {
      onMissingSheet: (id) => this.request(id),
      onError,
    })
    workbook.on('afterTransaction', this.onWorkbookChange)
    this.requestListed()
  }

  /** Feeds a loaded sheet document to the engine (once per document). */
  addSheet(sheetId: string, doc: Y.Doc): void {
    if (this.docs.get(sheetId) === doc) return
    this.docs.set(sheetId, doc)
    this.engine.addSheet(sheetId, doc)
  }

  /** The sheet documents the engine evaluates, by sheet id. */
  get sheetDocs(): ReadonlyMap<string, Y.Doc> {
    return this.docs
  }

  /**
   * The formula services of one sheet. `hostLayout` is the sheet's own layout as the grid
   * reads it, so conversions always agree with what the user sees.
   */
  forSheet(sheetId: string, hostLayout: AxisLookup): SheetFormulas {
    const engine = this.engine
    const context: FormulaContext = workbookFormulaContext(this.workbook, sheetId, (id) =>
      id === sheetId ? hostLayout : engine.formulaContext(id).layout(id),
    )
    return {
      context,
      value: (row, col) => engine.getValue(sheetId, row, col),
      toDisplay: (stored) => toDisplayFormula(stored, context),
      toStored: (input) => toStoredFormula(input, context),
      deleteAxis: (axis, at, count, origin) =>
        deleteAxisKeepingRanges(this.docs, sheetId, axis, at, count, origin),
      onDisplayChange: (listener) => {
        const stopEngine = engine.onChange((changes) => {
          if (changes.some((c) => c.sheetId === sheetId)) listener()
        })
        const onWorkbook = (): void => listener()
        this.workbook.on('afterTransaction', onWorkbook)
        return () => {
          stopEngine()
          this.workbook.off('afterTransaction', onWorkbook)
        }
      },
    }
  }

  private requestListed(): void {
    for (const { id } of listSheets(this.workbook)) this.request(id)
  }

  private request(sheetId: string): void {
    if (this.docs.has(sheetId) || this.requested.has(sheetId)) return
    this.requested.add(sheetId)
    this.load(sheetId)
  }

  destroy(): void {
    this.workbook.off('afterTransaction', this.onWorkbookChange)
    this.engine.destroy()
    this.docs.clear()
  }
}
