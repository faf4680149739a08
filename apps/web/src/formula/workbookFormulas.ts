import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import {
  SheetLayout,
  cellInputAt,
  listSheets,
  sheetTypes,
  type CellPosition,
} from '@cellmate/model'
import {
  cellError,
  convertTableToRange,
  deleteAxisKeepingRanges,
  moveAxisKeepingRanges,
  documentFormatSource,
  inferValue,
  sortKeepingRanges,
  isFormula,
  shownFormat,
  toDisplayFormula,
  toStoredFormula,
  workbookFormulaContext,
  type AxisLookup,
  type CellValue,
  type FormulaContext,
  type HiddenRows,
} from '@cellmate/formula'
import type { WorkbookEngine } from '@cellmate/formula/engine'
import { afterNextPaint, idleTask } from '../sync/nextTask'
import {
  onceShown,
  watchForFormulas,
  watchSheetStructure,
  watchShownStyles,
} from './formulaDocWatches'
import { followCut } from './cutPaste'
import type { SheetFormulas } from './sheetFormulas'

/** Fetches the engine's code (a chunk of its own: see `formulaEngine.ts`). */
export type LoadEngine = () => Promise<{ WorkbookEngine: typeof WorkbookEngine }>

export interface WorkbookFormulasOptions {
  /** Told when HyperFormula fails internally, or its code cannot be loaded. */
  onError?: (error: unknown) => void
  /** Default: the `formulaEngine` chunk. */
  loadEngine?: LoadEngine
  /** Runs a function once what is on screen now has been painted. Default: after the next frame. */
  afterPaint?: (fn: () => void) => void
  /**
   * Runs `write`, which edits `docs` (sheets and the workbook), as one undo step of this
   * user's. Default: just runs it.
   */
  oneStep?: (docs: readonly Y.Doc[], write: () => void) => void
  /**
   * Calls `retry` once it is worth fetching the engine's code again after it could not be
   * loaded; returns a function that cancels the wait. Default: `retryWhenReachable`.
   */
  retryLater?: (retry: () => void, attempt: number) => () => void
  /**
   * Resolves when the engine may be built, which holds the main thread for a second or more on
   * a big sheet. A tab waits until what it has sent has left it (`SyncProvider.whenSent`): a
   * browser writes a WebSocket message out only between the page's tasks, and the first
   * formulas often come with a big paste, whose save waited for the build. Default: at once.
   */
  beforeBuild?: () => Promise<void>
}

const loadEngineChunk: LoadEngine = () => import('./formulaEngine')

const ENGINE_UNAVAILABLE = cellError(
  '#CALC!',
  'The formula engine could not be loaded; it is fetched again once the connection is back (or reload the page).',
)

/**
 * When the browser says it is back online, or after a pause that grows with each attempt (5 s
 * doubling to 5 min: a server restarting, a flaky network the browser still calls online).
 */
export function retryWhenReachable(retry: () => void, attempt: number): () => void {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    cancel()
    retry()
  }
  const timer = setTimeout(once, Math.min(5_000 * 2 ** attempt, 300_000))
  const target = typeof window === 'undefined' ? null : window
  target?.addEventListener('online', once)
  const cancel = (): void => {
    clearTimeout(timer)
    target?.removeEventListener('online', once)
  }
  return () => {
    done = true
    cancel()
  }
}

/**
 * One HyperFormula engine per open workbook, fed from the sheet documents of this tab and kept
 * in step with them incrementally (see `WorkbookEngine`).
 *
 * The engine is a chunk of its own (`loadEngine`), fetched when a loaded sheet first holds a
 * formula (a workbook of plain values never needs it) and built once that sheet has been
 * painted. A sheet is handed to the engine only after its content has been painted: reading a
 * big sheet into HyperFormula takes seconds of main-thread time on a busy machine, which must
 * not hold back the first paint of its plain values. Until then typed values show as the
 * engine would show them (`inferValue`), formulas show nothing, and formula text still
 * converts both ways through the layouts of the loaded documents; open sheets repaint as
 * sheets are handed over.
 *
 * Every sheet the workbook lists is asked for through `load` (once each; the caller passes the
 * document to `addSheet` when it is ready): a formula on one sheet may read any other, and a
 * reference typed to another sheet can only be anchored to its row and column ids when that
 * sheet's layout is known. A sheet added later by anyone is asked for as it appears.
 */
export class WorkbookFormulas {
  private engineCode: ReturnType<LoadEngine> | null = null
  /** True once a loaded sheet holds a formula: from then on the engine is needed. */
  private formulaSeen = false
  private engineReady: Promise<void> | null = null
  private engine: WorkbookEngine | null = null
  private engineFailed = false
  /** Failed loads of the engine's code so far, and the wait before the next try. */
  private loadAttempts = 0
  private cancelRetry: (() => void) | null = null
  private catchingUp = false
  private destroyed = false
  private readonly onError: (error: unknown) => void
  private readonly loadEngine: LoadEngine
  private readonly afterPaint: (fn: () => void) => void
  private readonly oneStep: (docs: readonly Y.Doc[], write: () => void) => void
  private readonly retryLater: (retry: () => void, attempt: number) => () => void
  private readonly beforeBuild: () => Promise<void>
  /** Every loaded sheet document, by sheet id. */
  private readonly docs = new Map<string, Y.Doc>()
  /** Sheets painted with content, to hand to the engine (now, or when it is built). */
  private readonly shown = new Set<string>()
  /** Sheets the engine evaluates. */
  private readonly evaluated = new Set<string>()
  /** Layouts of sheets the engine does not evaluate yet, for formula text conversions. */
  private readonly interimLayouts = new Map<string, SheetLayout>()
  /** Open sheets' repaint callbacks. */
  private readonly displays = new Set<{
    sheetId: string
    repaint: (cells?: readonly CellPosition[]) => void
  }>()
  /** Stops watching sheet documents for their first formula (done once the engine is wanted). */
  private readonly stopFormulaWatch = new Set<() => void>()
  /**
   * Stops watching sheet documents for their first content. These outlive the engine's
   * build: a sheet still syncing then must be handed over once it is painted.
   */
  private readonly stopShownWatch = new Set<() => void>()
  private readonly requested = new Set<string>()
  /**
   * Stops watching a sheet document for what other sheets show of it (inputs whose shown style
   * changes, its rows and columns), by sheet id.
   */
  private readonly stopElsewhereWatch = new Map<string, () => void>()
  /** Hidden rows per sheet, for SUBTOTAL (handed to the engine when it is built). */
  private readonly hiddenRows = new Map<string, HiddenRows>()
  private readonly onWorkbookChange = (): void => this.requestListed()

  constructor(
    private readonly workbook: Y.Doc,
    private readonly load: (sheetId: string) => void,
    options: WorkbookFormulasOptions = {},
  ) {
    this.onError = options.onError ?? ((error) => console.error('formula engine:', error))
    this.loadEngine = options.loadEngine ?? loadEngineChunk
    this.afterPaint = options.afterPaint ?? afterNextPaint
    this.oneStep = options.oneStep ?? ((_docs, write) => write())
    this.retryLater = options.retryLater ?? retryWhenReachable
    this.beforeBuild = options.beforeBuild ?? (() => Promise.resolve())
    workbook.on('afterTransaction', this.onWorkbookChange)
    this.requestListed()
  }

  /**
   * Fetches and builds the engine, once (done by itself when a painted sheet holds a formula).
   * Resolves when it is built, or could not be loaded: formulas then read `#CALC!` until the
   * code is fetched again (`retryLater`: the browser back online, say) and the engine built.
   */
  startEngine(): Promise<void> {
    this.engineReady ??= this.fetchEngineCode().then(
      async ({ WorkbookEngine }) => {
        await this.beforeBuild().catch(() => undefined)
        if (this.destroyed) return
        for (const stop of [...this.stopFormulaWatch]) stop()
        const engine = new WorkbookEngine(this.workbook, {
          onMissingSheet: (id) => this.request(id),
          onError: this.onError,
        })
        engine.onChange((changes) => {
          const changed = new Map<string, CellPosition[]>()
          for (const { sheetId, row, col } of changes) {
            let cells = changed.get(sheetId)
            if (!cells) changed.set(sheetId, (cells = []))
            cells.push({ row, col })
          }
          for (const d of [...this.displays]) {
            const cells = changed.get(d.sheetId)
            if (cells) d.repaint(cells)
          }
        })
        this.engine = engine
        for (const [id, rows] of this.hiddenRows) engine.setHiddenRows(id, rows)
        this.evaluateShown()
      },
      (error: unknown) => {
        if (this.destroyed) return
        for (const stop of [...this.stopFormulaWatch]) stop()
        this.engineFailed = true
        this.onError(error)
        this.repaintAll()
        this.cancelRetry = this.retryLater(() => {
          this.cancelRetry = null
          if (this.destroyed) return
          this.engineCode = null
          this.engineReady = null
          this.engineFailed = false
          void this.startEngine()
        }, this.loadAttempts++)
      },
    )
    return this.engineReady
  }

  private fetchEngineCode(): ReturnType<LoadEngine> {
    if (!this.engineCode) {
      this.engineCode = this.loadEngine()
      // A failure is reported once the engine is wanted (`startEngine`), not as unhandled.
      this.engineCode.catch(() => undefined)
    }
    return this.engineCode
  }

  /**
   * Takes a loaded sheet document; the engine evaluates it once it has been painted and
   * `loaded` has settled. `loaded` is the first sync of a document opened empty: its state
   * arrives in slices, and a sheet handed over at its first slice would have every later one
   * written into the engine cell by cell (2.7 s of a 100,000-formula sheet's open in
   * Chromium) instead of being read whole in one bulk load once it is all in.
   */
  addSheet(sheetId: string, doc: Y.Doc, loaded?: Promise<unknown>): void {
    if (this.docs.get(sheetId) === doc) return
    const replaced = this.evaluated.has(sheetId)
    this.docs.set(sheetId, doc)
    this.dropInterimLayout(sheetId)
    this.stopElsewhereWatch.get(sheetId)?.()
    const others = () => [...this.displays].filter((d) => d.sheetId !== sheetId)
    const stopStyles = watchShownStyles(doc, others)
    const stopStructure = watchSheetStructure(doc, others)
    this.stopElsewhereWatch.set(sheetId, () => {
      stopStyles()
      stopStructure()
    })
    if (replaced) {
      // The engine already shows this sheet: the new document takes over at once.
      this.engine?.addSheet(sheetId, doc)
      return
    }
    if (!this.engine) watchForFormulas(doc, () => this.formulaFound(), this.stopFormulaWatch)
    const handOver = (): void => {
      if (this.destroyed || this.docs.get(sheetId) !== doc) return
      onceShown(
        doc,
        this.afterPaint,
        () => {
          if (this.destroyed || this.docs.get(sheetId) !== doc) return
          this.shown.add(sheetId)
          if (this.engine) this.evaluateShown()
          else if (this.formulaSeen) void this.startEngine()
        },
        this.stopShownWatch,
      )
    }
    // A refused or failed first sync hands over what the document holds all the same.
    if (loaded) void loaded.then(handOver, handOver)
    else handOver()
  }

  /** The sheet documents loaded in this tab, by sheet id. */
  get sheetDocs(): ReadonlyMap<string, Y.Doc> {
    return this.docs
  }

  /**
   * The formula services of one sheet. `hostLayout` is the sheet's own layout as the grid
   * reads it, so conversions always agree with what the user sees.
   */
  forSheet(sheetId: string, hostLayout: SheetLayout): SheetFormulas {
    const context: FormulaContext = workbookFormulaContext(
      this.workbook,
      sheetId,
      (id) => (id === sheetId ? hostLayout : this.layoutOf(id)),
      (id) => this.docs.get(id),
    )
    return {
      context,
      value: (row, col) => {
        if (this.engine && this.evaluated.has(sheetId)) {
          return this.engine.getValue(sheetId, row, col)
        }
        const raw = hostLayout.cellAt(row, col)
        if (!isFormula(raw)) return raw === '' ? null : inferValue(raw).value
        return this.engineFailed ? ENGINE_UNAVAILABLE : null
      },
      toDisplay: (stored) => toDisplayFormula(stored, context),
      toStored: (input, cell) => toStoredFormula(input, context, cell),
      evaluate: (formula) => {
        if (this.engine && this.evaluated.has(sheetId)) {
          return this.engine.evaluateFormula(sheetId, toStoredFormula(formula, context))
        }
        if (!this.engineFailed) void this.startEngine()
        return this.engineFailed ? ENGINE_UNAVAILABLE : null
      },
      calculate: (formula) => {
        if (this.engine && this.evaluated.has(sheetId)) {
          return this.engine.calculate(sheetId, formula)
        }
        if (!this.engineFailed) void this.startEngine()
        return undefined
      },
      // Built, the engine has every painted sheet (`evaluateShown`), this one included.
      whenCalculable: () => this.startEngine(),
      deleteAxis: (axis, at, count, origin) =>
        deleteAxisKeepingRanges(this.docs, sheetId, axis, at, count, origin, this.workbook),
      moveAxis: (axis, from, count, to, origin) =>
        this.oneStep([...this.docs.values(), this.workbook], () =>
          moveAxisKeepingRanges(this.docs, sheetId, axis, from, count, to, origin, this.workbook),
        ),
      sort: (range, options, origin) => {
        const doc = this.docs.get(sheetId)
        const cells = doc ? sheetTypes(doc).cells : null
        const valueAt = (rowId: string, colId: string): CellValue => {
          if (this.engine && this.evaluated.has(sheetId)) {
            return this.engine.getValueById(sheetId, rowId, colId)
          }
          const raw = cellInputAt(cells!, `${rowId}:${colId}`) ?? ''
          return raw === '' || isFormula(raw) ? null : inferValue(raw).value
        }
        return sortKeepingRanges(this.docs, sheetId, range, { ...options, valueAt }, origin)
      },
      convertTable: (tableId, origin) => {
        const layout = (id: string) => (id === sheetId ? hostLayout : this.layoutOf(id))
        this.oneStep([...this.docs.values(), this.workbook], () =>
          convertTableToRange(this.workbook, this.docs, sheetId, tableId, origin, layout),
        )
      },
      moveCells: (paste, moved, origin) => {
        const fromId = moved.fromSheetId ?? sheetId
        const fromDoc = this.docs.get(fromId)
        const toDoc = this.docs.get(sheetId)
        const fromLayout = fromId === sheetId ? hostLayout : this.layoutOf(fromId)
        if (!fromDoc || !toDoc || !fromLayout) {
          throw new CellmateError(
            ERROR_CODES.NOT_FOUND,
            'the sheet the cells were cut from is gone; nothing was pasted',
          )
        }
        let kept = 0
        this.oneStep([...this.docs.values(), this.workbook], () => {
          paste()
          // After the paste: a block pasted past the sheet's end has grown it.
          kept = followCut({
            workbook: this.workbook,
            docs: this.docs,
            from: { id: fromId, doc: fromDoc, layout: fromLayout },
            to: { id: sheetId, doc: toDoc, layout: hostLayout },
            moved,
            origin,
          })
        })
        return kept
      },
      shownOnSheet: (id, row, col) => {
        const doc = this.docs.get(id)
        const layout = doc ? this.layoutOf(id) : undefined
        const rowId = layout?.rowId(row)
        const colId = layout?.colId(col)
        if (!doc || rowId === undefined || colId === undefined) return undefined
        const raw = cellInputAt(sheetTypes(doc).cells, `${rowId}:${colId}`) ?? ''
        if (!isFormula(raw)) return raw.replace(/^'/, '')
        const value =
          this.engine && this.evaluated.has(id) ? this.engine.getValue(id, row, col) : null
        if (value === null || typeof value === 'object') return ''
        return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value)
      },
      shownFormat: (row, col) =>
        shownFormat(
          documentFormatSource(context, (id) => this.docs.get(id)),
          null,
          row,
          col,
        ),
      setHiddenRows: (rows) => {
        this.hiddenRows.set(sheetId, rows)
        this.engine?.setHiddenRows(sheetId, rows)
      },
      onDisplayChange: (listener) => {
        const display = { sheetId, repaint: listener }
        this.displays.add(display)
        const onWorkbook = (): void => listener()
        this.workbook.on('afterTransaction', onWorkbook)
        return () => {
          this.displays.delete(display)
          this.workbook.off('afterTransaction', onWorkbook)
        }
      },
    }
  }

  /**
   * The first formula in a loaded sheet (there now, synced or typed later): the engine's code
   * is fetched at once, and it is built as soon as a sheet has been painted.
   */
  private formulaFound(): void {
    this.formulaSeen = true
    void this.fetchEngineCode()
    if (this.shown.size > 0) void this.startEngine()
  }

  /** Hands every painted sheet to the engine, if it is built; open sheets then repaint. */
  private evaluateShown(): void {
    const engine = this.engine
    if (!engine) return
    let added = false
    for (const sheetId of this.shown) {
      const doc = this.docs.get(sheetId)
      if (!doc) continue
      engine.addSheet(sheetId, doc)
      this.evaluated.add(sheetId)
      this.dropInterimLayout(sheetId)
      added = true
    }
    this.shown.clear()
    if (added) {
      this.repaintAll()
      void this.catchUpWhenIdle(engine)
    }
  }

  /** The engine's put-off work (`WorkbookEngine.catchUp`), a slice whenever the page is idle. */
  private async catchUpWhenIdle(engine: WorkbookEngine): Promise<void> {
    if (this.catchingUp) return
    this.catchingUp = true
    try {
      do await idleTask()
      while (!this.destroyed && engine.catchUp())
    } finally {
      this.catchingUp = false
    }
  }

  private repaintAll(): void {
    for (const d of [...this.displays]) d.repaint()
  }

  /** Another sheet's layout: the engine's, or one read from its document until then. */
  private layoutOf(sheetId: string): AxisLookup | undefined {
    if (this.engine && this.evaluated.has(sheetId)) {
      return this.engine.formulaContext(sheetId).layout(sheetId)
    }
    const doc = this.docs.get(sheetId)
    if (!doc) return undefined
    let layout = this.interimLayouts.get(sheetId)
    if (!layout) {
      layout = new SheetLayout(doc)
      this.interimLayouts.set(sheetId, layout)
    }
    return layout
  }

  private dropInterimLayout(sheetId: string): void {
    this.interimLayouts.get(sheetId)?.destroy()
    this.interimLayouts.delete(sheetId)
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
    this.cancelRetry?.()
    this.workbook.off('afterTransaction', this.onWorkbookChange)
    for (const stop of [...this.stopFormulaWatch, ...this.stopShownWatch]) stop()
    for (const stop of this.stopElsewhereWatch.values()) stop()
    this.stopElsewhereWatch.clear()
    this.engine?.destroy()
    for (const layout of this.interimLayouts.values()) layout.destroy()
    this.interimLayouts.clear()
    this.displays.clear()
    this.docs.clear()
  }
}
