import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { autoRowHeights, sameHeights, WRAP_LINE_HEIGHT, type WrapMeasure } from './autoRowHeights'

function openSheet(): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 20, cols: 5 })
  return new SheetSession('s1', { doc, release() {} }, { session: 'test' })
}

const cell = (row: number, col: number) => ({ start: { row, col }, end: { row, col } })

/** Ten characters a line per 100 px of text width, 15 px a line. */
const measure: WrapMeasure = (text, width) =>
  Math.ceil(text.length / Math.max(1, Math.floor(width / 10))) * WRAP_LINE_HEIGHT

describe('autoRowHeights', () => {
  it('grows a row for wrapped text that needs more than one line, by its tallest cell', () => {
    const sheet = openSheet()
    sheet.write(1, 0, 'x'.repeat(25)) // 3 lines in a 91 px text box (9 a line)
    sheet.write(1, 1, 'x'.repeat(50))
    sheet.write(2, 0, 'short')
    sheet.setFormat({ start: { row: 1, col: 0 }, end: { row: 2, col: 1 } }, 'wrap', true)
    const heights = autoRowHeights(sheet, () => 100, new Map(), measure)
    // B2: 50 characters at 9 a line is 6 lines.
    expect([...heights]).toEqual([[1, 6 * WRAP_LINE_HEIGHT + 9]])
  })

  it('leaves rows sized by hand, text that does not wrap and empty wrapped cells alone', () => {
    const sheet = openSheet()
    sheet.write(1, 0, 'x'.repeat(40))
    sheet.write(3, 0, 'x'.repeat(40))
    sheet.setFormat(cell(1, 0), 'wrap', true)
    sheet.setFormat(cell(4, 0), 'wrap', true)
    expect(autoRowHeights(sheet, () => 100, new Map([[1, 30]]), measure).size).toBe(0)
  })

  it('follows the column width and the wrap format', () => {
    const sheet = openSheet()
    sheet.write(0, 2, 'x'.repeat(30))
    sheet.setFormat(cell(0, 2), 'wrap', true)
    const narrow = autoRowHeights(sheet, () => 100, new Map(), measure)
    const wide = autoRowHeights(sheet, () => 400, new Map(), measure)
    expect(narrow.get(0)).toBeGreaterThan(24)
    expect(wide.size).toBe(0)
    sheet.setFormat(cell(0, 2), 'wrap', null)
    expect(autoRowHeights(sheet, () => 100, new Map(), measure).size).toBe(0)
    expect(sameHeights(narrow, new Map(narrow))).toBe(true)
    expect(sameHeights(narrow, wide)).toBe(false)
  })
})
