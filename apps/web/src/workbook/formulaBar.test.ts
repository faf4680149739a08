import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { toDisplayFormula } from '@cellmate/formula'
import { initSheet } from '@cellmate/model'
import { sheetOnlyContext } from '../grid/formulaShift'
import type { SelectionWalk } from '../grid/selectionWalk'
import { SheetSession } from '../sync/sheetSession'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import FormulaBar from './FormulaBar.vue'

const LOCAL = { session: 'test' }
const pos = (row: number, col: number) => ({ row, col })

let sheet: SheetSession
let bar: VueWrapper

beforeEach(() => {
  setActivePinia(createPinia())
  useAccessStore().grant('editor', 'joined')
  const doc = new Y.Doc()
  initSheet(doc, { rows: 100, cols: 10 })
  sheet = new SheetSession('s1', { doc, release() {} }, LOCAL)
})

afterEach(() => {
  bar.unmount()
  sheet.close()
})

/** The bar, with the grid's walk over a selected block, or with none (`walk` null). */
function mountBar(walk: SelectionWalk | null): void {
  bar = mount(FormulaBar, {
    props: { sheet, version: 0, size: { rows: 100, cols: 10 }, walk },
    attachTo: document.body,
  })
}
const input = () => bar.find('[data-testid="formula-input"]')

describe('Ctrl+Enter in the formula bar', () => {
  const block: SelectionWalk = {
    range: { start: pos(1, 1), end: pos(3, 2) },
    skip: () => false,
  }
  const shown = (row: number, col: number): string =>
    toDisplayFormula(sheet.layout.cellAt(row, col), sheetOnlyContext(sheet))

  it('enters the typed formula in every selected cell, references moved; one undo step; the block stays', async () => {
    const undo = new Y.UndoManager(sheet.doc, {
      trackedOrigins: new Set([LOCAL]),
      captureTimeout: 0,
    })
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 1), pos(3, 2), pos(1, 1))
    mountBar(block)
    await input().trigger('focus')
    await input().setValue('=A2*$A$1')
    await input().trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(selection.editing).toBe(false)
    expect([shown(1, 1), shown(1, 2), shown(2, 1), shown(3, 2)]).toEqual([
      '=A2*$A$1',
      '=B2*$A$1',
      '=A3*$A$1',
      '=B4*$A$1',
    ])
    expect(shown(4, 1)).toBe('')
    expect(selection.address).toBe('B2')
    expect([selection.anchor, selection.extent]).toEqual([pos(1, 1), pos(3, 2)])
    // The grid takes the focus back.
    expect(bar.emitted('done')).toHaveLength(1)
    undo.undo()
    expect([shown(1, 1), shown(1, 2), shown(3, 2)]).toEqual(['', '', ''])
    undo.destroy()
  })

  it('not edited yet, enters the active cell’s content again in every cell of the block', async () => {
    sheet.write(2, 1, '=A3+1')
    useSelectionStore().selectRange(pos(1, 1), pos(3, 1), pos(2, 1))
    mountBar({ range: { start: pos(1, 1), end: pos(3, 1) }, skip: () => false })
    await input().trigger('focus')
    await input().trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect([shown(1, 1), shown(2, 1), shown(3, 1)]).toEqual(['=A2+1', '=A3+1', '=A4+1'])
  })

  it('with one cell selected, breaks the line at the caret and keeps editing', async () => {
    const selection = useSelectionStore()
    selection.select(pos(1, 1))
    mountBar(null)
    await input().trigger('focus')
    await input().setValue('onetwo')
    ;(input().element as HTMLTextAreaElement).setSelectionRange(3, 3)
    await input().trigger('keydown', { key: 'Enter', ctrlKey: true })
    expect(selection.editing).toBe(true)
    expect(selection.draft).toBe('one\ntwo')
    expect(sheet.read(1, 1)).toBe('')
  })
})

describe('an IME in the formula bar', () => {
  beforeEach(() => mountBar(null))

  const key = (key: string, init: KeyboardEventInit = {}) =>
    input().element.dispatchEvent(
      new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }),
    )

  it('Enter and Escape the IME takes (composing, or keyCode 229 after it ended) leave the edit open; the next Enter commits', async () => {
    const selection = useSelectionStore()
    selection.select(pos(1, 1))
    await input().trigger('focus')
    await input().setValue('你好')
    key('Enter', { isComposing: true })
    key('Escape', { isComposing: true })
    key('Enter', { keyCode: 229 })
    key('Escape', { keyCode: 229 })
    await flushPromises()
    expect(selection.editing).toBe(true)
    expect(selection.draft).toBe('你好')
    expect(sheet.read(1, 1)).toBe('')
    key('Enter')
    await flushPromises()
    expect(selection.editing).toBe(false)
    expect(sheet.read(1, 1)).toBe('你好')
    expect(bar.emitted('done')).toHaveLength(1)
  })

  it('Enter confirming a composed name in the name box does not go there yet', async () => {
    const box = bar.find('[data-testid="name-box"]')
    await box.trigger('focus')
    await box.setValue('D4')
    box.element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229 }))
    expect(useSelectionStore().address).toBe('A1')
    await box.trigger('keydown', { key: 'Enter' })
    expect(useSelectionStore().address).toBe('D4')
  })
})
