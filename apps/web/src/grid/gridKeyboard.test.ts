import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { toDisplayFormula } from '@cellmate/formula'
import { formatRange, initSheet } from '@cellmate/model'
import { loadFunctionNames } from '../formula/functionCatalog'
import { SheetSession } from '../sync/sheetSession'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import { nextTask } from '../sync/nextTask'
import { sheetOnlyContext } from './formulaShift'
import GridView from './GridView.vue'
import { selectionRange } from './selectionRange'

const LOCAL = { session: 'test' }
const pos = (row: number, col: number) => ({ row, col })

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

/** The keys people type into the grid and its editor, through the mounted grid. */
describe('keys on the grid', () => {
  let sheet: SheetSession
  let wrapper: VueWrapper

  beforeEach(async () => {
    setActivePinia(createPinia())
    useAccessStore().grant('editor', 'joined')
    const doc = new Y.Doc()
    initSheet(doc, { rows: 100, cols: 10 })
    sheet = new SheetSession('s1', { doc, release() {} }, LOCAL)
    let version = 0
    wrapper = mount(GridView, {
      props: { sheet, version, sheetName: 'Sheet1' },
      attachTo: document.body,
    })
    sheet.onChange(() => void wrapper.setProps({ version: ++version }))
    await nextTask()
    await flushPromises()
  })
  afterEach(() => {
    wrapper.unmount()
    sheet.close()
  })

  const grid = () => wrapper.find('[role="grid"]')
  const editor = () => wrapper.find('[data-testid="cell-editor"]')
  const selected = () => formatRange(selectionRange(useSelectionStore(), { rows: 100, cols: 10 }))

  /** Types `text` over the active cell and ends the edit with `key`. */
  async function typeAndPress(text: string, key: string, shiftKey = false): Promise<void> {
    await grid().trigger('keydown', { key: text[0] })
    await editor().setValue(text)
    await editor().trigger('keydown', { key, shiftKey })
    await flushPromises()
  }

  it('typing into a selected block, Tab fills it row by row and wraps; the block stays selected', async () => {
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 1), pos(2, 2), pos(1, 1))
    for (const text of ['1', '2', '3', '4']) await typeAndPress(text, 'Tab')
    expect([sheet.read(1, 1), sheet.read(1, 2), sheet.read(2, 1), sheet.read(2, 2)]).toEqual([
      '1',
      '2',
      '3',
      '4',
    ])
    expect(sheet.read(1, 3)).toBe('')
    expect(selection.address).toBe('B2')
    expect(selected()).toBe('B2:C3')
  })

  it('typing into a selected block, Enter fills it column by column; Shift+Enter goes back', async () => {
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 6), pos(2, 7), pos(1, 6))
    for (const text of ['1', '2', '3']) await typeAndPress(text, 'Enter')
    expect([sheet.read(1, 6), sheet.read(2, 6), sheet.read(1, 7), sheet.read(3, 6)]).toEqual([
      '1',
      '2',
      '3',
      '',
    ])
    expect(selection.address).toBe('H3')
    await typeAndPress('x', 'Enter', true)
    expect(sheet.read(2, 7)).toBe('x')
    expect(selection.address).toBe('H2')
    expect(selected()).toBe('G2:H3')
  })

  it('without editing, Tab and Shift+Enter move the active cell inside the block', async () => {
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 1), pos(2, 2), pos(2, 2))
    await grid().trigger('keydown', { key: 'Tab' })
    expect(selection.address).toBe('B2')
    await grid().trigger('keydown', { key: 'Enter', shiftKey: true })
    expect(selection.address).toBe('C3')
    await grid().trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(selection.address).toBe('B3')
    expect(selected()).toBe('B2:C3')
  })

  it('one cell selected: Tab, Tab, Enter still goes back to the column the Tabs started from', async () => {
    const selection = useSelectionStore()
    selection.select(pos(1, 1))
    await typeAndPress('a', 'Tab')
    await typeAndPress('b', 'Tab')
    await typeAndPress('c', 'Enter')
    expect(selection.address).toBe('B3')
    expect(selected()).toBe('B3')
  })

  it('Alt+Down opens the dropdown of a list cell; arrows choose and Enter picks', async () => {
    sheet.validations.set(
      { start: pos(1, 1), end: pos(5, 1) },
      { kind: 'list', items: ['Todo', 'Doing', 'Done'], strict: true },
    )
    useSelectionStore().select(pos(2, 1))
    await flushPromises()
    const event = new KeyboardEvent('keydown', {
      key: 'ArrowDown',
      altKey: true,
      bubbles: true,
      cancelable: true,
    })
    grid().element.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    const picker = document.querySelector('[data-testid="validation-picker"]')
    expect(picker?.textContent).toContain('Doing')
    expect(document.activeElement?.textContent).toContain('Todo')
    document.activeElement?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }),
    )
    document.activeElement?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await flushPromises()
    expect(sheet.read(2, 1)).toBe('Doing')
    expect(document.querySelector('[data-testid="validation-picker"]')).toBeNull()
  })

  it('Alt+Down on a cell without a dropdown is used up: no scroll, no menu, the selection stays', async () => {
    const selection = useSelectionStore()
    selection.selectRange(pos(3, 3), pos(5, 4), pos(3, 3))
    const event = new KeyboardEvent('keydown', {
      key: 'ArrowDown',
      altKey: true,
      bubbles: true,
      cancelable: true,
    })
    grid().element.dispatchEvent(event)
    await flushPromises()
    expect(event.defaultPrevented).toBe(true)
    expect(document.querySelector('[data-testid="validation-picker"]')).toBeNull()
    expect(selected()).toBe('D4:E6')
  })

  it('Enter with function suggestions open takes the highlighted one, as Tab does', async () => {
    await loadFunctionNames()
    useSelectionStore().select(pos(0, 2))
    await grid().trigger('keydown', { key: '=' })
    const first = () => wrapper.find('[data-testid="formula-suggestions"] [role="option"]')
    // The most used first: SUM before SUBSTITUTE and SUBTOTAL.
    await editor().setValue('=su')
    await flushPromises()
    expect(first().text()).toMatch(/^SUM\(/)
    await editor().setValue('=sum')
    await flushPromises()
    expect(first().text()).toMatch(/^SUM\(/)
    await editor().trigger('keydown', { key: 'Enter' })
    expect(useSelectionStore().editing).toBe(true)
    expect((editor().element as HTMLTextAreaElement).value).toBe('=SUM(')
    await editor().setValue('=SUM(1,2')
    await editor().trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 2)).toBe('=SUM(1,2)')
  })

  /** A cell's input as typed (this test bed has no formula engine to show it). */
  const shown = (row: number, col: number): string =>
    toDisplayFormula(sheet.layout.cellAt(row, col), sheetOnlyContext(sheet))

  it('Ctrl+Enter enters the typed formula in every selected cell, references moved; one undo step; the block stays', async () => {
    const undo = new Y.UndoManager(sheet.doc, {
      trackedOrigins: new Set([LOCAL]),
      captureTimeout: 0,
    })
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 1), pos(3, 2), pos(1, 1))
    await grid().trigger('keydown', { key: '=' })
    await editor().setValue('=A2*$A$1')
    await editor().trigger('keydown', { key: 'Enter', ctrlKey: true })
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
    expect(selected()).toBe('B2:C4')
    undo.undo()
    expect([shown(1, 1), shown(1, 2), shown(3, 2)]).toEqual(['', '', ''])
    undo.destroy()
  })

  it('Ctrl+Enter with text of several lines turns on Wrap text over the block, as a commit of it does', async () => {
    const selection = useSelectionStore()
    selection.selectRange(pos(5, 0), pos(6, 0), pos(5, 0))
    await grid().trigger('keydown', { key: 'a' })
    await editor().setValue('a\nb')
    await editor().trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect([sheet.read(5, 0), sheet.read(6, 0)]).toEqual(['a\nb', 'a\nb'])
    expect([sheet.format(5, 0).wrap, sheet.format(6, 0).wrap]).toEqual([true, true])
  })

  it('Ctrl+Enter on a selected block, not editing, copies the active cell over it (Sheets’ Fill range)', async () => {
    sheet.write(2, 1, '=A3+1')
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 1), pos(3, 1), pos(2, 1))
    await grid().trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(selection.editing).toBe(false)
    expect([shown(1, 1), shown(2, 1), shown(3, 1)]).toEqual(['=A2+1', '=A3+1', '=A4+1'])
    expect(selected()).toBe('B2:B4')
  })

  it('Ctrl+End goes to the last row and column holding data; Ctrl+Shift+End selects up to there', async () => {
    sheet.write(6, 1, 'last row')
    sheet.write(2, 4, '=A1')
    // Formats alone are not data.
    sheet.setFormat({ start: pos(40, 8), end: pos(40, 8) }, 'bold', true)
    const selection = useSelectionStore()
    selection.select(pos(1, 1))
    await grid().trigger('keydown', { key: 'End', ctrlKey: true })
    expect(selection.address).toBe('E7')
    expect(selected()).toBe('E7')
    selection.select(pos(1, 1))
    await grid().trigger('keydown', { key: 'End', ctrlKey: true, shiftKey: true })
    expect(selection.address).toBe('B2')
    expect(selected()).toBe('B2:E7')
  })

  it('Shift+Space selects the rows of the selection and Ctrl+Space its columns; the active cell stays', async () => {
    const selection = useSelectionStore()
    selection.selectRange(pos(1, 1), pos(3, 2), pos(2, 2))
    await grid().trigger('keydown', { key: ' ', code: 'Space', shiftKey: true })
    expect(selection.address).toBe('C3')
    expect(selected()).toBe('A2:J4')
    selection.selectRange(pos(1, 1), pos(3, 2), pos(2, 2))
    await grid().trigger('keydown', { key: ' ', code: 'Space', ctrlKey: true })
    expect(selection.address).toBe('C3')
    expect(selected()).toBe('B1:C100')
    // Whole columns, then Shift+Space: every row of them, the whole sheet (Excel, Sheets).
    await grid().trigger('keydown', { key: ' ', code: 'Space', shiftKey: true })
    expect(selection.address).toBe('C3')
    expect(selected()).toBe('A1:J100')
  })

  it("Ctrl+; on a selected cell starts typing today's date; Ctrl+Shift+; in the editor adds the time", async () => {
    // The real clock: Vue drops events older than its handlers, and a faked Date makes them so.
    const today = (d: Date) => `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`
    const before = today(new Date())
    useSelectionStore().select(pos(0, 3))
    await grid().trigger('keydown', { key: ';', ctrlKey: true })
    const typed = (editor().element as HTMLTextAreaElement).value
    expect([before, today(new Date())]).toContain(typed)
    await editor().trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 3)).toBe(typed)
    await grid().trigger('keydown', { key: 'a' })
    await editor().setValue('at ')
    await editor().trigger('keydown', { key: ':', ctrlKey: true, shiftKey: true })
    expect((editor().element as HTMLTextAreaElement).value).toMatch(/^at \d{1,2}:\d\d:\d\d [AP]M$/)
  })
})
