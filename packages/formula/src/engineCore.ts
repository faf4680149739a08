import type { HyperFormula, RawCellContent } from 'hyperformula'
import { cellInputAt, findName, tablesMap, type DefinedName, type SheetInfo } from '@cellmate/model'
import { isBulkReorder, planAxisSync } from './axisSync.js'
import { createExcelEngine } from './engineConfig.js'
import { toEngineContent, toEngineFormula, type EngineSheets } from './engineFormula.js'
import { sheetContent } from './engineSheetContent.js'
import { applyAxisOps } from './engineStructure.js'
import { bindDefinedNames, bindSheetNames, parseTarget } from './indirectPlugin.js'
import { bindRowHiding } from './subtotalPlugin.js'
import { isFormula } from './formulaTokens.js'
import { resizeMeasuredSpills } from './measuredSpill.js'
import {
  axisAnchor,
  definedNameAnchor,
  FormulaIndex,
  formulaKey,
  INDIRECT_ANCHOR,
  NAME_ANCHOR,
  positionalAnchor,
  sheetAnchor,
  splitFormulaKey,
  TABLE_ANCHOR,
} from './formulaIndex.js'
import { formulaTables } from './formulaTables.js'
import type { FormulaTable } from './structuredRefs.js'
import { splitCellKey, type SheetMirror } from './sheetMirror.js'

/**
 * The engine's name for a defined name: its id, which never changes, so a rename leaves the
 * engine alone. Scopes are resolved by Cellmate (`findName`), so every name is workbook-wide
 * in HyperFormula and a sheet's names need not follow its engine sheet in and out.
 */
/** A defined name that holds a LAMBDA: a custom function, inlined where it is called. */
const LAMBDA_FORMULA = /^=\s*(?:_xlfn\.)?LAMBDA\s*\(/i

const engineNameOf = (id: string): string => `_cm_${id.replace(/-/g, '.')}`

/** Which rows of a sheet are hidden by hand and which by a filter, as row ids. */
export interface HiddenRows {
  hidden: ReadonlySet<string>
  filtered: ReadonlySet<string>
}

/** Cells to (re)write into the engine, by sheet id, as `rowId:colId` keys. */
export type Pending = Map<string, Set<string>>

export function addPending(pending: Pending, sheetId: string, cellKey: string): void {
  let keys = pending.get(sheetId)
  if (!keys) pending.set(sheetId, (keys = new Set()))
  keys.add(cellKey)
}

/**
 * Keeps one HyperFormula instance equal to the documents: loads and unloads sheets, replays
 * structural edits as HyperFormula operations, writes cells, and re-evaluates the formulas a
 * position shift cannot update (see `FormulaIndex`). Callers batch its work (`WorkbookEngine`).
 */
export class EngineCore {
  /**
   * Made when first used: a workbook's first sheet is usually built whole (`buildFirst`), and
   * an empty engine made beforehand would only be thrown away (~100-200 ms of a big sheet's
   * open in Chromium: HyperFormula's configuration, function registry and named constants).
   */
  private engine: HyperFormula | null = null
  readonly mirrors = new Map<string, SheetMirror>()
  readonly sheetOfEngine = new Map<number, string>()
  readonly index = new FormulaIndex()
  /** Formulas HyperFormula failed on, withheld from it until edited (see engineRecovery). */
  readonly quarantine = new Map<string, string>()
  /** Formula cells written since the last `batchWrites` reset: suspects if a batch fails. */
  batchWrites: string[] = []
  /** The workbook's sheet list, as last read. */
  listed: SheetInfo[] = []
  /** Listed sheets a formula referred to without them being loaded. */
  readonly missing = new Set<string>()
  readonly reportedMissing = new Set<string>()
  /** Rows hidden by hand and by a filter, by sheet id (SUBTOTAL and AGGREGATE read them). */
  readonly hiddenRows = new Map<string, HiddenRows>()
  /** The workbook's defined names, as last read. */
  names: DefinedName[] = []
  /** Engine name -> the expression HyperFormula was given for it. */
  private readonly namedExpressions = new Map<string, string>()
  /** Set when names or what their ranges resolve against may have changed. */
  namesDirty = false
  /** Set by `buildFirst` until the next `settle`, which then runs whatever the batch changed. */
  private builtUnsettled = false
  /** The tables of the sheets in the engine, read when first needed after a change. */
  private tableList: FormulaTable[] | null = null

  readonly sheets: EngineSheets = {
    engineName: (id) => {
      if (this.mirrors.get(id)?.engineSheet != null) return id
      if (!this.reportedMissing.has(id) && this.listed.some((s) => s.id === id)) {
        this.missing.add(id)
      }
      return undefined
    },
    layout: (id) => {
      const mirror = this.mirrors.get(id)
      return mirror?.engineSheet != null ? mirror : undefined
    },
    sheetIdByName: (name) => {
      const lower = name.toLowerCase()
      return this.listed.find((s) => s.name.toLowerCase() === lower)?.id
    },
    isListed: (id) => this.listed.some((s) => s.id === id),
    lambdaName: (text, host) => {
      const name = findName(this.names, text, host)
      return name && LAMBDA_FORMULA.test(name.formula)
        ? { formula: name.formula, scope: name.scope }
        : undefined
    },
    definedName: (text, id, host) => {
      const byId = id === null ? undefined : this.names.find((n) => n.id === id && !n.duplicate)
      const name = byId ?? findName(this.names, text, host)
      return name && engineNameOf(name.id)
    },
    tables: () => (this.tableList ??= this.readTables()),
    requestAllSheets: () => {
      for (const s of this.listed) this.sheets.engineName(s.id)
    },
  }

  private readTables(): FormulaTable[] {
    const out: FormulaTable[] = []
    for (const mirror of this.mirrors.values()) {
      if (mirror.engineSheet === null) continue
      out.push(...formulaTables(mirror.sheetId, mirror.doc, mirror))
    }
    return out
  }

  /**
   * A table came, went, was renamed or resized, or the rows and columns of a sheet holding
   * one moved: formulas with structured references are converted again from their tables'
   * current geometry (HyperFormula's own shifting cannot know a table grew by a row typed
   * under it, or that `[#Totals]` is now another row).
   */
  tablesChanged(pending: Pending): void {
    this.tableList = null
    this.collectFormulas(TABLE_ANCHOR, pending)
  }

  /**
   * Takes in a new list of defined names: formulas that name a text that came, went or moved
   * to another name are re-converted, and the engine's named expressions are brought in line.
   */
  setNames(names: DefinedName[], pending: Pending): void {
    // A LAMBDA's formula is inlined where the name is called, so its text is part of the key.
    const key = (n: DefinedName): string =>
      `${n.id}\u0001${n.name}\u0001${n.scope}\u0001${n.duplicate}` +
      (LAMBDA_FORMULA.test(n.formula) ? `\u0001${n.formula}` : '')
    const before = new Set(this.names.map(key))
    const after = new Set(names.map(key))
    const texts = new Set<string>()
    for (const n of this.names) if (!after.has(key(n))) texts.add(n.name)
    for (const n of names) if (!before.has(key(n))) texts.add(n.name)
    this.names = names
    for (const text of texts) this.collectFormulas(definedNameAnchor(text), pending)
    this.namesDirty = true
  }

  /**
   * Gives HyperFormula each name's expression for the current layouts (its ranges are read
   * from their ids, like a cell's), changing only those that differ from what it has.
   */
  refreshNames(): void {
    this.namesDirty = false
    const wanted = new Map<string, string>()
    for (const n of this.names) {
      if (n.duplicate) continue
      const { content } = toEngineFormula(n.formula, n.scope ?? '', this.sheets, { absolute: true })
      wanted.set(engineNameOf(n.id), String(content))
    }
    for (const name of [...this.namedExpressions.keys()]) {
      if (wanted.has(name)) continue
      this.namedExpressions.delete(name)
      this.hf.removeNamedExpression(name)
    }
    for (const [name, expression] of wanted) {
      const given = this.namedExpressions.get(name)
      if (given === expression) continue
      try {
        if (given === undefined) this.hf.addNamedExpression(name, expression)
        else this.hf.changeNamedExpression(name, expression)
        this.namedExpressions.set(name, expression)
      } catch {
        // HyperFormula refused the expression: the name reads #NAME? until it changes.
        if (given !== undefined) this.hf.removeNamedExpression(name)
        this.namedExpressions.delete(name)
      }
    }
  }

  get hf(): HyperFormula {
    return (this.engine ??= this.createEngine())
  }

  /**
   * A HyperFormula whose INDIRECT finds sheets by their current names; empty, or built from
   * `sheets` (evaluated before the bindings below exist: see `buildFirst`).
   */
  private createEngine(sheets?: Record<string, RawCellContent[][]>): HyperFormula {
    const hf = createExcelEngine(sheets)
    bindSheetNames(hf, (name) => {
      const id = this.sheets.sheetIdByName(name)
      // `engineName` also asks for a listed sheet that is not loaded (`onMissingSheet`); the
      // formula re-evaluates when it arrives (INDIRECT formulas depend on `NAME_ANCHOR`).
      if (id === undefined || this.sheets.engineName(id) === undefined) return undefined
      return this.mirrors.get(id)?.engineSheet ?? undefined
    })
    bindDefinedNames(hf, (text, sheet) => {
      // The name as the formula's sheet sees it; its expression is in engine terms
      // (`=Sheet3!$B$2:$B$4` with the engine's sheet names), refreshed with the layouts.
      const name = findName(this.names, text, this.sheetOfEngine.get(sheet) ?? null)
      const expression = name && this.namedExpressions.get(engineNameOf(name.id))
      const target =
        expression && parseTarget(expression.replace(/^=/, ''), true, { row: 0, col: 0 })
      if (!target || target.sheet === null) return undefined
      const engineSheet = hf.getSheetId(target.sheet)
      return engineSheet === undefined ? undefined : { sheet: engineSheet, target }
    })
    bindRowHiding(hf, (sheet, row) => {
      const sheetId = this.sheetOfEngine.get(sheet)
      const rows = sheetId === undefined ? undefined : this.hiddenRows.get(sheetId)
      const rowId = rows && this.mirrors.get(sheetId as string)?.rowId(row)
      if (!rows || rowId === undefined) return 'visible'
      return rows.hidden.has(rowId) ? 'hidden' : rows.filtered.has(rowId) ? 'filtered' : 'visible'
    })
    return hf
  }

  /**
   * HyperFormula recomputes volatile formulas (INDIRECT) after the cells that changed, but
   * not necessarily after a formula they read that itself depends on a volatile one
   * (`INDIRECT` of a cell holding `INDIRECT`). When a recalculation changed values and the
   * workbook holds INDIRECT, recalculate until nothing changes (at most `passes` more). First,
   * formulas whose spill is sized by measuring (PIVOTBY) and came out another size are read
   * again at it (`measuredSpill.ts`).
   */
  settle(changed: boolean, passes = 2): ReturnType<HyperFormula['batch']> {
    const extra: ReturnType<HyperFormula['batch']> = []
    // A build evaluated everything without reporting changes (`buildFirst`).
    if (!changed && !this.builtUnsettled) return extra
    this.builtUnsettled = false
    // PIVOTBY's spill is sized by measuring: formulas computed at another size are read again.
    extra.push(...resizeMeasuredSpills(this.hf))
    if (!this.index.has(INDIRECT_ANCHOR)) return extra
    for (let i = 0; i < passes; i++) {
      const more = this.hf.batch(() => undefined)
      if (more.length === 0) break
      extra.push(...more)
    }
    return extra
  }

  /** Drops everything the engine holds and starts a fresh HyperFormula (sheets unloaded). */
  reset(): void {
    this.engine?.destroy()
    this.engine = null
    this.sheetOfEngine.clear()
    this.index.clear()
    this.tableList = null
    this.namedExpressions.clear()
    this.namesDirty = true
    for (const mirror of this.mirrors.values()) mirror.engineSheet = null
  }

  /** Frees HyperFormula's memory (an engine never used was never made). */
  destroy(): void {
    this.engine?.destroy()
    this.engine = null
    this.index.clear()
  }

  collectFormulas(anchor: string, pending: Pending): void {
    const formulas = new Set<string>()
    this.index.collect(anchor, formulas)
    for (const f of formulas) {
      const { sheetId, cellKey } = splitFormulaKey(f)
      addPending(pending, sheetId, cellKey)
    }
  }

  /**
   * Loads `mirror` as the first sheet of an engine that holds nothing yet by building a new
   * HyperFormula from its content in one go (`buildFromSheets`), which evaluates every cell
   * once without the per-cell bookkeeping of `setSheetContent` on a live engine (the changes
   * of every cell recorded, a dependency sort from each): a third less CPU for 100,000
   * formulas. Call outside a batch, then `activate(mirror, pending, true)` in one.
   *
   * The build evaluates before the engine's bindings exist (sheet names, defined names and
   * hidden rows): the functions that read them (INDIRECT, SUBTOTAL, AGGREGATE) are volatile,
   * so the batch of `activate` computes them again with the bindings. Returns false, with the
   * engine as it was, when the engine holds something already, the sheet is too sparse for a
   * dense build (`denseEnough`) or the build throws.
   */
  buildFirst(mirror: SheetMirror): boolean {
    if (this.sheetOfEngine.size > 0 || this.namedExpressions.size > 0) return false
    // The sheet counts as in the engine while its content is converted (references to it).
    mirror.engineSheet = 0
    mirror.setIds('rows', mirror.liveIds('rows'))
    mirror.setIds('cols', mirror.liveIds('cols'))
    let hf: HyperFormula | null = null
    try {
      const content = sheetContent(mirror, this)
      // HyperFormula builds a sheet's address map dense, a row array as wide as the widest row
      // for every row up to the last: one cell at XFD1048576 would be 17 billion slots. Such
      // a sheet goes in through `activate` instead, whose rows are made as cells arrive.
      if (denseEnough(content)) hf = this.createEngine({ [mirror.sheetId]: content })
    } catch {
      hf = null
    }
    if (!hf) {
      mirror.engineSheet = null
      this.index.removeSheet(mirror.sheetId)
      return false
    }
    this.engine?.destroy()
    this.engine = hf
    const sheet = hf.getSheetId(mirror.sheetId) as number
    mirror.engineSheet = sheet
    this.sheetOfEngine.set(sheet, mirror.sheetId)
    this.tableList = null
    this.builtUnsettled = true
    return true
  }

  /** Loads a sheet into the engine; `built`: its content already is (`buildFirst`). */
  activate(mirror: SheetMirror, pending: Pending, built = false): void {
    if (!built) {
      const name = this.hf.addSheet(mirror.sheetId)
      const sheet = this.hf.getSheetId(name) as number
      mirror.engineSheet = sheet
      this.tableList = null
      this.sheetOfEngine.set(sheet, mirror.sheetId)
      mirror.setIds('rows', mirror.liveIds('rows'))
      mirror.setIds('cols', mirror.liveIds('cols'))
      this.hf.setSheetContent(sheet, sheetContent(mirror, this))
    }
    this.collectFormulas(sheetAnchor(mirror.sheetId), pending)
    this.collectFormulas(NAME_ANCHOR, pending)
    this.tablesChanged(pending)
    this.namesDirty = true
  }

  deactivate(mirror: SheetMirror, pending: Pending): void {
    const sheet = mirror.engineSheet as number
    this.hf.removeSheet(sheet)
    this.sheetOfEngine.delete(sheet)
    mirror.engineSheet = null
    this.tableList = null
    mirror.orphans.clear()
    this.index.removeSheet(mirror.sheetId)
    this.collectFormulas(sheetAnchor(mirror.sheetId), pending)
    this.collectFormulas(NAME_ANCHOR, pending)
    this.tablesChanged(pending)
    this.namesDirty = true
  }

  /** Notes a cell whose row or column is not in the layout (yet, or any more). */
  noteOrphan(mirror: SheetMirror, key: string, raw: string | undefined): void {
    this.index.remove(formulaKey(mirror.sheetId, key))
    const { rowId, colId } = splitCellKey(key)
    const gone = mirror.isRemoved('rows', rowId) || mirror.isRemoved('cols', colId)
    if (raw === undefined || gone) mirror.orphans.delete(key)
    else mirror.orphans.add(key)
  }

  /** Brings the engine's rows (or columns) of a sheet in line with the document. */
  syncAxis(mirror: SheetMirror, axis: 'rows' | 'cols', pending: Pending): void {
    const after = mirror.liveIds(axis)
    if (isBulkReorder(mirror.ids(axis), after)) {
      this.reloadSheet(mirror, pending)
      return
    }
    const plan = planAxisSync(mirror.ids(axis), after)
    if (plan.ops.length === 0) return
    try {
      applyAxisOps(this.hf, mirror.engineSheet as number, axis, plan.ops)
    } catch {
      // HyperFormula refuses some structural edits (cutting through a spilled array, growing
      // past its grid). Reloading the sheet's content from the document gives the same result.
      this.reloadSheet(mirror, pending)
      return
    }
    mirror.setIds(axis, after)
    if (this.names.length > 0) this.namesDirty = true
    if (tablesMap(mirror.doc).size > 0) this.tablesChanged(pending)
    // The engine shifted every reference by position. That is the anchored meaning except
    // where an endpoint itself moved, vanished or (re)appeared, and for positional references.
    for (const ids of [plan.removed, plan.moved, plan.inserted]) {
      for (const id of ids) this.collectFormulas(axisAnchor(mirror.sheetId, axis, id), pending)
    }
    this.collectFormulas(positionalAnchor(mirror.sheetId), pending)
    if (plan.inserted.length > 0) {
      for (const key of mirror.orphans) addPending(pending, mirror.sheetId, key)
    }
  }

  /** Replaces a sheet's engine content with its document's; formulas elsewhere re-resolve. */
  reloadSheet(mirror: SheetMirror, pending: Pending): void {
    mirror.setIds('rows', mirror.liveIds('rows'))
    mirror.setIds('cols', mirror.liveIds('cols'))
    this.index.removeSheet(mirror.sheetId)
    this.tableList = null
    this.hf.setSheetContent(mirror.engineSheet as number, sheetContent(mirror, this))
    this.collectFormulas(sheetAnchor(mirror.sheetId), pending)
    this.tablesChanged(pending)
    if (this.names.length > 0) this.namesDirty = true
  }

  /** Writes pending cells from their documents into the engine (names first, if due). */
  flush(pending: Pending): void {
    if (this.namesDirty) this.refreshNames()
    for (const [sheetId, keys] of pending) {
      const mirror = this.mirrors.get(sheetId)
      if (!mirror || mirror.engineSheet === null) continue
      for (const key of keys) this.writeCell(mirror, key)
    }
  }

  private writeCell(mirror: SheetMirror, key: string): void {
    const raw = cellInputAt(mirror.types.cells, key)
    const { rowId, colId } = splitCellKey(key)
    const row = mirror.rowIndexOf(rowId)
    const col = mirror.colIndexOf(colId)
    if (row < 0 || col < 0) {
      this.noteOrphan(mirror, key, raw)
      return
    }
    mirror.orphans.delete(key)
    const fKey = formulaKey(mirror.sheetId, key)
    const address = { sheet: mirror.engineSheet as number, row, col }
    if (this.isWithheld(fKey, raw)) {
      this.hf.setCellContents(address, [[null]])
      return
    }
    const { content, anchors } = toEngineContent(raw, mirror.sheetId, this.sheets, { row, col })
    this.index.set(fKey, anchors)
    if (raw !== undefined && isFormula(raw)) this.batchWrites.push(fKey)
    this.hf.setCellContents(address, [[content]])
  }

  /** True while a quarantined cell still holds the input HyperFormula failed on. */
  isWithheld(key: string, raw: string | undefined): boolean {
    if (this.quarantine.size === 0 || !this.quarantine.has(key)) return false
    if (this.quarantine.get(key) === raw) return true
    this.quarantine.delete(key) // edited since: try it again
    return false
  }
}

/**
 * True when building `content` at once costs HyperFormula's dense address map (rows × widest
 * row slots) no more than a few times the cells it holds: a filled sheet, not a lone far cell.
 */
function denseEnough(content: ReadonlyArray<ReadonlyArray<unknown>>): boolean {
  let width = 0
  let filled = 0
  for (const line of content) {
    width = Math.max(width, line.length)
    filled += line.length
  }
  return content.length * width <= 4 * filled + 1_000_000
}
