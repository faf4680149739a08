import type * as Y from 'yjs'
import {
  SheetCells,
  SheetLayout,
  changedCells,
  formatA1,
  type RangePosition,
} from '@cellmate/model'
import { documentFormatSource, toDisplayFormula } from '@cellmate/formula'
import type { WorkbookEngine } from '@cellmate/formula/engine'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { EvaluatedRange } from '../evaluation/workbookEvaluator.js'
import { jsonCellValue } from '../evaluation/jsonCellValue.js'
import { rangeFormats, type RangeFormats } from '../evaluation/rangeFormats.js'
import { loadWorkbookEngine } from '../evaluation/formulaEngine.js'
import type { CellEditRecord } from '../store/historyRecords.js'
import type { OpenedVersion } from './versionService.js'

const engines = new WeakMap<OpenedVersion, WorkbookEngine>()

/** The formula engine of a rebuilt version, made on first read and kept with it. */
async function engineOf(opened: OpenedVersion): Promise<WorkbookEngine> {
  const Engine = await loadWorkbookEngine()
  let engine = engines.get(opened)
  if (!engine) {
    engine = new Engine(opened.workbook)
    for (const [sheetId, doc] of opened.sheets) engine.addSheet(sheetId, doc)
    engines.set(opened, engine)
  }
  return engine
}

function sheetOf(opened: OpenedVersion, sheetId: string) {
  const doc = opened.sheets.get(sheetId)
  if (!doc) {
    throw new CellmateError(ERROR_CODES.NOT_FOUND, `the version has no sheet ${sheetId}`)
  }
  return doc
}

/** Inputs (A1 form) and computed values of a range of a sheet as it was in a version. */
export async function readVersionRange(
  opened: OpenedVersion,
  sheetId: string,
  range: RangePosition,
): Promise<EvaluatedRange> {
  const doc = sheetOf(opened, sheetId)
  const engine = await engineOf(opened)
  const context = engine.formulaContext(sheetId)
  const layout = new SheetLayout(doc)
  const cells = SheetCells.of(doc)
  try {
    const inputs: string[][] = []
    const values: EvaluatedRange['values'] = []
    for (let r = range.start.row; r <= range.end.row; r++) {
      const inputRow: string[] = []
      const valueRow: EvaluatedRange['values'][number] = []
      for (let c = range.start.col; c <= range.end.col; c++) {
        const rowId = layout.rowId(r)
        const colId = layout.colId(c)
        const raw =
          rowId === undefined || colId === undefined ? '' : (cells.get(`${rowId}:${colId}`) ?? '')
        inputRow.push(raw === '' ? '' : toDisplayFormula(raw, context))
        valueRow.push(jsonCellValue(engine.getValue(sheetId, r, c)))
      }
      inputs.push(inputRow)
      values.push(valueRow)
    }
    return { inputs, values }
  } finally {
    layout.destroy()
  }
}

/** Formats (as the grid shows them) and column widths of a range of a sheet in a version. */
export async function readVersionFormats(
  opened: OpenedVersion,
  sheetId: string,
  range: RangePosition,
): Promise<RangeFormats> {
  const doc = sheetOf(opened, sheetId)
  const engine = await engineOf(opened)
  const context = engine.formulaContext(sheetId)
  const layout = new SheetLayout(doc)
  try {
    const source = documentFormatSource(context, (id) => opened.sheets.get(id))
    return rangeFormats(doc, layout, range, (r, c) => engine.getValue(sheetId, r, c), source)
  } finally {
    layout.destroy()
  }
}

/** A cell whose input differs between a version and now. */
export interface ChangedCell {
  /** Where the cell is in the version (its address there), and its ids. */
  address: string | null
  rowId: string
  colId: string
  /** Its input in the version and now (`""` when empty), formulas in A1 form of the version. */
  then: string
  now: string
  /** Who set it since the version (display names; "the owner", "someone with a link" for REST). */
  changedBy: string[]
}

/**
 * The cells of a sheet that differ between a version and the live document, with who
 * changed each since (from the cell edit log). Cells whose row or column is gone in the
 * version (added since) have no address there.
 */
export async function versionChanges(
  opened: OpenedVersion,
  sheetId: string,
  live: Y.Doc,
  edits: readonly CellEditRecord[],
): Promise<ChangedCell[]> {
  const doc = sheetOf(opened, sheetId)
  const context = (await engineOf(opened)).formulaContext(sheetId)
  const layout = new SheetLayout(doc)
  const display = (raw: string | undefined): string =>
    raw === undefined || raw === '' ? '' : toDisplayFormula(raw, context)
  const who = new Map<string, string[]>()
  for (const e of [...edits].reverse()) {
    if (e.sheetId !== sheetId) continue
    const key = `${e.rowId}:${e.colId}`
    const label =
      e.name ??
      (e.linkId ? 'someone with a link' : e.source === 'server' ? 'a restore' : 'the owner')
    const names = who.get(key) ?? []
    if (!names.includes(label)) names.push(label)
    who.set(key, names)
  }
  try {
    const out: ChangedCell[] = []
    for (const [key, change] of changedCells(doc, live)) {
      const sep = key.indexOf(':')
      const rowId = key.slice(0, sep)
      const colId = key.slice(sep + 1)
      const row = layout.rowIndexOf(rowId)
      const col = layout.colIndexOf(colId)
      out.push({
        address: row < 0 || col < 0 ? null : formatA1({ row, col }),
        rowId,
        colId,
        then: display(change.before),
        now: display(change.after),
        changedBy: who.get(key) ?? [],
      })
    }
    return out
  } finally {
    layout.destroy()
  }
}
