import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { initSheet } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import FormulaBar from './FormulaBar.vue'

describe('the name box', () => {
  let sheet: SheetSession
  let bar: VueWrapper

  beforeEach(() => {
    setActivePinia(createPinia())
    useAccessStore().grant('editor', 'joined')
    const doc = new Y.Doc()
    initSheet(doc, { rows: 100, cols: 10 })
    sheet = new SheetSession('s1', { doc, release() {} }, { session: 'test' })
    bar = mount(FormulaBar, {
      props: { sheet, version: 0, size: { rows: 100, cols: 10 } },
      attachTo: document.body,
    })
  })

  afterEach(() => {
    bar.unmount()
    sheet.close()
  })

  async function go(text: string): Promise<void> {
    const box = bar.find('[data-testid="name-box"]')
    await box.trigger('focus')
    await box.setValue(text)
    await box.trigger('keydown', { key: 'Enter' })
  }

  it('selects a range typed as corners in any order, with or without $, the active cell at its top left', async () => {
    const selection = useSelectionStore()
    await go('b2:D8')
    expect([selection.anchor, selection.extent]).toEqual([
      { row: 1, col: 1 },
      { row: 7, col: 3 },
    ])
    expect(selection.address).toBe('B2')
    await go('$C$9:$A$3')
    expect([selection.anchor, selection.extent]).toEqual([
      { row: 2, col: 0 },
      { row: 8, col: 2 },
    ])
    expect(selection.address).toBe('A3')
    expect(bar.find('[data-testid="name-box"]').classes()).not.toContain('invalid')
  })

  it('refuses a range beyond the sheet or that is not one, and keeps the selection', async () => {
    const selection = useSelectionStore()
    await go('C3')
    await go('A1:Z500')
    expect(selection.address).toBe('C3')
    expect(bar.find('[data-testid="name-box"]').classes()).toContain('invalid')
    await go('A1:B2:C3')
    expect(selection.address).toBe('C3')
  })
})
