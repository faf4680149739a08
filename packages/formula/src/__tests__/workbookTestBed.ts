import * as Y from 'yjs'
import {
  addSheet,
  initSheet,
  initWorkbook,
  listSheets,
  newId,
  parseA1,
  setCell,
  SheetLayout,
} from '@cellmate/model'
import { toDisplayFormula, toStoredFormula, type FormulaContext } from '../anchoredFormula.js'
import type { CellValue } from '../cellValue.js'
import { workbookFormulaContext } from '../formulaContext.js'
import { WorkbookEngine } from '../workbookEngine.js'

/** A cell by ids. */
export interface CellRef {
  sheetId: string
  rowId: string
  colId: string
}

/**
 * Client ids from a counter instead of at random, so that a run (and a property's seed)
 * replays the same concurrent merge order.
 */
let nextClientId = 1
function newDoc(): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = nextClientId++
  return doc
}

/** Size of test sheets: small, so every test builds quickly. */
export const TEST_SHEET_SIZE = { rows: 40, cols: 12 }

/**
 * One replica of a workbook as a client holds it: the workbook document, one document per
 * sheet, a layout per sheet and an engine fed from them. Cells are addressed as a user
 * would (`"Sheet2!B4"`, or `"B4"` on the first sheet) and typed as a user would (A1 text,
 * converted to the stored form on the way in).
 */
export class Replica {
  readonly sheetDocs = new Map<string, Y.Doc>()
  readonly layouts = new Map<string, SheetLayout>()
  readonly engine: WorkbookEngine
  readonly errors: unknown[] = []

  constructor(readonly workbook: Y.Doc = newDoc()) {
    this.engine = new WorkbookEngine(workbook, { onError: (e) => this.errors.push(e) })
  }

  /** A new workbook with one sheet, `Sheet1`. */
  static create(size: { rows: number; cols: number } = TEST_SHEET_SIZE): Replica {
    const replica = new Replica()
    const sheet = initWorkbook(replica.workbook, 'test', 'sheet-1')
    const doc = newDoc()
    initSheet(doc, size)
    replica.open(sheet.id, doc)
    return replica
  }

  /** A second replica holding the same state (as a client that just joined). */
  clone(): Replica {
    const other = new Replica(copyDoc(this.workbook))
    for (const [id, doc] of this.sheetDocs) other.open(id, copyDoc(doc))
    return other
  }

  open(sheetId: string, doc: Y.Doc): void {
    this.sheetDocs.set(sheetId, doc)
    this.layouts.set(sheetId, new SheetLayout(doc))
    this.engine.addSheet(sheetId, doc)
  }

  addSheet(name: string): string {
    // Any unique id (in the app the server issues them).
    const info = addSheet(this.workbook, { id: newId(this.workbook), name })
    const doc = newDoc()
    initSheet(doc, TEST_SHEET_SIZE)
    this.open(info.id, doc)
    return info.id
  }

  sheetId(name: string): string {
    const sheet = listSheets(this.workbook).find((s) => s.name.toLowerCase() === name.toLowerCase())
    if (!sheet) throw new Error(`no sheet ${name}`)
    return sheet.id
  }

  firstSheetId(): string {
    return (listSheets(this.workbook)[0] as { id: string }).id
  }

  doc(sheetName?: string): Y.Doc {
    return this.sheetDocs.get(sheetName ? this.sheetId(sheetName) : this.firstSheetId()) as Y.Doc
  }

  context(sheetId: string): FormulaContext {
    return workbookFormulaContext(
      this.workbook,
      sheetId,
      (id) => this.layouts.get(id),
      (id) => this.sheetDocs.get(id),
    )
  }

  private locate(address: string): { sheetId: string; row: number; col: number } {
    const bang = address.lastIndexOf('!')
    const sheetId = bang < 0 ? this.firstSheetId() : this.sheetId(address.slice(0, bang))
    const pos = parseA1(address.slice(bang + 1))
    if (!pos) throw new Error(`bad address ${address}`)
    return { sheetId, ...pos }
  }

  /** The ids of the cell now at `address`: a handle that follows it through structural edits. */
  cellRef(address: string): CellRef {
    return this.ids(address)
  }

  /** What the formula bar shows for the cell `ref` points at, wherever it is now. */
  displayOf(ref: CellRef): string {
    const layout = this.layouts.get(ref.sheetId) as SheetLayout
    // A cell on a deleted row or column is invisible, whatever the map still holds.
    const raw = layout.cellAt(layout.rowIndexOf(ref.rowId), layout.colIndexOf(ref.colId))
    return toDisplayFormula(raw, this.context(ref.sheetId))
  }

  valueOf(ref: CellRef): CellValue {
    return this.engine.getValueById(ref.sheetId, ref.rowId, ref.colId)
  }

  private ids(address: string): CellRef {
    const { sheetId, row, col } = this.locate(address)
    const layout = this.layouts.get(sheetId) as SheetLayout
    return { sheetId, rowId: layout.rowId(row) as string, colId: layout.colId(col) as string }
  }

  /** Types `input` into a cell, as the formula bar would. */
  type(address: string, input: string): void {
    const { sheetId, rowId, colId } = this.ids(address)
    const { row, col } = this.locate(address)
    const stored = toStoredFormula(input, this.context(sheetId), { row, col })
    setCell(this.sheetDocs.get(sheetId) as Y.Doc, rowId, colId, stored)
  }

  /** The stored input of a cell. */
  raw(address: string): string {
    const { sheetId, row, col } = this.locate(address)
    return (this.layouts.get(sheetId) as SheetLayout).cellAt(row, col)
  }

  /** What the formula bar shows for a cell. */
  display(address: string): string {
    return toDisplayFormula(this.raw(address), this.context(this.locate(address).sheetId))
  }

  value(address: string): CellValue {
    const { sheetId, row, col } = this.locate(address)
    return this.engine.getValue(sheetId, row, col)
  }
}

function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = newDoc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** Exchanges every document's missing updates between two replicas (sheets opened as needed). */
export function sync(a: Replica, b: Replica): void {
  syncDoc(a.workbook, b.workbook)
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const [id, doc] of from.sheetDocs) if (!to.sheetDocs.has(id)) to.open(id, copyDoc(doc))
  }
  for (const [id, doc] of a.sheetDocs) syncDoc(doc, b.sheetDocs.get(id) as Y.Doc)
}

/** Delivers `from`'s updates to `to` only (one direction). */
export function deliver(from: Replica, to: Replica): void {
  Y.applyUpdate(to.workbook, Y.encodeStateAsUpdate(from.workbook, Y.encodeStateVector(to.workbook)))
  for (const [id, doc] of from.sheetDocs) {
    const target = to.sheetDocs.get(id)
    if (!target) to.open(id, copyDoc(doc))
    else Y.applyUpdate(target, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(target)))
  }
}

function syncDoc(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}
