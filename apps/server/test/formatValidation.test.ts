import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ERROR_CODES } from '@cellmate/protocol'
import {
  formatsMap,
  getFormat,
  initSheet,
  setFormat,
  setNumberFormat,
  SheetLayout,
} from '@cellmate/model'
import { validateUpdate } from '../src/sync/updateValidation.js'

/** A sheet a real client formatted, and the updates its edits produced. */
function formattedSheet(): { doc: Y.Doc; updates: Uint8Array[]; rowId: string; colId: string } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 3, cols: 3 })
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const layout = new SheetLayout(doc)
  const rowId = layout.rowId(1)!
  const colId = layout.colId(2)!
  layout.destroy()
  return { doc, updates, rowId, colId }
}

describe('format updates from clients', () => {
  it('every attribute a client can set, overwrite and clear is accepted', () => {
    const { doc, updates, rowId, colId } = formattedSheet()
    const cell = [{ rowId, colId }]
    setFormat(doc, cell, 'bold', true)
    setFormat(doc, cell, 'italic', true)
    setFormat(doc, cell, 'underline', true)
    setFormat(doc, cell, 'color', '#ff0000')
    setFormat(doc, cell, 'color', '#00ff00')
    setFormat(doc, cell, 'fill', '#ffff00')
    setFormat(doc, cell, 'align', 'center')
    setFormat(doc, cell, 'wrap', true)
    setFormat(doc, cell, 'numFmt', 'currency')
    setFormat(doc, cell, 'decimals', 0)
    setFormat(doc, cell, 'bold', null)
    setNumberFormat(doc, cell, 'custom', '#,##0.00;[Red](#,##0.00)')
    expect(updates.length).toBe(12)
    for (const u of updates) expect(() => validateUpdate(u, 'sheet')).not.toThrow()
    expect(() => validateUpdate(Y.encodeStateAsUpdate(doc), 'sheet')).not.toThrow()
    expect(getFormat(doc, rowId, colId)).toMatchObject({ color: '#00ff00', decimals: 0 })
  })

  it.each([
    ['an attribute Cellmate does not have', 'a.1:b.1:font', 'Arial'],
    ['a key without a column', 'a.1:bold', true],
    ['a key with a bad row id', 'a b:b.1:bold', true],
    ['a named colour', 'a.1:b.1:color', 'red'],
    ['an 8-digit colour', 'a.1:b.1:fill', '#ff000000'],
    ['false for bold (clearing deletes the key)', 'a.1:b.1:bold', false],
    ['a number as alignment', 'a.1:b.1:align', 3],
    ['negative decimals', 'a.1:b.1:decimals', -1],
    ['a number format Cellmate does not have', 'a.1:b.1:numFmt', 'engineering'],
    ['a blank custom code', 'a.1:b.1:numFmtCode', ' '],
    ['a custom code with a control character', 'a.1:b.1:numFmtCode', '0.00\u0000'],
    ['a custom code longer than Cellmate keeps', 'a.1:b.1:numFmtCode', '0'.repeat(81)],
    ['a custom code that is not text', 'a.1:b.1:numFmtCode', 12],
  ])('%s is refused as INVALID_UPDATE', (_name, key, value) => {
    const doc = new Y.Doc()
    formatsMap(doc).set(key, value)
    expect(() => validateUpdate(Y.encodeStateAsUpdate(doc), 'sheet')).toThrow(
      expect.objectContaining({ code: ERROR_CODES.INVALID_UPDATE }),
    )
  })
})
