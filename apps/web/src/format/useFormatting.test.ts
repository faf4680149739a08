import { beforeEach, describe, expect, it } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { MAX_FORMAT_CELLS, UndoHistory, formatsMap, initSheet } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import { SheetSession } from '../sync/sheetSession'
import { useFormatting } from './useFormatting'

const LOCAL = Object.freeze({ session: 'test' })

function setup(rows = 10, cols = 4) {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  const sheet = new SheetSession('s1', { doc, release() {} }, LOCAL)
  const history = new UndoHistory(LOCAL)
  history.track(doc)
  // The app's version counter: a reactive number bumped by every change to the sheet.
  const version = shallowRef(0)
  sheet.onChange(() => version.value++)
  const scope = effectScope()
  const formatting = scope.run(() =>
    useFormatting(
      () => sheet,
      () => version.value,
      () => ({ rows, cols }),
    ),
  )!
  return { sheet, history, formatting }
}

describe('useFormatting', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAccessStore().grant('editor', 'joined')
  })

  it('bold on a selected range formats every cell of it, and one undo takes it all back', () => {
    const { sheet, history, formatting } = setup()
    useSelectionStore().selectRange({ row: 1, col: 1 }, { row: 2, col: 2 }, { row: 1, col: 1 })
    formatting.toggle('bold')
    expect(sheet.format(1, 1).bold).toBe(true)
    expect(sheet.format(2, 2).bold).toBe(true)
    expect(sheet.format(0, 0).bold).toBeUndefined()
    expect(formatting.active.value.bold).toBe(true)
    // A second toggle reads the active cell: it is bold, so everything becomes not bold.
    formatting.toggle('bold')
    expect(formatsMap(sheet.doc).size).toBe(0)
    history.undo()
    expect(formatsMap(sheet.doc).size).toBe(4)
    history.undo()
    expect(formatsMap(sheet.doc).size).toBe(0)
  })

  it('a whole selected row gets the format in every column', () => {
    const { sheet, formatting } = setup()
    useSelectionStore().selectRow(3)
    formatting.apply('fill', '#ffcc00')
    expect([0, 1, 2, 3].map((c) => sheet.format(3, c).fill)).toEqual(Array(4).fill('#ffcc00'))
  })

  it('decimals step from the active cell', () => {
    const { sheet, formatting } = setup()
    formatting.stepDecimals(1)
    expect(sheet.format(0, 0).decimals).toBe(3)
    formatting.stepDecimals(-1)
    formatting.stepDecimals(-1)
    expect(sheet.format(0, 0).decimals).toBe(1)
  })

  it('a viewer cannot format anything', () => {
    useAccessStore().grant('viewer', 'joined')
    const { sheet, formatting } = setup()
    expect(formatting.enabled.value).toBe(false)
    formatting.toggle('italic')
    formatting.apply('color', '#ff0000')
    formatting.clear()
    expect(formatsMap(sheet.doc).size).toBe(0)
  })

  it('too big a selection is refused with a notice and changes nothing', () => {
    const rows = MAX_FORMAT_CELLS + 1
    const { sheet, formatting } = setup(rows, 1)
    useSelectionStore().selectCol(0)
    formatting.toggle('bold')
    expect(formatsMap(sheet.doc).size).toBe(0)
    expect(useNoticeStore().current?.message).toMatch(/exceeds the limit/)
  })
})
