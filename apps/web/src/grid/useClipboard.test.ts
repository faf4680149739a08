import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { initSheet, insertRows, type RangePosition } from '@cellmate/model'
import { toDisplayFormula } from '@cellmate/formula'
import { SheetSession } from '../sync/sheetSession'
import { useNoticeStore } from '../stores/noticeStore'
import { sheetOnlyContext } from './formulaShift'
import { useClipboard } from './useClipboard'

const LOCAL = Object.freeze({ session: 'test' })

function open(rows: number, cols: number): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  return new SheetSession('s1', { doc, release() {} }, LOCAL)
}

/** The clipboard of a grid whose selection is `range`, on `sheet`. */
function clipboardOn(sheet: SheetSession, range: RangePosition) {
  return useClipboard({
    sheet: () => sheet,
    size: () => ({ rows: sheet.layout.rowCount, cols: sheet.layout.colCount }),
    range: () => range,
    display: (row, col) => sheet.read(row, col),
    formulas: () => sheetOnlyContext(sheet),
    canEdit: () => true,
  })
}

function pasteEvent(text: string): ClipboardEvent {
  const data = { getData: (type: string) => (type === 'text/plain' ? text : '') }
  return { clipboardData: data, preventDefault() {} } as unknown as ClipboardEvent
}

/** What a cell's formula reads as, in A1 references. */
function shown(sheet: SheetSession, row: number, col: number): string {
  return toDisplayFormula(sheet.read(row, col), sheetOnlyContext(sheet))
}

const A1: RangePosition = { start: { row: 0, col: 0 }, end: { row: 0, col: 0 } }

describe('useClipboard', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('anchors formulas pasted into the rows a paste adds, so they follow an insert above', () => {
    const sheet = open(20, 2)
    const lines = Array.from({ length: 25 }, (_, i) => `${i + 1}\t=A${i + 1}*10`)
    clipboardOn(sheet, A1).onPaste(pasteEvent(lines.join('\n')))
    expect(sheet.layout.rowCount).toBe(25)
    expect(shown(sheet, 24, 1)).toBe('=A25*10')

    insertRows(sheet.doc, 0, 1, 'remote')

    // Every formula still reads its own row, the ones in the added rows too.
    for (let row = 1; row <= 25; row++) expect(shown(sheet, row, 1)).toBe(`=A${row + 1}*10`)
  })

  it("anchors a copy's shifted formulas pasted past the sheet's end", () => {
    const sheet = open(5, 2)
    sheet.write(0, 0, '7')
    sheet.write(0, 1, '=A1*2')
    const source: RangePosition = { start: { row: 0, col: 0 }, end: { row: 0, col: 1 } }
    const copy = { clipboardData: { setData() {} }, preventDefault() {} }
    clipboardOn(sheet, source).onCopy(copy as unknown as ClipboardEvent)
    const target = { row: 6, col: 0 }
    clipboardOn(sheet, { start: target, end: target }).onPaste(pasteEvent('7\t=A1*2'))
    expect(shown(sheet, 6, 1)).toBe('=A7*2')

    insertRows(sheet.doc, 0, 2, 'remote')

    expect(shown(sheet, 8, 1)).toBe('=A9*2')
  })
  it("pastes one copied cell on a selected merged block into the block's top-left cell", () => {
    const sheet = open(5, 4)
    const merged: RangePosition = { start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }
    sheet.merge(merged, 'all')
    clipboardOn(sheet, merged).onPaste(pasteEvent('pasted'))
    expect(sheet.read(1, 1)).toBe('pasted')
    expect([sheet.read(1, 2), sheet.read(2, 1), sheet.read(2, 2)]).toEqual(['', '', ''])
    expect(useNoticeStore().current).toBeNull()
  })
  it('pastes a copied merged block merged, and refuses to paste it over part of another merge', () => {
    const sheet = open(10, 8)
    sheet.write(1, 1, 'title')
    const merged: RangePosition = { start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }
    sheet.merge(merged, 'all')
    const copy = { clipboardData: { setData() {} }, preventDefault() {} }
    clipboardOn(sheet, merged).onCopy(copy as unknown as ClipboardEvent)
    const text = 'title\t\n\t'

    const f5 = { row: 4, col: 5 }
    clipboardOn(sheet, { start: f5, end: f5 }).onPaste(pasteEvent(text))
    expect(sheet.read(4, 5)).toBe('title')
    expect(sheet.mergedBlocks().at(5, 6)).toMatchObject({ start: f5, end: { row: 5, col: 6 } })

    // B7:C8 merged; a paste at A7 would merge A7:B8, overlapping it.
    sheet.merge({ start: { row: 6, col: 1 }, end: { row: 7, col: 2 } }, 'all')
    const a7 = { row: 6, col: 0 }
    clipboardOn(sheet, { start: a7, end: a7 }).onPaste(pasteEvent(text))
    expect(sheet.read(6, 0)).toBe('')
    expect(useNoticeStore().current?.message).toContain('B7:C8')
  })
})
