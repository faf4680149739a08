import * as Y from 'yjs'
import {
  SheetCells,
  addSheet,
  copySheetContent,
  getTitle,
  initWorkbook,
  listSheets,
  renameSheet,
} from '@cellmate/model'
import type { WorkbookContent } from '../workbookService.js'
import { newSheetId } from '../sheetId.js'
import type { OpenedVersion } from './versionService.js'

/**
 * A new workbook's content made from a version: its sheets in their tab order with their
 * names, cells, formats, sizes and freeze panes. Sheet ids are server-issued and unique, so
 * the copy gets new ones, and formulas that refer to another sheet by id are rewritten to it.
 */
export function contentOfVersion(opened: OpenedVersion, title: string): WorkbookContent {
  const tabs = listSheets(opened.workbook).filter((s) => opened.sheets.has(s.id))
  const ids = new Map(tabs.map((s) => [s.id, newSheetId()]))
  const wb = new Y.Doc()
  const sheets = tabs.map((s, i) => {
    const id = ids.get(s.id) as string
    if (i > 0) return addSheet(wb, { id, name: s.name })
    initWorkbook(wb, title, id)
    renameSheet(wb, id, s.name)
    return { id, name: s.name }
  })
  const sheetUpdates = tabs.map((s) => {
    const copy = new Y.Doc()
    copySheetContent(opened.sheets.get(s.id) as Y.Doc, copy)
    const cells = SheetCells.of(copy)
    const rewritten: Array<[string, string]> = []
    for (const [key, value] of cells.entries()) {
      if (!value.startsWith('=')) continue
      let next = value
      for (const [from, to] of ids) next = next.split(from).join(to)
      if (next !== value) rewritten.push([key, next])
    }
    cells.setMany(rewritten)
    const update = Y.encodeStateAsUpdate(copy)
    copy.destroy()
    return { id: ids.get(s.id) as string, update }
  })
  const content: WorkbookContent = {
    title: getTitle(wb),
    sheets,
    workbookUpdate: Y.encodeStateAsUpdate(wb),
    sheetUpdates,
  }
  wb.destroy()
  return content
}
