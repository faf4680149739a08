import * as Y from 'yjs'
import { addSheet, initWorkbook, renameSheet, type SheetLimits } from '@cellmate/model'
import type { WorkbookContent } from '../workbookService.js'
import { newSheetId } from '../sheetId.js'
import { tooBig, type ImportLimits, type ParsedSheet } from './parsedSheet.js'
import { buildSheetDocs, uniqueSheetNames, type PlannedSheet } from './sheetBuilder.js'

/** Non-empty cells of parsed sheets. */
export function countCells(sheets: readonly ParsedSheet[]): number {
  let cells = 0
  for (const sheet of sheets) {
    for (const row of sheet.inputs) for (const input of row) if (input !== '') cells++
  }
  return cells
}

/** Refuses an import whose files together pass the cell or sheet limit. */
export function checkImportTotals(sheets: readonly ParsedSheet[], limits: ImportLimits): void {
  if (sheets.length > limits.maxSheets) {
    throw tooBig(
      `the files have ${sheets.length} sheets; a workbook has at most ${limits.maxSheets}`,
    )
  }
  if (countCells(sheets) > limits.maxCells) {
    throw tooBig(`the files have more than ${limits.maxCells} non-empty cells, the import limit`)
  }
}

/**
 * A new workbook holding the parsed sheets, as encoded documents: titled `title`, one tab per
 * sheet (names made unique), cells, formats and sizes filled in (see `buildSheetDocs`). Pure
 * and CPU-heavy, so the import worker runs it, not the server's main thread.
 */
export function buildWorkbook(
  title: string,
  parsed: readonly ParsedSheet[],
  limits: SheetLimits,
): WorkbookContent {
  const wbDoc = new Y.Doc()
  const first = initWorkbook(wbDoc, title, newSheetId())
  const names = uniqueSheetNames(
    parsed.map((s) => s.name),
    [],
  )
  renameSheet(wbDoc, first.id, names[0] as string)
  const infos = [
    { id: first.id, name: names[0] as string },
    ...names.slice(1).map((name) => addSheet(wbDoc, { id: newSheetId(), name })),
  ]
  const planned: PlannedSheet[] = infos.map((info, i) => ({
    ...info,
    parsed: parsed[i] as ParsedSheet,
  }))
  const content: WorkbookContent = {
    title,
    sheets: infos,
    workbookUpdate: Y.encodeStateAsUpdate(wbDoc),
    sheetUpdates: encodeSheetDocs(buildSheetDocs(planned, limits)),
    notices: [...new Set(parsed.flatMap((s) => s.notices ?? []))],
  }
  wbDoc.destroy()
  return content
}

/** Built sheet documents as the updates to store, by sheet id; the documents are destroyed. */
export function encodeSheetDocs(docs: ReadonlyMap<string, Y.Doc>): WorkbookContent['sheetUpdates'] {
  return [...docs].map(([id, doc]) => {
    const update = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return { id, update }
  })
}
