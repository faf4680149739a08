import type * as Y from 'yjs'
import { SheetLayout, listSheets, type Axis } from '@cellmate/model'
import {
  cellError,
  deleteAxisKeepingRanges,
  inferValue,
  isFormula,
  toDisplayFormula,
  toStoredFormula,
  workbookFormulaContext,
  type AxisLookup,
  type CellValue,
  type FormulaContext,
  type WorkbookEngine,
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

/** Fetches the engine's code (a chunk of its own: see `formulaEngine.ts`). */
export type LoadEngine = () => Promise<{ WorkbookEngine: typeof WorkbookEngine }>

const loadEngineChunk: LoadEngine = () => import('./formulaEngine')

const ENGINE_UNAVAILABLE = cellError(
  '#CALC!',
  'The formula engine could not be loaded; reload the page to calculate formulas.',
)

/**
 * One HyperFormula engine per open workbook, fed from the sheet documents of this tab and kept
 * in step with them incrementally (see `WorkbookEngine`).
 *
 * The engine's code arrives after the grid is up (`loadEngine`, a separate chunk): until then
 * typed values show as the engine would show them (`inferValue`), formulas show nothing, and
 * formula text still converts both ways, through the layouts of the loaded sheet documents.
 * When the engine arrives it is fed every sheet loaded so far and each open sheet repaints.
 *
 * Every sheet the workbook lists is asked for through `load` (once each; the caller passes the
 * document to `addSheet` when it is ready): a formula on one sheet may read any other, and a
 * reference typed to another sheet can only be anchored to its row and column ids when that
 * sheet's layout is known. A sheet added later by anyone is asked for as it appears.
 */
export class WorkbookFormulas {
  /** Resolves when the engine evaluates (or could not be loaded: then formulas read `#CALC!`). */
  readonly engineReady: Promise<void>
  private engine: WorkbookEngine | null = null
  private engineFailed = false
  private destroyed = false
  private readonly docs = new Map<string, Y.Doc>()
  /** Layouts of other sheets for formula text conversions until the engine has its own. */
  private readonly interimLayouts = new Map<string, SheetLayout>()
  /** Open sheets to repaint when the engine arrives. */
  private readonly awaitingEngine = new Set<(engine: WorkbookEngine | null) => void>()
  private readonly requested = new Set<string>()
  private readonly onWorkbookChange = (): void => this.requestListed()

  constructor(
    private readonly workbook: Y.Doc,
    private readonly load: (sheetId: string) => void,
    onError: (error: unknown) => void = (error) => console.error('formula engine:', error),
    loadEngine: LoadEngine = loadEngineChunk,
  ) {
    workbook.on('afterTransaction', this.onWorkbookChange)
    this.requestListed()
    this.engineReady = loadEngine().then(
      ({ WorkbookEngine }) => {
        if (this.destroyed) return
        const engine = new WorkbookEngine(workbook, {
          onMissingSheet: (id) => this.request(id),
          onError,
        })
        for (const [sheetId, doc] of this.docs) engine.addSheet(sheetId, doc)
        this.engine = engine
        for (const layout of this.interimLayouts.values()) layout.destroy()
        this.interimLayouts.clear()
        this.engineArrived(engine)
      },
      (error: unknown) => {
        if (this.destroyed) return
        this.engineFailed = true
        onError(error)
        this.engineArrived(null)
      },
    )
  }

  /** Feeds a loaded sheet document to the engine (once per document). */
  addSheet(sheetId: string, doc: Y.Doc): void {
    if (this.docs.get(sheetId) === doc) return
    this.docs.set(sheetId, doc)
    this.interimLayouts.get(sheetId)?.destroy()
    this.interimLayouts.delete(sheetId)
    this.engine?.addSheet(sheetId, doc)
  }

  /** The sheet documents the engine evaluates, by sheet id. */
  get sheetDocs(): ReadonlyMap<string, Y.Doc> {
    return this.docs
  }

  /**
   * The formula services of one sheet. `hostLayout` is the sheet's own layout as the grid
   * reads it, so conversions always agree with what the user sees.
   */
  forSheet(sheetId: string, hostLayout: SheetLayout): SheetFormulas {
    const context: FormulaContext = workbookFormulaContext(this.workbook, sheetId, (id) =>
      id === sheetId ? hostLayout : this.layoutOf(id),
    )
    return {
      context,
      value: (row, col) => {
        if (this.engine) return this.engine.getValue(sheetId, row, col)
        const raw = hostLayout.cellAt(row, col)
        if (!isFormula(raw)) return raw === '' ? null : inferValue(raw).value
        return this.engineFailed ? ENGINE_UNAVAILABLE : null
      },
      toDisplay: (stored) => toDisplayFormula(stored, context),
      toStored: (input) => toStoredFormula(input, context),
      deleteAxis: (axis, at, count, origin) =>
        deleteAxisKeepingRanges(this.docs, sheetId, axis, at, count, origin),
      onDisplayChange: (listener) => {
        let stopEngine = (): void => {}
        const watch = (engine: WorkbookEngine): void => {
          stopEngine = engine.onChange((changes) => {
            if (changes.some((c) => c.sheetId === sheetId)) listener()
          })
        }
        const arrived = (engine: WorkbookEngine | null): void => {
          if (engine) watch(engine)
          listener()
        }
        if (this.engine) watch(this.engine)
        else if (!this.engineFailed) this.awaitingEngine.add(arrived)
        const onWorkbook = (): void => listener()
        this.workbook.on('afterTransaction', onWorkbook)
        return () => {
          this.awaitingEngine.delete(arrived)
          stopEngine()
          this.workbook.off('afterTransaction', onWorkbook)
        }
      },
    }
  }

  /** Another sheet's layout: the engine's, or until it evaluates, one read from its document. */
  private layoutOf(sheetId: string): AxisLookup | undefined {
    if (this.engine) return this.engine.formulaContext(sheetId).layout(sheetId)
    const doc = this.docs.get(sheetId)
    if (!doc) return undefined
    let layout = this.interimLayouts.get(sheetId)
    if (!layout) {
      layout = new SheetLayout(doc)
      this.interimLayouts.set(sheetId, layout)
    }
    return layout
  }

  private engineArrived(engine: WorkbookEngine | null): void {
    const waiting = [...this.awaitingEngine]
    this.awaitingEngine.clear()
    for (const arrived of waiting) arrived(engine)
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
    this.destroyed = true
    this.workbook.off('afterTransaction', this.onWorkbookChange)
    this.engine?.destroy()
    for (const layout of this.interimLayouts.values()) layout.destroy()
    this.interimLayouts.clear()
    this.awaitingEngine.clear()
    this.docs.clear()
  }
}
