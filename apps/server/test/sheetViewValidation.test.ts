import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ERROR_CODES } from '@cellmate/protocol'
import {
  SHEET_ROOTS,
  initSheet,
  setColWidths,
  setFrozen,
  setRowHeights,
  sheetTypes,
} from '@cellmate/model'
import { validateUpdate } from '../src/sync/updateValidation.js'

function recordedSheet(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 3, cols: 3 })
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  return { doc, updates }
}

/** An update that sets one key of a sheet root directly, as a hostile client could. */
function rawEntry(root: string, key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap(root).set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

describe('column widths, row heights and freeze panes from clients', () => {
  it('resizing, resetting and freezing as the web app does are accepted', () => {
    const { doc, updates } = recordedSheet()
    const t = sheetTypes(doc)
    setColWidths(doc, [t.cols.get(0)], 180)
    setRowHeights(doc, [t.rows.get(1), t.rows.get(2)], 48)
    setColWidths(doc, [t.cols.get(0)], null)
    setFrozen(doc, { rows: 1, cols: 2 })
    setFrozen(doc, { rows: 0, cols: 0 })
    expect(updates.length).toBe(5)
    for (const u of updates) expect(() => validateUpdate(u, 'sheet')).not.toThrow()
  })

  it.each([
    ['a width keyed by something that is not an id', SHEET_ROOTS.colWidths, 'a b', 100],
    ['a width as text', SHEET_ROOTS.colWidths, 'a.1', '100px'],
    ['a negative height', SHEET_ROOTS.rowHeights, 'a.1', -4],
    ['an enormous width', SHEET_ROOTS.colWidths, 'a.1', 1e9],
    ['an unknown view setting', SHEET_ROOTS.view, 'zoom', 2],
    ['fractional frozen rows', SHEET_ROOTS.view, 'frozenRows', 1.5],
    ['frozen columns past the sheet limit', SHEET_ROOTS.view, 'frozenCols', 10_000_000],
  ])('%s is refused as INVALID_UPDATE', (_name, root, key, value) => {
    expect(() => validateUpdate(rawEntry(root, key, value), 'sheet')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.INVALID_UPDATE }),
    )
  })
})
