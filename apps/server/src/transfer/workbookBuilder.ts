import * as Y from 'yjs'
import {
  addName,
  initWorkbook,
  addSheet,
  newNameId,
  renameSheet,
  type SheetInfo,
  type SheetLimits,
} from '@cellmate/model'
import type { WorkbookContent } from '../workbookService.js'
import { newSheetId } from '../sheetId.js'
import { tooBig, type ImportLimits, type ParsedSheet } from './parsedSheet.js'
import {
  buildSheetDocs,
  uniqueSheetNames,
  type PlannedName,
  type PlannedSheet,
} from './sheetBuilder.js'

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
  const definedNames = plannedNames(infos, parsed)
  const sheetUpdates = encodeSheetDocs(buildSheetDocs(planned, limits, definedNames))
  const notices = parsed.flatMap((s) => s.notices ?? [])
  let refused = 0
  for (const n of definedNames) {
    try {
      addName(wbDoc, { name: n.name, formula: n.stored ?? '', scope: n.scope }, undefined, n.id)
    } catch {
      refused++ // past the limit, or a formula too long
    }
  }
  if (refused > 0) notices.push(`${refused} defined name(s) could not be imported.`)
  const content: WorkbookContent = {
    title,
    sheets: infos,
    workbookUpdate: Y.encodeStateAsUpdate(wbDoc),
    sheetUpdates,
    notices: [...new Set(notices)],
  }
  wbDoc.destroy()
  return content
}

/** The parsed sheets' defined names with their ids and scopes; a repeated one is kept once. */
function plannedNames(infos: readonly SheetInfo[], parsed: readonly ParsedSheet[]): PlannedName[] {
  const out: PlannedName[] = []
  const seen = new Set<string>()
  parsed.forEach((sheet, i) => {
    for (const n of sheet.names ?? []) {
      const scope = n.local ? (infos[i]?.id ?? null) : null
      const key = `${scope}\u0001${n.name.toLowerCase()}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push({ id: newNameId(), name: n.name, scope, text: n.formula })
    }
  })
  return out
}

/** Built sheet documents as the updates to store, by sheet id; the documents are destroyed. */
export function encodeSheetDocs(docs: ReadonlyMap<string, Y.Doc>): WorkbookContent['sheetUpdates'] {
  return [...docs].map(([id, doc]) => {
    const update = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return { id, update }
  })
}
