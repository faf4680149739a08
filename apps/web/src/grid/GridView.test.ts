import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import * as Y from 'yjs'
import { getCell, initSheet, sheetTypes, setCell } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { useSelectionStore } from '../stores/selectionStore'
import GridView from './GridView.vue'
import { COL_HEADER_HEIGHT, MAX_SCROLL_HEIGHT } from './gridGeometry'

const LOCAL = { session: 'test' }

function openSheet(rows: number, cols: number): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
  return new SheetSession('s1', { name: 'sheet:s1', doc, close() {} }, LOCAL)
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

describe('GridView', () => {
  let pinia: Pinia
  let sheet: SheetSession
  let wrapper: VueWrapper
  let version = 0

  function mountGrid(s: SheetSession): VueWrapper {
    sheet = s
    const w = mount(GridView, {
      props: { sheet: s, version, sheetName: 'Sheet1' },
      global: { plugins: [pinia] },
      attachTo: document.body,
    })
    // What useWorkbookSession does: every document change bumps the version.
    s.onChange(() => void w.setProps({ version: ++version }))
    return w
  }

  const cell = (address: string) => wrapper.find(`[data-address="${address}"]`)
  const grid = () => wrapper.find('[role="grid"]')

  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    wrapper = mountGrid(openSheet(1000, 26))
  })
  afterEach(() => {
    wrapper.unmount()
    sheet.close()
  })

  it('is an accessible grid that renders only the visible cells', () => {
    expect(grid().attributes('aria-label')).toBe('Sheet1')
    expect(grid().attributes('aria-rowcount')).toBe('1001')
    expect(grid().attributes('aria-colcount')).toBe('27')
    const cells = wrapper.findAll('[role="gridcell"]')
    expect(cells.length).toBeGreaterThan(100)
    expect(cells.length).toBeLessThan(1000)
    expect(cell('A1').exists()).toBe(true)
    expect(cell('A500').exists()).toBe(false)
    expect(
      wrapper
        .findAll('[role="columnheader"]')
        .map((h) => h.text())
        .slice(0, 3),
    ).toEqual(['A', 'B', 'C'])
    expect(wrapper.findAll('[role="rowheader"]')[0]?.text()).toBe('1')
  })

  it('typing over a cell and pressing Enter stores it and moves down', async () => {
    await grid().trigger('keydown', { key: 'h' })
    const editor = wrapper.find('[data-testid="cell-editor"]')
    expect((editor.element as HTMLInputElement).value).toBe('h')
    await editor.setValue('hello')
    await editor.trigger('keydown', { key: 'Enter' })
    const { layout } = sheet
    expect(getCell(sheet.doc, layout.rowId(0) ?? '', layout.colId(0) ?? '')).toBe('hello')
    expect(cell('A1').text()).toBe('hello')
    expect(useSelectionStore().address).toBe('A2')
    expect(wrapper.find('[data-testid="cell-editor"]').exists()).toBe(false)
  })

  it('Escape cancels an edit and keeps the old content', async () => {
    sheet.write(0, 0, 'keep')
    await flushPromises()
    await grid().trigger('keydown', { key: 'F2' })
    const editor = wrapper.find('[data-testid="cell-editor"]')
    expect((editor.element as HTMLInputElement).value).toBe('keep')
    await editor.setValue('changed')
    await editor.trigger('keydown', { key: 'Escape' })
    expect(sheet.read(0, 0)).toBe('keep')
    expect(cell('A1').text()).toBe('keep')
  })

  it('Delete clears the active cell; arrows and Tab move the selection', async () => {
    sheet.write(1, 1, 'x')
    await grid().trigger('keydown', { key: 'ArrowDown' })
    await grid().trigger('keydown', { key: 'Tab' })
    expect(cell('B2').attributes('aria-selected')).toBe('true')
    await grid().trigger('keydown', { key: 'Delete' })
    expect(sheet.read(1, 1)).toBe('')
  })

  it('tags local edits with the session origin, so undo can tell them apart', async () => {
    const origins: unknown[] = []
    sheet.doc.on('afterTransaction', (tr) => origins.push(tr.origin))
    await grid().trigger('keydown', { key: '7' })
    await wrapper.find('[data-testid="cell-editor"]').trigger('keydown', { key: 'Tab' })
    expect(origins).toContain(LOCAL)
  })

  it("shows another user's edit to a visible cell", async () => {
    const { rows, cols } = sheetTypes(sheet.doc)
    setCell(sheet.doc, rows.get(2), cols.get(3), 'from afar', 'remote')
    await flushPromises()
    expect(cell('D3').text()).toBe('from afar')
  })

  it('refuses an over-long input with a reason and keeps editing', async () => {
    await grid().trigger('keydown', { key: 'Enter' })
    const editor = wrapper.find('[data-testid="cell-editor"]')
    await editor.setValue('x'.repeat(50_001))
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('')
    expect(useSelectionStore().error).toMatch(/at most 50,000 characters/)
    expect(wrapper.find('[data-testid="cell-editor"]').exists()).toBe(true)
  })
})

describe('GridView on a million-row sheet', () => {
  it('renders the last rows when scrolled to the bottom', async () => {
    setActivePinia(createPinia())
    const sheet = openSheet(1_048_576, 3)
    const wrapper = mount(GridView, {
      props: { sheet, version: 0, sheetName: 'Big' },
      global: { plugins: [createPinia()] },
    })
    const el = wrapper.find('[role="grid"]').element as HTMLElement
    // As far down as a browser lets it scroll: spacer + header - viewport.
    el.scrollTop = MAX_SCROLL_HEIGHT + COL_HEADER_HEIGHT - 600
    await wrapper.find('[role="grid"]').trigger('scroll')
    expect(wrapper.find('[data-address="A1048576"]').exists()).toBe(true)
    expect(wrapper.findAll('[role="row"]').length).toBeLessThan(60)
    wrapper.unmount()
    sheet.close()
  }, 20_000)
})
