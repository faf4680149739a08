import type * as Y from 'yjs'
import type { HyperFormula } from 'hyperformula'
import type { DefinedName } from '@cellmate/model'
import {
  cellInputAt,
  cellInputs,
  findName,
  listNames,
  listSheets,
  tablesMap,
} from '@cellmate/model'
import { toStoredFormula, type FormulaContext } from './anchoredFormula.js'
import { cellError, type CellValue } from './cellValue.js'
import { addPending, EngineCore, type HiddenRows, type Pending } from './engineCore.js'
import { fromEngineValue, toEngineFormula } from './engineFormula.js'
import { recover, type RecoverableEngine } from './engineRecovery.js'
import { isFormula } from './formulaTokens.js'
import { formulaKey, NAME_ANCHOR, splitFormulaKey } from './formulaIndex.js'
import { SheetMirror, splitCellKey } from './sheetMirror.js'
import { spillSize, type SpillSize } from './spillSize.js'

const QUARANTINED = cellError(
  '#CALC!',
  'The calculation engine failed on this formula; edit it to try again.',
)

/**
 * A transaction that writes this many cells (and a tenth of the sheet or more) reloads the
 * sheet in one `setSheetContent` instead of one `setCellContents` per cell: the first sync of
 * a sheet opened empty, a big paste. HyperFormula spends about a millisecond per single-cell
 * write but a few microseconds per cell of a bulk load (20,000 cells: 51 s against 3.5 s).
 */
const BULK_CELLS = 1000

const NO_KEYS: ReadonlySet<string> = new Set()

function isBulkChange(changed: number, total: number): boolean {
  return changed >= BULK_CELLS && changed * 10 >= total
}

/** A cell whose value changed, at its position after the change. */
export interface EngineChange {
  sheetId: string
  row: number
  col: number
}

export interface WorkbookEngineOptions {
  /**
   * Called (once per sheet) when a formula refers to a sheet that is in the workbook but has
   * not been added with `addSheet`, so the caller can load it; until then it reads `#REF!`.
   */
  onMissingSheet?: (sheetId: string) => void
  /**
   * Called when HyperFormula fails internally. The engine then recovers by itself: the
   * formulas it failed on read `#CALC!` until edited (see `engineRecovery`).
   */
  onError?: (error: unknown) => void
  /**
   * Follow the documents only when asked: a transaction just notes what it changed, and the
   * engine catches up with all of it in one batch when it is next read (any getter, or
   * `followDocuments`). For a host that reads now and then while others edit: the server,
   * answering REST reads and exports, whose engine otherwise spent ~0.5 ms of its event loop
   * on every edit of a read sheet and seconds on a big paste or sort, inside the edit.
   */
  lazy?: boolean
}

/** What one or more transactions of a sheet changed, for the engine to follow. */
interface SheetChange {
  rows: boolean
  cols: boolean
  tables: boolean
  keys: ReadonlySet<string>
  /** So many cells changed that the sheet is loaded again instead (`isBulkChange`). */
  reload: boolean
}

/** What a sheet's transactions changed since a lazy engine last caught up. */
interface Deferred extends SheetChange {
  keys: Set<string>
}

/**
 * Evaluates a workbook with HyperFormula, fed from its Yjs documents and kept in step with
 * them incrementally: a cell edit rewrites that cell; inserted, deleted and moved rows and
 * columns become the engine's own structural operations (so HyperFormula shifts what it
 * already has); sheets join and leave as they are listed and loaded. Only formulas whose
 * meaning a position shift cannot reproduce are rewritten (see `FormulaIndex`).
 *
 * Every replica computes the same values from the same documents: the stored (id-anchored)
 * formulas are the truth, the engine a cache of them. Never throws on document content.
 */
export class WorkbookEngine {
  private readonly core = new EngineCore()
  private readonly detachers = new Map<string, () => void>()
  private readonly listeners = new Set<(changes: readonly EngineChange[]) => void>()
  private running = false
  private recovering = false
  private destroyed = false
  /** Lazy mode: sheets' changes not yet in the engine, and whether the workbook changed. */
  private readonly deferred = new Map<SheetMirror, Deferred>()
  private workbookDeferred = false
  private readonly onWorkbookTransaction = (): void => {
    if (this.options.lazy) this.workbookDeferred = true
    else this.syncSheetList()
  }

  constructor(
    readonly workbook: Y.Doc,
    private readonly options: WorkbookEngineOptions = {},
  ) {
    this.core.listed = listSheets(workbook)
    this.core.names = listNames(workbook)
    this.core.namesDirty = this.core.names.length > 0
    workbook.on('afterTransaction', this.onWorkbookTransaction)
  }

  /**
   * Feeds a sheet document to the engine (call when it is opened). It is evaluated while the
   * workbook lists it; formulas elsewhere that refer to it are re-evaluated.
   */
  addSheet(sheetId: string, doc: Y.Doc): void {
    if (this.destroyed) return
    this.followDocuments()
    this.removeSheet(sheetId)
    const mirror = new SheetMirror(sheetId, doc)
    this.core.mirrors.set(sheetId, mirror)
    const handler = (tr: Y.Transaction): void => this.onSheetTransaction(mirror, tr)
    doc.on('afterTransaction', handler)
    this.detachers.set(sheetId, () => doc.off('afterTransaction', handler))
    this.core.reportedMissing.delete(sheetId)
    if (!this.isListed(sheetId)) return
    // The first sheet of a workbook is built in one go, outside a batch (see `buildFirst`).
    const built = !this.running && !this.destroyed && this.core.buildFirst(mirror)
    this.run((pending) => this.core.activate(mirror, pending, built))
  }

  /** Stops evaluating a sheet (its document was closed); references to it read `#REF!`. */
  removeSheet(sheetId: string): void {
    this.followDocuments()
    const mirror = this.core.mirrors.get(sheetId)
    if (!mirror) return
    this.detachers.get(sheetId)?.()
    this.detachers.delete(sheetId)
    this.deferred.delete(mirror)
    if (mirror.engineSheet !== null) this.run((pending) => this.core.deactivate(mirror, pending))
    this.core.mirrors.delete(sheetId)
  }

  /** The value at a position of a sheet; null for an empty cell or a sheet not in the engine. */
  getValue(sheetId: string, row: number, col: number): CellValue {
    this.followDocuments()
    const mirror = this.core.mirrors.get(sheetId)
    const sheet = mirror?.engineSheet
    if (!mirror || sheet == null || row < 0 || col < 0) return null
    if (this.core.quarantine.size > 0) {
      const key = formulaKey(sheetId, `${mirror.rowId(row)}:${mirror.colId(col)}`)
      if (this.core.quarantine.has(key)) return QUARANTINED
    }
    try {
      return fromEngineValue(this.core.hf.getCellValue({ sheet, row, col }))
    } catch {
      return null // an address past the engine's grid is an empty cell
    }
  }

  /** The value of the cell at (row id, column id); null when either is not in the sheet. */
  getValueById(sheetId: string, rowId: string, colId: string): CellValue {
    this.followDocuments()
    const mirror = this.core.mirrors.get(sheetId)
    if (!mirror) return null
    return this.getValue(sheetId, mirror.rowIndexOf(rowId), mirror.colIndexOf(colId))
  }

  /**
   * The area the array formula at (row id, column id) spills over, its own cell included
   * (`=SORT(A1:A5)`: 5 × 1); null for a scalar formula, any other cell, or a sheet not in the
   * engine. The XLSX export writes such formulas as Excel's array formulas over that area.
   */
  getSpillById(sheetId: string, rowId: string, colId: string): SpillSize | null {
    this.followDocuments()
    const mirror = this.core.mirrors.get(sheetId)
    const sheet = mirror?.engineSheet
    if (!mirror || sheet == null) return null
    const row = mirror.rowIndexOf(rowId)
    const col = mirror.colIndexOf(colId)
    if (row < 0 || col < 0) return null
    try {
      return spillSize(this.core.hf, { sheet, row, col })
    } catch {
      return null // past the engine's grid
    }
  }

  /**
   * The value of a formula that is in no cell (a conditional format's custom rule), as if it
   * stood on `sheetId`: `stored` is in stored (id-anchored) form. A formula that does not read
   * as one, or a sheet not in the engine, is an error value; never throws.
   */
  evaluateFormula(sheetId: string, stored: string): CellValue {
    this.followDocuments()
    const sheet = this.core.mirrors.get(sheetId)?.engineSheet
    if (sheet == null || this.destroyed) return cellError('#REF!')
    try {
      const { content } = toEngineFormula(stored, sheetId, this.core.sheets)
      const value = this.core.hf.calculateFormula(String(content), sheet)
      return fromEngineValue(Array.isArray(value) ? value[0]?.[0] : value)
    } catch {
      return cellError('#ERROR!')
    }
  }

  /**
   * A `FormulaContext` for formulas on `sheetId`, from the engine's layouts (current after
   * each transaction has been processed) and the workbook's sheet names.
   */
  formulaContext(sheetId: string): FormulaContext {
    this.followDocuments()
    const { sheets } = this.core
    return {
      sheetId,
      layout: (id) => {
        this.followDocuments()
        return sheets.layout(id)
      },
      sheetIdByName: (name) => {
        this.followDocuments()
        return sheets.sheetIdByName(name)
      },
      sheetName: (id) => {
        this.followDocuments()
        return this.core.listed.find((s) => s.id === id)?.name
      },
      nameId: (text, scope = sheetId) => findName(this.core.names, text, scope)?.id,
      nameText: (id) => this.core.names.find((n) => n.id === id)?.name,
      tables: () => sheets.tables?.() ?? [],
    }
  }

  /**
   * Tells the engine which rows of a sheet are hidden by hand (`hiddenRows`) and by the
   * shared filter, as row ids, for SUBTOTAL and AGGREGATE (Excel's rules: 1–11 leave out
   * filtered rows, 101–111 both). Recalculates them when the sets changed.
   */
  setHiddenRows(sheetId: string, rows: HiddenRows): void {
    this.followDocuments()
    const before = this.core.hiddenRows.get(sheetId)
    if (before && sameSet(before.hidden, rows.hidden) && sameSet(before.filtered, rows.filtered)) {
      return
    }
    this.core.hiddenRows.set(sheetId, rows)
    // Nothing evaluated yet reads them: the engine asks for them as it evaluates
    // (`bindRowHiding`). A batch now would make an empty HyperFormula only for the sheet's
    // first build to throw it away (~140 ms of a 100,000-formula sheet's open in Chromium).
    if (this.core.sheetOfEngine.size === 0) return
    this.run(() => undefined)
  }

  /**
   * Does a slice (~10 ms) of the work a sheet's open put off: indexing its formulas for
   * structural edits. Call it while the host is idle until it returns false; anything that
   * needs that work does the rest of it first, so not calling it only moves the cost there.
   */
  catchUp(): boolean {
    return !this.destroyed && this.core.index.catchUpSome()
  }

  /**
   * Evaluates a formula (A1 form, as typed for `sheetId`) against the workbook as it is now,
   * without writing it anywhere: custom validation rules. Relative references are read as
   * written (`B2` is B2). Never throws: an unreadable formula is `#ERROR!`.
   */
  calculate(sheetId: string, formula: string): CellValue {
    this.followDocuments()
    const sheet = this.core.mirrors.get(sheetId)?.engineSheet
    if (sheet == null || this.running) return cellError('#REF!', 'The sheet is not evaluated.')
    try {
      const stored = toStoredFormula(formula, this.formulaContext(sheetId))
      const { content } = toEngineFormula(stored, sheetId, this.core.sheets)
      const value = this.core.hf.calculateFormula(String(content), sheet)
      return fromEngineValue(Array.isArray(value) ? value[0]?.[0] : value)
    } catch (error) {
      return cellError('#ERROR!', error instanceof Error ? error.message : undefined)
    }
  }

  /**
   * A lazy engine (`WorkbookEngineOptions.lazy`) catches up with everything its documents did
   * since it last did, in one batch: the sheet list and names, then each sheet's moved rows
   * and columns, tables and changed cells (a sheet with many changed cells is loaded again).
   * Every getter does this first; call it to have sheets a formula now names reported
   * (`onMissingSheet`) before reading. Costs nothing when nothing changed; an eager engine
   * has nothing to catch up with.
   */
  followDocuments(): void {
    if (this.running || this.destroyed) return
    if (!this.workbookDeferred && this.deferred.size === 0) return
    if (this.workbookDeferred) {
      this.workbookDeferred = false
      this.syncSheetList()
    }
    const changes = [...this.deferred]
    this.deferred.clear()
    this.run((pending) => {
      for (const [mirror, change] of changes) {
        // Unlisted since (activating it again loads it whole) or removed: nothing to follow.
        if (mirror.engineSheet === null || this.core.mirrors.get(mirror.sheetId) !== mirror) {
          continue
        }
        this.follow(mirror, change, pending)
      }
    })
  }

  /** Subscribes to value changes; returns the unsubscribe function. */
  onChange(listener: (changes: readonly EngineChange[]) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.workbook.off('afterTransaction', this.onWorkbookTransaction)
    for (const detach of this.detachers.values()) detach()
    this.detachers.clear()
    this.deferred.clear()
    this.core.mirrors.clear()
    this.listeners.clear()
    this.core.destroy()
  }

  private isListed(sheetId: string): boolean {
    return this.core.listed.some((s) => s.id === sheetId)
  }

  /**
   * Runs engine work as one HyperFormula batch (one recalculation), writes the pending cells
   * and reports changed values. It runs inside Yjs's `afterTransaction`, where an exception
   * would surface in whoever edited the document, so a HyperFormula failure is reported to
   * `onError` and answered by recovery instead.
   */
  private run(work: (pending: Pending) => void): void {
    if (this.destroyed) return
    const pending: Pending = new Map()
    const core = this.core
    if (this.running) {
      work(pending)
      core.flush(pending)
      return
    }
    this.running = true
    core.batchWrites = []
    let exported: ReturnType<HyperFormula['batch']> = []
    let failure: { error: unknown } | null = null
    try {
      exported = core.hf.batch(() => {
        work(pending)
        core.flush(pending)
      })
      exported.push(...core.settle(exported.length > 0))
    } catch (error) {
      failure = { error }
    } finally {
      this.running = false
    }
    if (failure) {
      this.options.onError?.(failure.error)
      this.recoverFromFailure()
    } else {
      this.emit(exported)
    }
    this.reportMissingSheets()
  }

  private emit(exported: ReturnType<HyperFormula['batch']>): void {
    if (this.listeners.size === 0) return
    const changes: EngineChange[] = []
    for (const change of exported) {
      if (!('address' in change)) continue
      const sheetId = this.core.sheetOfEngine.get(change.address.sheet)
      if (sheetId !== undefined) changes.push({ sheetId, row: change.row, col: change.col })
    }
    if (changes.length > 0) for (const listener of [...this.listeners]) listener(changes)
  }

  private reportMissingSheets(): void {
    const missing = [...this.core.missing].filter((id) => !this.core.mirrors.has(id))
    this.core.missing.clear()
    for (const id of missing) {
      this.core.reportedMissing.add(id)
      this.options.onMissingSheet?.(id)
    }
  }

  private recoverFromFailure(): void {
    if (this.recovering) return
    this.recovering = true
    try {
      recover(this.recoverable, this.core.batchWrites)
      // A rebuilt engine reads PIVOTBY at one cell until it is measured (`measuredSpill.ts`).
      this.core.settle(true)
    } catch (error) {
      this.options.onError?.(error)
    } finally {
      this.recovering = false
    }
    // Anything may have changed: report every cell with content.
    const all: EngineChange[] = []
    for (const mirror of this.core.mirrors.values()) {
      if (mirror.engineSheet === null) continue
      for (const key of mirror.types.cells.keys()) {
        const { rowId, colId } = splitCellKey(key)
        const row = mirror.rowIndexOf(rowId)
        const col = mirror.colIndexOf(colId)
        if (row >= 0 && col >= 0) all.push({ sheetId: mirror.sheetId, row, col })
      }
    }
    if (all.length > 0) for (const listener of [...this.listeners]) listener(all)
  }

  /** Recovery's view of the engine. A probe that throws is an expected outcome, not reported. */
  private readonly recoverable: RecoverableEngine = {
    quarantine: this.core.quarantine,
    rebuild: () => {
      this.core.reset()
      return this.probe((pending) => {
        for (const mirror of this.core.mirrors.values()) {
          if (this.isListed(mirror.sheetId)) this.core.activate(mirror, pending)
        }
      })
    },
    write: (keys) =>
      this.probe((pending) => {
        for (const key of keys) {
          const { sheetId, cellKey } = splitFormulaKey(key)
          addPending(pending, sheetId, cellKey)
        }
      }),
    formulaKeys: () => {
      const keys: string[] = []
      for (const mirror of this.core.mirrors.values()) {
        if (mirror.engineSheet === null) continue
        for (const [key, raw] of cellInputs(mirror.types.cells)) {
          if (isFormula(raw)) keys.push(formulaKey(mirror.sheetId, key))
        }
      }
      return keys
    },
    raw: (key) => {
      const { sheetId, cellKey } = splitFormulaKey(key)
      const mirror = this.core.mirrors.get(sheetId)
      return (mirror && cellInputAt(mirror.types.cells, cellKey)) ?? ''
    },
  }

  private probe(work: (pending: Pending) => void): boolean {
    try {
      this.core.hf.batch(() => {
        const pending: Pending = new Map()
        work(pending)
        this.core.flush(pending)
      })
      return true
    } catch {
      return false
    }
  }

  private syncSheetList(): void {
    const before = this.core.listed
    const after = listSheets(this.workbook)
    this.core.listed = after
    const names = listNames(this.workbook)
    const namesSame =
      names.length === this.core.names.length &&
      names.every((n, i) => sameName(n, this.core.names[i]))
    if (!namesSame) this.run((pending) => this.core.setNames(names, pending))
    const same =
      before.length === after.length &&
      before.every((s, i) => s.id === after[i]?.id && s.name === after[i]?.name)
    if (same) return
    this.run((pending) => {
      for (const mirror of this.core.mirrors.values()) {
        const listed = this.isListed(mirror.sheetId)
        if (mirror.engineSheet === null && listed) this.core.activate(mirror, pending)
        else if (mirror.engineSheet !== null && !listed) this.core.deactivate(mirror, pending)
      }
      // References still written by sheet name resolve differently after a rename.
      this.core.collectFormulas(NAME_ANCHOR, pending)
    })
  }

  private onSheetTransaction(mirror: SheetMirror, tr: Y.Transaction): void {
    if (mirror.engineSheet === null || this.destroyed) return
    const t = mirror.types
    // Yjs types `changed` by the abstract base class; the keys are our roots.
    const changed = tr.changed as Map<unknown, Set<string | null>>
    const rows = changed.has(t.rows) || changed.has(t.removedRows)
    const cols = changed.has(t.cols) || changed.has(t.removedCols)
    const keys = t.cells.changedKeys(tr)
    const tables = changed.has(tablesMap(mirror.doc))
    if (!rows && !cols && !keys && !tables) return
    if (this.options.lazy) {
      this.defer(mirror, rows, cols, tables, keys)
      return
    }
    const reload = keys !== undefined && isBulkChange(keys.size, t.cells.size)
    this.run((pending) =>
      this.follow(mirror, { rows, cols, tables, keys: keys ?? NO_KEYS, reload }, pending),
    )
  }

  /** Brings one sheet's engine content in line with what its transactions changed. */
  private follow(mirror: SheetMirror, change: SheetChange, pending: Pending): void {
    if (change.reload) {
      this.core.reloadSheet(mirror, pending)
      return
    }
    if (change.rows) this.core.syncAxis(mirror, 'rows', pending)
    if (change.cols) this.core.syncAxis(mirror, 'cols', pending)
    if (change.tables) this.core.tablesChanged(pending)
    for (const key of change.keys) addPending(pending, mirror.sheetId, key)
  }

  /** Lazy mode: notes what a sheet's transaction changed, for `followDocuments`. */
  private defer(
    mirror: SheetMirror,
    rows: boolean,
    cols: boolean,
    tables: boolean,
    keys: ReadonlySet<string> | undefined,
  ): void {
    let change = this.deferred.get(mirror)
    if (!change) {
      change = { rows: false, cols: false, tables: false, keys: new Set(), reload: false }
      this.deferred.set(mirror, change)
    }
    change.rows ||= rows
    change.cols ||= cols
    change.tables ||= tables
    if (!keys || change.reload) return
    for (const key of keys) change.keys.add(key)
    if (change.keys.size >= BULK_CELLS && isBulkChange(change.keys.size, mirror.types.cells.size)) {
      change.reload = true
      change.keys.clear()
    }
  }
}

function sameName(a: DefinedName, b: DefinedName | undefined): boolean {
  return (
    b !== undefined &&
    a.id === b.id &&
    a.name === b.name &&
    a.formula === b.formula &&
    a.scope === b.scope &&
    a.duplicate === b.duplicate
  )
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false
  for (const x of a) if (!b.has(x)) return false
  return true
}
