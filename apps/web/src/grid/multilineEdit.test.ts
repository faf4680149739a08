import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { initSheet } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import FormulaBar from '../workbook/FormulaBar.vue'
import GridView from './GridView.vue'
import { nextTask } from '../sync/nextTask'

const LOCAL = { session: 'test' }

function openSheet(): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 100, cols: 10 })
  return new SheetSession('s1', { doc, release() {} }, LOCAL)
}

beforeAll(() => {
  // happy-dom does no layout; give the grid the size it has at 1280x720.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 1248,
  })
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  })
})

/** A cell's text of several lines (from an import, the API or a paste) survives editing. */
describe('multi-line cell text', () => {
  let sheet: SheetSession
  let wrappers: VueWrapper[] = []

  beforeEach(() => {
    setActivePinia(createPinia())
    useAccessStore().grant('editor', 'joined')
    sheet = openSheet()
  })
  afterEach(() => {
    for (const w of wrappers) w.unmount()
    wrappers = []
    sheet.close()
  })

  async function mountGrid(): Promise<VueWrapper> {
    let version = 0
    const w = mount(GridView, {
      props: { sheet, version, sheetName: 'Sheet1' },
      attachTo: document.body,
    })
    sheet.onChange(() => void w.setProps({ version: ++version }))
    wrappers.push(w)
    await nextTask()
    await flushPromises()
    return w
  }

  function mountBar(): VueWrapper {
    const w = mount(FormulaBar, {
      props: { sheet, version: 0, size: { rows: 100, cols: 10 } },
      attachTo: document.body,
    })
    wrappers.push(w)
    return w
  }

  function editorOf(w: VueWrapper) {
    const editor = w.find('[data-testid="cell-editor"]')
    return { editor, el: editor.element as HTMLTextAreaElement }
  }

  it('F2, typing at the end and Enter keep the line breaks', async () => {
    sheet.write(0, 0, 'multi\nline')
    const w = await mountGrid()
    await w.find('[role="grid"]').trigger('keydown', { key: 'F2' })
    const { editor, el } = editorOf(w)
    expect(el.value).toBe('multi\nline')
    await editor.setValue('multi\nline!')
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('multi\nline!')
    expect(useSelectionStore().address).toBe('A2')
  })

  it('Alt+Enter and Ctrl+Enter put a line break at the caret and keep editing', async () => {
    const w = await mountGrid()
    await w.find('[role="grid"]').trigger('keydown', { key: 'o' })
    const { editor, el } = editorOf(w)
    await editor.setValue('onetwo')
    el.setSelectionRange(3, 3)
    await editor.trigger('keydown', { key: 'Enter', altKey: true })
    expect(el.value).toBe('one\ntwo')
    expect(useSelectionStore().editing).toBe(true)
    el.setSelectionRange(el.value.length, el.value.length)
    await editor.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await editor.setValue('one\ntwo\nthree')
    // Several lines: the arrows move the caret, even though the edit began by typing.
    await editor.trigger('keydown', { key: 'ArrowUp' })
    expect(useSelectionStore().editing).toBe(true)
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('one\ntwo\nthree')
    expect(useSelectionStore().address).toBe('A2')
  })

  it('text typed with a line break turns on Wrap text, as in Excel; one undo takes both back', async () => {
    const undo = new Y.UndoManager(sheet.doc, {
      trackedOrigins: new Set([LOCAL]),
      captureTimeout: 0,
    })
    const w = await mountGrid()
    await w.find('[role="grid"]').trigger('keydown', { key: 'a' })
    const { editor } = editorOf(w)
    await editor.trigger('keydown', { key: 'Enter', altKey: true })
    await editor.setValue('a\nb')
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('a\nb')
    expect(sheet.format(0, 0).wrap).toBe(true)
    undo.undo()
    expect(sheet.read(0, 0)).toBe('')
    expect(sheet.format(0, 0).wrap).toBeUndefined()
    undo.destroy()
  })

  it('a one-line text leaves the wrap format alone', async () => {
    const w = await mountGrid()
    await w.find('[role="grid"]').trigger('keydown', { key: 'a' })
    const { editor } = editorOf(w)
    await editor.setValue('one line')
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.format(0, 0).wrap).toBeUndefined()
  })

  it('the editor grows with its lines', async () => {
    sheet.write(0, 0, 'a\nb\nc')
    const w = await mountGrid()
    await w.find('[role="grid"]').trigger('keydown', { key: 'F2' })
    const { el } = editorOf(w)
    expect(parseFloat(el.style.height)).toBeGreaterThanOrEqual(3 * 15)
  })

  it('the formula bar shows, edits and writes the lines; Alt+Enter breaks a line there', async () => {
    sheet.write(0, 0, 'first\nsecond')
    const w = mountBar()
    const input = w.find('[data-testid="formula-input"]')
    const el = input.element as HTMLTextAreaElement
    expect(el.value).toBe('first\nsecond')
    await input.trigger('focus')
    await input.setValue('first\nsecond!')
    el.setSelectionRange(el.value.length, el.value.length)
    await input.trigger('keydown', { key: 'Enter', altKey: true })
    expect(useSelectionStore().draft).toBe('first\nsecond!\n')
    await input.setValue('first\nsecond!\nthird')
    await input.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('first\nsecond!\nthird')
  })
})
