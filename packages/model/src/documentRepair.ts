import * as Y from 'yjs'
import { LIMITS, isValidId } from '@cellmate/protocol'
import { SHEET_ROOTS, sheetTypes } from './sheet.js'
import { formatsMap, isValidFormatValue, parseFormatKey } from './formats.js'
import { MAX_AXIS_SIZE, sheetViewTypes } from './sheetView.js'
import { isValidMergeEntry, mergesMap } from './mergeEntries.js'
import { isValidValidationEntry, validationsMap } from './validations.js'
import { isValidTableEntry, tablesMap } from './tables.js'
import { conditionalFormatsMap, isValidConditionalFormatEntry } from './conditionalFormats.js'
import { filterMap, isValidFilterEntry } from './filter.js'
import { nextSheetName, workbookTypes } from './workbook.js'

/**
 * What a repair changed: entries removed (or, for a sheet's metadata, reset) per root name.
 * `total` 0 means the document was already well-formed and nothing was written.
 */
export interface RepairReport {
  total: number
  byRoot: Record<string, number>
}

/**
 * Removes what no reader can use from a sheet document, in one transaction: cell values that
 * are not text (or are longer than a cell may be) and cell keys that are not `rowId:colId`;
 * format keys that do not parse or hold a value their attribute cannot; column widths and row
 * heights that are not a px size of a real id; view settings other than whole freeze counts;
 * entries of `rows`/`cols` that are not ids. The server refuses all of these in updates, but a
 * document stored before a check existed may hold them. Readers skip them anyway; repairing
 * keeps them from being sent to every client again. Orphan cells (on deleted rows) are not
 * touched: they are valid, and compaction prunes them (`pruneOrphanCells`).
 */
export function repairSheet(doc: Y.Doc, origin?: unknown): RepairReport {
  const report: RepairReport = { total: 0, byRoot: {} }
  const t = sheetTypes(doc)
  const view = sheetViewTypes(doc)
  doc.transact(() => {
    removeFromArray(t.rows, 'rows', (id) => typeof id === 'string' && isValidId(id), report)
    removeFromArray(t.cols, 'cols', (id) => typeof id === 'string' && isValidId(id), report)
    const legacy = doc.getMap<unknown>(SHEET_ROOTS.legacyCells)
    if (legacy.size > 0) removeFromMap(legacy, SHEET_ROOTS.legacyCells, isValidCell, report)
    const stray = t.cells.compact()
    if (stray > 0) count(report, SHEET_ROOTS.cells, stray)
    removeFromMap(formatsMap(doc), 'formats', isValidFormat, report)
    removeFromMap(view.colWidths, 'colWidths', isValidSize, report)
    removeFromMap(view.rowHeights, 'rowHeights', isValidSize, report)
    removeFromMap(view.view, 'view', isValidViewSetting, report)
    removeFromMap(mergesMap(doc), 'merges', isValidMergeEntry, report)
    removeFromMap(validationsMap(doc), 'validations', isValidValidationEntry, report)
    removeFromMap(
      conditionalFormatsMap(doc),
      'conditionalFormats',
      isValidConditionalFormatEntry,
      report,
    )
    removeFromMap(filterMap(doc), 'filter', isValidFilterEntry, report)
    removeFromMap(tablesMap(doc), 'tables', isValidTableEntry, report)
  }, origin)
  return report
}

/**
 * Repairs a workbook document in one transaction: entries of `sheets` that are not ids are
 * removed; a sheet's metadata that is not a map is replaced by a fresh one named `SheetN` when
 * the sheet is in the tab order (so the sheet stays reachable) and removed otherwise; a name
 * that is not text is replaced by `SheetN`; a title that is not text is removed.
 */
export function repairWorkbook(doc: Y.Doc, origin?: unknown): RepairReport {
  const report: RepairReport = { total: 0, byRoot: {} }
  const { sheets, sheetMeta, meta } = workbookTypes(doc)
  doc.transact(() => {
    removeFromArray(sheets, 'sheets', (id) => typeof id === 'string' && isValidId(id), report)
    const listed = new Set(sheets.toArray() as string[])
    const unnamed: Y.Map<unknown>[] = []
    for (const [id, value] of [...sheetMeta.entries()]) {
      if (value instanceof Y.Map) {
        if (typeof value.get('name') !== 'string') {
          unnamed.push(value as Y.Map<unknown>)
          count(report, 'sheetMeta')
        }
        continue
      }
      count(report, 'sheetMeta')
      if (listed.has(id)) {
        const fresh = new Y.Map<unknown>()
        sheetMeta.set(id, fresh)
        unnamed.push(fresh)
      } else {
        sheetMeta.delete(id)
      }
    }
    // Named after the valid names are known, so the new ones do not collide with them.
    for (const m of unnamed) m.set('name', nextSheetName(doc))
    if (meta.has('title') && typeof meta.get('title') !== 'string') {
      meta.delete('title')
      count(report, 'meta')
    }
  }, origin)
  return report
}

function count(report: RepairReport, root: string, n = 1): void {
  report.byRoot[root] = (report.byRoot[root] ?? 0) + n
  report.total += n
}

/** Deletes the entries failing `keep`, last first and a run of neighbours at a time. */
function removeFromArray(
  array: Y.Array<string>,
  root: string,
  keep: (value: unknown) => boolean,
  report: RepairReport,
): void {
  const values: unknown[] = array.toArray()
  for (let end = values.length - 1; end >= 0; end--) {
    if (keep(values[end])) continue
    let start = end
    while (start > 0 && !keep(values[start - 1])) start--
    array.delete(start, end - start + 1)
    count(report, root, end - start + 1)
    end = start
  }
}

function removeFromMap(
  map: Y.Map<unknown>,
  root: string,
  keep: (key: string, value: unknown) => boolean,
  report: RepairReport,
): void {
  const doomed: string[] = []
  for (const [key, value] of map.entries()) if (!keep(key, value)) doomed.push(key)
  for (const key of doomed) map.delete(key)
  if (doomed.length > 0) count(report, root, doomed.length)
}

function isValidCell(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.length > LIMITS.maxCellChars) return false
  const sep = key.indexOf(':')
  return sep > 0 && isValidId(key.slice(0, sep)) && isValidId(key.slice(sep + 1))
}

function isValidFormat(key: string, value: unknown): boolean {
  const parsed = parseFormatKey(key)
  return (
    parsed !== null &&
    isValidId(parsed.rowId) &&
    isValidId(parsed.colId) &&
    isValidFormatValue(parsed.attr, value)
  )
}

function isValidSize(key: string, value: unknown): boolean {
  return isValidId(key) && typeof value === 'number' && value >= 0 && value <= MAX_AXIS_SIZE
}

function isValidViewSetting(key: string, value: unknown): boolean {
  const max = key === 'frozenRows' ? LIMITS.maxRows : key === 'frozenCols' ? LIMITS.maxCols : -1
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
}
