import type { FastifyBaseLogger } from 'fastify'
import {
  cellInputAt,
  listSheets,
  liveIds,
  sheetDocName,
  sheetTypes,
  workbookDocName,
  type RangePosition,
  type SheetInfo,
} from '@cellmate/model'
import type { SpillSize, WorkbookEngine } from '@cellmate/formula/engine'
import {
  documentFormatSource,
  evaluatedHiddenRows,
  shownFormat,
  toDisplayFormula,
  toStoredFormula,
  toStoredNameFormula,
  workbookFormulaContext,
  type AxisLookup,
  type CellValue,
  type FormulaContext,
  type FormulaTable,
  type ShownFormat,
} from '@cellmate/formula'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { DocEntry } from '../docEntry.js'
import type { DocumentRegistry } from '../documentRegistry.js'
import { loadWorkbookEngine } from './formulaEngine.js'
import { jsonCellValue, type JsonCellValue } from './jsonCellValue.js'
import { rangeFormats, type RangeFormats } from './rangeFormats.js'
import { sheetsNamedIn } from './sheetsNamedIn.js'

/** The inputs (A1 form) and computed values of a rectangle of one sheet, row-major. */
export interface EvaluatedRange {
  /** What a user typed: formulas in A1 form for the current layout, `""` when empty. */
  inputs: string[][]
  /** Computed values: see `jsonCellValue` (errors are their code, empty is null). */
  values: JsonCellValue[][]
}

/**
 * A workbook as evaluated now. Valid only inside the `WorkbookEvaluator.use` callback that
 * handed it out; reads are synchronous and always current (the engine catches up with the
 * loaded documents, edits from sockets included, as it is read).
 */
export interface EvaluatedWorkbook {
  readonly workbookId: string
  /** Sheets in tab order. */
  sheets(): SheetInfo[]
  /** Current size of a loaded sheet (0×0 when it is not loaded). */
  size(sheetId: string): { rows: number; cols: number }
  /** Computed value at a 0-based position; null for an empty cell. */
  value(sheetId: string, row: number, col: number): CellValue
  /**
   * Computed value of the cell at (row id, column id), wherever it is now; null when empty or
   * gone. Streamed exports read by id, as the layout may change while they are written.
   */
  valueById(sheetId: string, rowId: string, colId: string): CellValue
  /** The area an array formula at (row id, column id) spills over; null for any other cell. */
  spillById(sheetId: string, rowId: string, colId: string): SpillSize | null
  /** The input at a 0-based position as a user would see it (formulas in A1 form). */
  input(sheetId: string, row: number, col: number): string
  /** Inputs and values of a range of a loaded sheet. */
  readRange(sheetId: string, range: RangePosition): EvaluatedRange
  /** Formats (as the grid shows them) and column widths of a range of a loaded sheet. */
  readFormats(sheetId: string, range: RangePosition): RangeFormats
  /**
   * The number format a cell's number shows in when the cell sets none (`shownFormat`: what a
   * formula inherits, `=B1+1` over a date), null for General or a cell that is gone.
   */
  shownFormatById(sheetId: string, rowId: string, colId: string): ShownFormat | null
  /** A stored input of `sheetId` as a user would see it (formulas in A1 form). */
  toDisplay(sheetId: string, stored: string): string
  /**
   * Converts formula text typed for `sheetId` to the stored id-anchored form; `cell` is where
   * it is written (a bare `[@Qty]` anchors to the table holding it).
   */
  toStored(
    sheetId: string,
    input: string,
    hostLayout?: AxisLookup,
    cell?: { row: number; col: number },
  ): string
  /** A defined name's formula (`Sheet1!$A$1:$A$9`, `0.2`) read on `sheetId`, in stored form. */
  toStoredName(sheetId: string, text: string): string
  /** A stored formula as shown on `sheetId` now (A1 form, current sheet and name names). */
  display(sheetId: string, stored: string): string
  /** The layout of a loaded sheet as the engine has it. */
  layout(sheetId: string): AxisLookup | undefined
  /** The tables of the loaded sheets, at their current positions. */
  tables(): readonly FormulaTable[]
  /** A formula (A1 form) evaluated on `sheetId` now, written nowhere (custom validation). */
  calculate(sheetId: string, formula: string): CellValue
}

/** Which sheets a caller needs evaluated: some (plus what their formulas refer to), or all. */
export type SheetSelection = readonly string[] | 'all'

export interface WorkbookEvaluatorOptions {
  registry: DocumentRegistry
  /**
   * The live sheets of a workbook by its records (`WorkbookService.sheetIds`): only those are
   * ever loaded or listed, whatever the workbook document names.
   */
  sheetIds: (workbookId: string) => Promise<ReadonlySet<string>>
  log: FastifyBaseLogger
  /** Drop a workbook's engine (and its document references) after this long unused. */
  idleMs?: number
  /** Most workbooks kept evaluated at once; the least recently used idle one goes first. */
  maxWorkbooks?: number
}

interface CachedWorkbook {
  readonly workbookId: string
  readonly workbook: DocEntry
  readonly engine: WorkbookEngine
  readonly sheets: Map<string, DocEntry>
  readonly loadingSheets: Map<string, Promise<void>>
  /** Sheets the engine reported as referenced but not loaded. */
  readonly missing: Set<string>
  /** The workbook's recorded sheets, as read at the start of the latest `use`. */
  recorded: ReadonlySet<string>
  /**
   * True when a loaded sheet or a computed value changed since the engine was last told
   * which rows are hidden (`refreshHiddenRows`).
   */
  hiddenStale: boolean
  /** Stops watching the loaded sheet documents (see `loadSheet`). */
  readonly unwatch: Array<() => void>
  users: number
  lastUsed: number
  timer: NodeJS.Timeout | null
  disposed: boolean
}

/**
 * Evaluates workbooks on the server, for REST reads and exports. One `WorkbookEngine` per
 * workbook in use, attached to the registry's live documents, so it is loaded once (a
 * 100,000-formula sheet takes seconds) and then follows the edits incrementally, wherever
 * they came from. It follows them lazily (`WorkbookEngineOptions.lazy`): an edit only notes
 * what it changed, and the engine catches up with everything at the next read, in one batch.
 * Following each edit as it was applied cost ~0.5 ms of the event loop per edit of a sheet
 * read in the last `idleMs`, and a 1,500-cell paste or a sort hundreds of milliseconds to
 * seconds, inside the edit, for everyone on the server (server README, "The evaluator
 * follows lazily"). The evaluator holds a registry reference on every document it evaluates
 * and lets go of all of them when the workbook has been idle for `idleMs`.
 */
export class WorkbookEvaluator {
  private readonly cache = new Map<string, CachedWorkbook>()
  private readonly opening = new Map<string, Promise<CachedWorkbook>>()
  private readonly idleMs: number
  private readonly maxWorkbooks: number
  private closed = false

  constructor(private readonly options: WorkbookEvaluatorOptions) {
    this.idleMs = options.idleMs ?? 30_000
    this.maxWorkbooks = options.maxWorkbooks ?? 32
  }

  /** Number of workbooks currently evaluated (for metrics and tests). */
  get loadedCount(): number {
    return this.cache.size
  }

  /**
   * Runs `fn` with the workbook evaluated: the listed `sheets` (or all of them) are loaded
   * into the engine together with every sheet their formulas refer to, transitively.
   */
  async use<T>(
    workbookId: string,
    sheets: SheetSelection,
    fn: (workbook: EvaluatedWorkbook) => T | Promise<T>,
  ): Promise<T> {
    if (this.closed) throw new Error('the evaluator is closed')
    const cached = await this.open(workbookId)
    cached.users++
    if (cached.timer) {
      clearTimeout(cached.timer)
      cached.timer = null
    }
    try {
      cached.recorded = await this.options.sheetIds(workbookId)
      // Before loading: a sheet a formula has come to name since the last read is reported
      // as missing by the catch-up, and loaded with the rest.
      cached.engine.followDocuments()
      const wanted = sheets === 'all' ? this.listed(cached).map((s) => s.id) : sheets
      await this.loadSheets(cached, wanted)
      this.refreshHiddenRows(cached)
      return await fn(this.view(cached))
    } finally {
      cached.users--
      cached.lastUsed = Date.now()
      this.scheduleIdle(cached)
    }
  }

  /**
   * Loads the sheets a piece of typed input names (`=Sheet2!B4`) so that `toStored` can
   * anchor those references to ids; call inside `use` before converting input.
   */
  async loadSheetsNamedIn(workbook: EvaluatedWorkbook, inputs: readonly string[]): Promise<void> {
    const cached = this.cache.get(workbook.workbookId)
    if (!cached) return
    await this.loadSheets(cached, sheetsNamedIn(inputs, workbook.sheets()))
  }

  /** Drops every engine and lets go of every document (shutdown; before the registry closes). */
  close(): void {
    this.closed = true
    for (const cached of [...this.cache.values()]) this.dispose(cached)
  }

  private async open(workbookId: string): Promise<CachedWorkbook> {
    const cached = this.cache.get(workbookId)
    // A document whose loaded copy was dropped (the store refused a change to it) is read
    // afresh: the engine must not keep showing what was never stored.
    if (
      cached &&
      (cached.workbook.poisoned || [...cached.sheets.values()].some((e) => e.poisoned))
    ) {
      if (cached.users === 0) this.dispose(cached)
      else this.cache.delete(workbookId)
    } else if (cached) return cached
    let pending = this.opening.get(workbookId)
    if (!pending) {
      pending = this.create(workbookId).finally(() => this.opening.delete(workbookId))
      this.opening.set(workbookId, pending)
    }
    return pending
  }

  private async create(workbookId: string): Promise<CachedWorkbook> {
    const { registry, log } = this.options
    const Engine = await loadWorkbookEngine()
    const workbook = await registry.acquire(workbookDocName(workbookId))
    const missing = new Set<string>()
    const engine = new Engine(workbook.doc, {
      lazy: true,
      onMissingSheet: (id) => missing.add(id),
      onError: (err) => log.error({ err, workbookId }, 'formula engine failed; recovering'),
    })
    const cached: CachedWorkbook = {
      workbookId,
      workbook,
      engine,
      sheets: new Map(),
      loadingSheets: new Map(),
      missing,
      recorded: new Set(),
      hiddenStale: true,
      unwatch: [],
      users: 0,
      lastUsed: Date.now(),
      timer: null,
      disposed: false,
    }
    cached.unwatch.push(
      engine.onChange(() => {
        cached.hiddenStale = true
      }),
    )
    this.cache.set(workbookId, cached)
    this.evictBeyondLimit(cached)
    return cached
  }

  /**
   * Tells the engine which rows of each loaded sheet are hidden, by hand and by the shared
   * filter, as the browser's engine is told (`evaluatedHiddenRows`), so SUBTOTAL and
   * AGGREGATE answer REST reads and exports as they show on screen. Recomputed only after
   * a sheet or a value changed; an unchanged answer costs the engine nothing.
   */
  private refreshHiddenRows(cached: CachedWorkbook): void {
    if (!cached.hiddenStale) return
    cached.hiddenStale = false
    const { engine } = cached
    for (const [sheetId, entry] of cached.sheets) {
      engine.setHiddenRows(
        sheetId,
        evaluatedHiddenRows(
          entry.doc,
          (rowId, colId) => engine.getValueById(sheetId, rowId, colId),
          undefined,
          (rowId, colId) => this.shownFormatById(cached, sheetId, rowId, colId),
        ),
      )
    }
    // Telling the engine recalculates its SUBTOTALs, which marked the rows stale again: a
    // filter testing those values is looked at again after the next change, as a browser
    // looks again on its next change, not in a loop.
    cached.hiddenStale = false
  }

  /** See `EvaluatedWorkbook.shownFormatById`. */
  private shownFormatById(
    cached: CachedWorkbook,
    sheetId: string,
    rowId: string,
    colId: string,
  ): ShownFormat | null {
    const context = cached.engine.formulaContext(sheetId)
    const layout = context.layout(sheetId)
    const row = layout?.rowIndexOf(rowId) ?? -1
    const col = layout?.colIndexOf(colId) ?? -1
    if (row < 0 || col < 0) return null
    const source = documentFormatSource(context, (id) => cached.sheets.get(id)?.doc)
    return shownFormat(source, null, row, col)
  }

  /** Loads sheets into the engine, then whatever their formulas refer to, until none is missing. */
  private async loadSheets(cached: CachedWorkbook, ids: readonly string[]): Promise<void> {
    let queue = [...ids]
    while (queue.length > 0) {
      const listed = new Set(this.listed(cached).map((s) => s.id))
      await Promise.all(
        queue.filter((id) => listed.has(id)).map((id) => this.loadSheet(cached, id)),
      )
      queue = [...cached.missing].filter((id) => !cached.sheets.has(id))
      cached.missing.clear()
    }
  }

  private loadSheet(cached: CachedWorkbook, sheetId: string): Promise<void> {
    if (cached.sheets.has(sheetId)) return Promise.resolve()
    let pending = cached.loadingSheets.get(sheetId)
    if (!pending) {
      pending = this.options.registry
        .acquire(sheetDocName(cached.workbookId, sheetId))
        .then((entry) => {
          if (cached.disposed) {
            this.options.registry.release(entry)
            return
          }
          cached.sheets.set(sheetId, entry)
          cached.engine.addSheet(sheetId, entry.doc)
          const stale = (): void => {
            cached.hiddenStale = true
          }
          entry.doc.on('afterTransaction', stale)
          cached.unwatch.push(() => entry.doc.off('afterTransaction', stale))
          cached.hiddenStale = true
        })
        .finally(() => cached.loadingSheets.delete(sheetId))
      cached.loadingSheets.set(sheetId, pending)
    }
    return pending
  }

  /** The workbook document's tabs that are recorded sheets of the workbook. */
  private listed(cached: CachedWorkbook): SheetInfo[] {
    return listSheets(cached.workbook.doc).filter((s) => cached.recorded.has(s.id))
  }

  private view(cached: CachedWorkbook): EvaluatedWorkbook {
    const { engine, workbookId } = cached
    const context = (sheetId: string): FormulaContext => engine.formulaContext(sheetId)
    const layout = (sheetId: string): AxisLookup | undefined => context(sheetId).layout(sheetId)
    const input = (sheetId: string, row: number, col: number): string => {
      const axes = layout(sheetId)
      const rowId = axes?.rowId(row)
      const colId = axes?.colId(col)
      const doc = cached.sheets.get(sheetId)?.doc
      if (!doc || rowId === undefined || colId === undefined) return ''
      const raw = cellInputAt(sheetTypes(doc).cells, `${rowId}:${colId}`) ?? ''
      return toDisplayFormula(raw, context(sheetId))
    }
    return {
      workbookId,
      shownFormatById: (sheetId, rowId, colId) =>
        this.shownFormatById(cached, sheetId, rowId, colId),
      toDisplay: (sheetId, stored) => toDisplayFormula(stored, context(sheetId)),
      sheets: () => this.listed(cached),
      size(sheetId) {
        const doc = cached.sheets.get(sheetId)?.doc
        if (!doc) return { rows: 0, cols: 0 }
        const t = sheetTypes(doc)
        return {
          rows: liveIds(t.rows, t.removedRows).length,
          cols: liveIds(t.cols, t.removedCols).length,
        }
      },
      value: (sheetId, row, col) => engine.getValue(sheetId, row, col),
      valueById: (sheetId, rowId, colId) => engine.getValueById(sheetId, rowId, colId),
      spillById: (sheetId, rowId, colId) => engine.getSpillById(sheetId, rowId, colId),
      input,
      readRange(sheetId, range) {
        const inputs: string[][] = []
        const values: JsonCellValue[][] = []
        for (let r = range.start.row; r <= range.end.row; r++) {
          const inputRow: string[] = []
          const valueRow: JsonCellValue[] = []
          for (let c = range.start.col; c <= range.end.col; c++) {
            inputRow.push(input(sheetId, r, c))
            valueRow.push(jsonCellValue(engine.getValue(sheetId, r, c)))
          }
          inputs.push(inputRow)
          values.push(valueRow)
        }
        return { inputs, values }
      },
      readFormats(sheetId, range) {
        const doc = cached.sheets.get(sheetId)?.doc
        const axes = layout(sheetId)
        if (!doc || !axes) {
          throw new CellmateError(ERROR_CODES.NOT_FOUND, `sheet ${sheetId} is not loaded`)
        }
        const source = documentFormatSource(context(sheetId), (id) => cached.sheets.get(id)?.doc)
        return rangeFormats(doc, axes, range, (r, c) => engine.getValue(sheetId, r, c), source)
      },
      toStored(sheetId, text, hostLayout, cell) {
        const ctx = workbookFormulaContext(
          cached.workbook.doc,
          sheetId,
          (id) => (id === sheetId && hostLayout ? hostLayout : layout(id)),
          (id) => cached.sheets.get(id)?.doc,
        )
        return toStoredFormula(text, ctx, cell)
      },
      toStoredName: (sheetId, text) => toStoredNameFormula(text, context(sheetId)),
      display: (sheetId, stored) => toDisplayFormula(stored, context(sheetId)),
      layout,
      tables: () => engine.formulaContext('').tables?.() ?? [],
      calculate: (sheetId, formula) => engine.calculate(sheetId, formula),
    }
  }

  private scheduleIdle(cached: CachedWorkbook): void {
    if (cached.users > 0 || cached.disposed || cached.timer) return
    cached.timer = setTimeout(() => {
      cached.timer = null
      if (cached.users === 0) this.dispose(cached)
    }, this.idleMs)
    cached.timer.unref()
  }

  private evictBeyondLimit(keep: CachedWorkbook): void {
    if (this.cache.size <= this.maxWorkbooks) return
    const idle = [...this.cache.values()]
      .filter((c) => c.users === 0 && c !== keep)
      .sort((a, b) => a.lastUsed - b.lastUsed)
    for (const cached of idle) {
      if (this.cache.size <= this.maxWorkbooks) break
      this.dispose(cached)
    }
  }

  private dispose(cached: CachedWorkbook): void {
    if (cached.disposed) return
    cached.disposed = true
    if (cached.timer) clearTimeout(cached.timer)
    if (this.cache.get(cached.workbookId) === cached) this.cache.delete(cached.workbookId)
    for (const stop of cached.unwatch.splice(0)) stop()
    cached.engine.destroy()
    for (const entry of cached.sheets.values()) this.options.registry.release(entry)
    cached.sheets.clear()
    this.options.registry.release(cached.workbook)
  }
}
