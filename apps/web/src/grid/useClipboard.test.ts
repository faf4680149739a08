import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import {
  UndoHistory,
  formatRange,
  initSheet,
  insertRows,
  type RangePosition,
} from '@cellmate/model'
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

  /** Cuts `range` on `sheet` as Ctrl+X does; returns the text the clipboard was given. */
  function cut(sheet: SheetSession, range: RangePosition): string {
    let text = ''
    const data = { setData: (type: string, value: string) => (text ||= value) }
    clipboardOn(sheet, range).onCut({
      clipboardData: data,
      preventDefault() {},
    } as unknown as ClipboardEvent)
    return text
  }
  const at = (row: number, col: number): RangePosition => ({
    start: { row, col },
    end: { row, col },
  })
  const blocks = (sheet: SheetSession) => sheet.mergedBlocks().all.map((b) => formatRange(b))

  it('a cut merged block moves merged: gone from where it was, one undo step brings both back', () => {
    const sheet = open(10, 8)
    const history = new UndoHistory(LOCAL)
    history.track(sheet.doc)
    sheet.write(1, 1, 'title')
    sheet.write(1, 3, 'beside')
    sheet.merge({ start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }, 'all')
    // B2:D3 (holding the block B2:C3) cut and pasted at D5.
    const text = cut(sheet, { start: { row: 1, col: 1 }, end: { row: 2, col: 3 } })
    clipboardOn(sheet, at(4, 3)).onPaste(pasteEvent(text))

    expect(blocks(sheet)).toEqual(['D5:E6'])
    expect([sheet.read(4, 3), sheet.read(4, 5), sheet.read(1, 1)]).toEqual(['title', 'beside', ''])
    expect(history.undo()).toBe(true)
    expect(blocks(sheet)).toEqual(['B2:C3'])
    expect([sheet.read(1, 1), sheet.read(4, 3)]).toEqual(['title', ''])
  })

  it('a cut merged block pasted over its own old place moves there', () => {
    const sheet = open(10, 8)
    sheet.write(1, 1, 'title')
    sheet.merge({ start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }, 'all')
    const text = cut(sheet, { start: { row: 1, col: 1 }, end: { row: 2, col: 2 } })
    // C3 is a hidden cell of B2:C3, which leaves as the cells land.
    clipboardOn(sheet, at(2, 2)).onPaste(pasteEvent(text))

    expect(useNoticeStore().current).toBeNull()
    expect(blocks(sheet)).toEqual(['C3:D4'])
    expect([sheet.read(2, 2), sheet.read(1, 1)]).toEqual(['title', ''])
  })

  it('refuses a cut merged block pasted over part of another merge, and leaves both', () => {
    const sheet = open(10, 8)
    sheet.write(1, 1, 'title')
    sheet.merge({ start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }, 'all')
    sheet.merge({ start: { row: 6, col: 1 }, end: { row: 7, col: 2 } }, 'all')
    const text = cut(sheet, { start: { row: 1, col: 1 }, end: { row: 2, col: 2 } })
    clipboardOn(sheet, at(6, 0)).onPaste(pasteEvent(text))

    expect(useNoticeStore().current?.message).toContain('B7:C8')
    expect(blocks(sheet).sort()).toEqual(['B2:C3', 'B7:C8'])
    expect([sheet.read(1, 1), sheet.read(6, 0)]).toEqual(['title', ''])
  })

  it('a merged block cut on one sheet is pasted merged on another', () => {
    const first = open(10, 8)
    const second = new SheetSession('s2', { doc: new Y.Doc(), release() {} }, LOCAL)
    initSheet(second.doc, { rows: 10, cols: 8 })
    first.write(0, 0, 'title')
    first.merge({ start: { row: 0, col: 0 }, end: { row: 1, col: 1 } }, 'all')
    const text = cut(first, { start: { row: 0, col: 0 }, end: { row: 1, col: 1 } })
    clipboardOn(second, at(4, 3)).onPaste(pasteEvent(text))

    expect(second.read(4, 3)).toBe('title')
    expect(blocks(second)).toEqual(['D5:E6'])
  })
})
