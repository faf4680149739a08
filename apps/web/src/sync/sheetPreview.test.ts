import { describe, expect, it } from 'vitest'
import { setActivePinia, createPinia } from 'pinia'
import { SheetLayout, getFormat, getFrozen } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import { previewDoc } from './sheetPreview'

describe('the first screen of a sheet, shown while it loads', () => {
  it('holds the block as the server sent it: inputs, formats, sizes and frozen panes', () => {
    const doc = previewDoc({
      doc: 'sheet:w:s',
      rows: 40_000,
      cols: 25,
      cells: [['v0', 'v1'], [], ['', '12.5']],
      formats: [[0, 1, { bold: true, numFmt: 'nonsense' }]],
      colWidths: [null, 180],
      rowHeights: [null, null, 40],
      frozen: { rows: 1, cols: 9 },
    })
    const layout = new SheetLayout(doc)
    expect(layout.rowCount).toBe(3)
    expect(layout.cellAt(0, 0)).toBe('v0')
    expect(layout.cellAt(0, 1)).toBe('v1')
    expect(layout.cellAt(2, 1)).toBe('12.5')
    // A format the model would refuse is left out, the rest kept.
    expect(getFormat(doc, layout.rowId(0)!, layout.colId(1)!)).toEqual({ bold: true })
    expect(getFrozen(doc)).toEqual({ rows: 1, cols: 2 })
    layout.destroy()
  })

  it('nothing is editable while it shows, for an editor too', () => {
    setActivePinia(createPinia())
    const access = useAccessStore()
    access.grant('editor', 'joined')
    expect(access.canEdit).toBe(true)
    access.previewing = true
    expect(access.canEdit).toBe(false)
    expect(access.canComment).toBe(false)
    access.previewing = false
    expect(access.canEdit).toBe(true)
  })
})
