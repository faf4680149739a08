import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import * as Y from 'yjs'
import { deleteRows, getCell, initSheet, insertRows, sheetTypes, setCell } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import type { SheetFormulas } from '../formula/sheetFormulas'
import { useAccessStore } from '../stores/accessStore'
import { useNoticeStore } from '../stores/noticeStore'
import { useSelectionStore } from '../stores/selectionStore'
import GridView from './GridView.vue'
import { nextTask } from '../sync/nextTask'
import { COL_HEADER_HEIGHT, MAX_SCROLL_HEIGHT, ROW_HEADER_WIDTH, ROW_HEIGHT } from './gridGeometry'

const LOCAL = { session: 'test' }

function openSheet(rows: number, cols: number): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, { rows, cols })
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

describe('GridView', () => {
  let pinia: Pinia
  let sheet: SheetSession
  let wrapper: VueWrapper
  let version = 0

  /** Mounts the grid; its rows are drawn in the task after (see `GridRows`). */
  function mountGridNow(s: SheetSession): VueWrapper {
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

  /** Mounts the grid and waits for its rows. */
  async function mountGrid(s: SheetSession): Promise<VueWrapper> {
    const w = mountGridNow(s)
    await nextTask()
    await flushPromises()
    return w
  }

  const cell = (address: string) => wrapper.find(`[data-address="${address}"]`)
  const grid = () => wrapper.find('[role="grid"]')

  beforeEach(async () => {
    pinia = createPinia()
    setActivePinia(pinia)
    // The app is read-only until the server grants a role (see `useAccessStore`).
    useAccessStore().grant('editor', 'joined')
    wrapper = await mountGrid(openSheet(1000, 26))
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

  it('keys typed before the first rows are drawn open the editor and are kept', async () => {
    wrapper.unmount()
    sheet.close()
    wrapper = mountGridNow(openSheet(10, 3))
    // The rows come in the task after the grid mounted; the grid takes keys already.
    expect(cell('A1').exists()).toBe(false)
    await grid().trigger('keydown', { key: 'h' })
    const editor = wrapper.find('[data-testid="cell-editor"]')
    expect((editor.element as HTMLInputElement).value).toBe('h')
    await nextTask()
    await flushPromises()
    expect(cell('A1').exists()).toBe(true)
    await editor.setValue('hi')
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('hi')
    expect(cell('A1').text()).toBe('hi')
    expect(useSelectionStore().address).toBe('A2')
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

  it('Ctrl+Home scrolls back to A1 when A1 is already the active cell', async () => {
    const el = grid().element as HTMLElement
    el.scrollTop = 300 * ROW_HEIGHT
    await grid().trigger('scroll')
    expect(cell('A1').exists()).toBe(false)
    await grid().trigger('keydown', { key: 'Home', ctrlKey: true })
    expect(el.scrollTop).toBe(0)
  })

  it('F4 in the editor cycles the reference at the caret: A1, $A$1, A$1, $A1', async () => {
    useSelectionStore().select({ row: 0, col: 1 })
    await grid().trigger('keydown', { key: '=' })
    const editor = wrapper.find('[data-testid="cell-editor"]')
    const el = editor.element as HTMLTextAreaElement
    await editor.setValue('=A1*2')
    el.setSelectionRange(3, 3)
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      await editor.trigger('keydown', { key: 'F4' })
      seen.push(el.value)
    }
    expect(seen).toEqual(['=$A$1*2', '=A$1*2', '=$A1*2', '=A1*2'])
    await editor.trigger('keydown', { key: 'F4' })
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 1)).toBe('=$A$1*2')
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

  it('an edit reads again only the rows it changed; a format change reads every row', async () => {
    sheet.write(4, 0, 'row five')
    await flushPromises()
    const read = new Set<number>()
    const format = sheet.format.bind(sheet)
    sheet.format = (row, col) => (read.add(row), format(row, col))
    sheet.write(1, 0, 'typed')
    await flushPromises()
    expect(cell('A2').text()).toBe('typed')
    expect(cell('A5').text()).toBe('row five')
    expect([...read]).toEqual([1])
    read.clear()
    sheet.setFormat({ start: { row: 9, col: 1 }, end: { row: 9, col: 1 } }, 'bold', true)
    await flushPromises()
    expect(read.size).toBeGreaterThan(20)
    expect(cell('B10').attributes('style')).toContain('font-weight: 700')
  })

  it('a number retyped as money turns a formula further down into money', async () => {
    wrapper.unmount()
    sheet.close()
    // A stand-in engine: A6 is 2 × A1 and shows in A1's style, as `=A1*2` does.
    const doc = new Y.Doc()
    initSheet(doc, { rows: 100, cols: 5 })
    const withFormulas = new SheetSession('s1', { doc, release() {} }, LOCAL, (layout) => {
      const typed = (): string => layout.cellAt(0, 0)
      const formulas: Partial<SheetFormulas> = {
        value: (row, col) =>
          row === 5 && col === 0 ? 2 * Number(typed().replace('$', '')) : layout.cellAt(row, col),
        shownFormat: (row, col) =>
          row === 5 && col === 0 && typed().startsWith('$')
            ? { numFmt: 'currency', decimals: 0 }
            : null,
        toDisplay: (stored) => stored,
        toStored: (input) => input,
        onDisplayChange: () => () => {},
        setHiddenRows: () => {},
      }
      return formulas as SheetFormulas
    })
    wrapper = await mountGrid(withFormulas)
    withFormulas.write(0, 0, '5')
    withFormulas.write(5, 0, '=A1*2')
    await flushPromises()
    expect(cell('A6').text()).toBe('10')
    withFormulas.write(0, 0, '$5')
    await flushPromises()
    expect(cell('A6').text()).toBe('$10')
  })

  it('view only: typing, F2, double-click, Delete, undo and menus change nothing; arrows still move', async () => {
    sheet.write(0, 0, 'keep')
    useAccessStore().grant('viewer', 'joined')
    await flushPromises()
    const origins: unknown[] = []
    sheet.doc.on('afterTransaction', (tr) => origins.push(tr.origin))
    for (const key of ['h', 'F2', 'Enter', 'Delete', 'Backspace', '=']) {
      await grid().trigger('keydown', { key })
    }
    await grid().trigger('keydown', { key: 'z', ctrlKey: true })
    await grid().trigger('keydown', { key: '=', ctrlKey: true, altKey: true })
    await grid().trigger('keydown', { key: 'F10', shiftKey: true })
    await cell('A1').trigger('dblclick')
    await cell('A1').trigger('contextmenu')
    await flushPromises()
    expect(wrapper.find('[data-testid="cell-editor"]').exists()).toBe(false)
    expect(document.querySelector('[role="menu"]')).toBeNull()
    expect(sheet.read(0, 0)).toBe('keep')
    expect(sheet.layout.rowCount).toBe(1000)
    expect(origins).toEqual([])
    expect(wrapper.emitted('undo')).toBeUndefined()
    await grid().trigger('keydown', { key: 'ArrowRight' })
    expect(useSelectionStore().address).toBe('B1')
  })

  it('an edit in progress when access is lost is dropped, not written', async () => {
    await grid().trigger('keydown', { key: 'x' })
    const editor = wrapper.find('[data-testid="cell-editor"]')
    await editor.setValue('too late')
    useAccessStore().deny({ code: 'FORBIDDEN', message: 'revoked' })
    await editor.trigger('keydown', { key: 'Enter' })
    expect(sheet.read(0, 0)).toBe('')
    expect(useSelectionStore().editing).toBe(false)
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

  it('scrolling keeps the rows still on screen as they were: same element, same place in the DOM', async () => {
    // A row's header sits in the layer's header column; the row owns it (aria-owns).
    const rowOf = (el: Element): string =>
      document.getElementById(el.getAttribute('aria-owns') ?? '')?.textContent?.trim() ?? ''
    const bodyRows = (): Element[] => [
      ...wrapper.element.querySelectorAll('.body-rows > [role="row"]'),
    ]
    const before = new Map(bodyRows().map((el) => [rowOf(el), el]))
    const order = bodyRows()
    const el = grid().element as HTMLElement
    el.scrollTop = 10 * ROW_HEIGHT
    await grid().trigger('scroll')
    const after = bodyRows()
    // Rows 11 onwards stayed on screen: the same elements, none moved (a moved element is laid
    // out and painted anew); rows 1-6 left, and their elements show the rows scrolled in.
    expect(after.map(rowOf)).toContain('38')
    // Every element still there, in the order it had (rows coming into view add elements).
    expect(after.filter((r) => order.includes(r))).toEqual(order)
    for (const row of ['11', '12', '20'])
      expect(after.find((r) => rowOf(r) === row)).toBe(before.get(row))
    expect(after.map(rowOf)).not.toContain('1')
    expect(cell('A38').exists()).toBe(true)
  })
})

describe('GridView row and column commands', () => {
  let pinia: Pinia
  let sheet: SheetSession
  let wrapper: VueWrapper
  let version = 0

  const grid = () => wrapper.find('[role="grid"]')
  const menu = (testId: string) => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const menuItem = (testId: string, text: string) =>
    [...(menu(testId)?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])].find(
      (el) => el.querySelector('.label')?.textContent === text,
    )
  /** Client coordinates of a row header (happy-dom puts the grid at 0,0). */
  const rowHeaderPoint = (row: number) => ({
    clientX: ROW_HEADER_WIDTH / 2,
    clientY: COL_HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2,
  })

  /** Mounts the grid on a new sheet and waits for its rows (drawn in the task after). */
  async function mountSheet(rows: number, cols: number): Promise<void> {
    const doc = new Y.Doc()
    initSheet(doc, { rows, cols })
    sheet = new SheetSession('s1', { doc, release() {} }, LOCAL)
    wrapper = mount(GridView, {
      props: { sheet, version, sheetName: 'Sheet1' },
      global: { plugins: [pinia] },
      attachTo: document.body,
    })
    sheet.onChange(() => void wrapper.setProps({ version: ++version }))
    await nextTask()
    await flushPromises()
  }

  beforeEach(() => {
    pinia = createPinia()
    setActivePinia(pinia)
    // The app is read-only until the server grants a role (see `useAccessStore`).
    useAccessStore().grant('editor', 'joined')
  })
  afterEach(() => {
    wrapper.unmount()
    sheet.close()
    document.body.innerHTML = ''
  })

  it('right-click on a row header, "Insert 1 row above": the rows below move down', async () => {
    await mountSheet(1000, 26)
    sheet.write(1, 0, 'was row 2')
    await flushPromises()
    await grid().trigger('contextmenu', rowHeaderPoint(1))
    const rowMenu = menu('row-menu')
    expect(rowMenu?.getAttribute('role')).toBe('menu')
    expect(rowMenu?.getAttribute('aria-label')).toBe('Row 2')
    expect(useSelectionStore().span).toBe('row')
    expect(wrapper.find('[role="rowheader"][aria-selected="true"]').text()).toBe('2')

    menuItem('row-menu', 'Insert 1 row above')?.click()
    await flushPromises()
    expect(menu('row-menu')).toBeNull()
    expect(sheet.layout.rowCount).toBe(1001)
    expect(sheet.read(1, 0)).toBe('')
    expect(sheet.read(2, 0)).toBe('was row 2')
    expect(wrapper.find('[data-address="A3"]').text()).toBe('was row 2')
    expect(grid().attributes('aria-rowcount')).toBe('1002')
    // The new row is selected, and one undo step would remove it.
    expect(useSelectionStore().address).toBe('A2')
  })

  it('opens the cell menu from the keyboard and runs an item with Enter; Escape closes', async () => {
    await mountSheet(1000, 26)
    sheet.write(0, 0, 'top')
    await grid().trigger('keydown', { key: 'F10', shiftKey: true })
    expect(menu('cell-menu')).not.toBeNull()
    // The clipboard items come first, then Comment, then the row and column commands.
    expect(document.activeElement?.textContent).toContain('Cut')
    await flushPromises()
    for (let i = 0; i < 7; i++) {
      document.activeElement?.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }),
      )
    }
    expect(document.activeElement?.textContent).toContain('Insert 1 row below')
    document.activeElement?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }),
    )
    await flushPromises()
    expect(menu('cell-menu')).toBeNull()
    expect(sheet.read(0, 0)).toBe('top')
    expect(sheet.layout.rowCount).toBe(1001)
    expect(useSelectionStore().address).toBe('A2')

    await grid().trigger('keydown', { key: 'ContextMenu' })
    document.activeElement?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    )
    await flushPromises()
    expect(menu('cell-menu')).toBeNull()
    expect(sheet.layout.rowCount).toBe(1001)
  })

  it('a double-click low in a merged block edits the block, not the cell it hides', async () => {
    await mountSheet(10, 5)
    sheet.write(1, 1, 'block')
    sheet.merge({ start: { row: 1, col: 1 }, end: { row: 2, col: 2 } }, 'all')
    await flushPromises()
    // The centre of B2:C3's lower half: over C3, which the block covers.
    await grid().trigger('dblclick', {
      clientX: ROW_HEADER_WIDTH + 200,
      clientY: COL_HEADER_HEIGHT + 2 * ROW_HEIGHT + ROW_HEIGHT / 2,
    })
    await flushPromises()
    expect(useSelectionStore().address).toBe('B2')
    const editor = wrapper.find('[data-testid="cell-editor"]')
    expect((editor.element as HTMLTextAreaElement).value).toBe('block')
  })

  it('a column header click selects the column; Ctrl+Alt+- deletes it', async () => {
    await mountSheet(10, 3)
    sheet.write(0, 2, 'C moves left')
    await grid().trigger('mousedown', { button: 0, clientX: ROW_HEADER_WIDTH + 150, clientY: 5 })
    expect(useSelectionStore().span).toBe('col')
    expect(useSelectionStore().address).toBe('B1')
    expect(wrapper.find('[role="columnheader"][aria-selected="true"]').text()).toBe('B')
    await grid().trigger('keydown', { key: '-', code: 'Minus', ctrlKey: true, altKey: true })
    expect(sheet.layout.colCount).toBe(2)
    expect(sheet.read(0, 1)).toBe('C moves left')
  })

  it('Alt+Shift+ArrowDown moves the active row down and the selection with it', async () => {
    await mountSheet(10, 3)
    sheet.write(0, 0, 'first')
    await grid().trigger('keydown', { key: 'ArrowDown', altKey: true, shiftKey: true })
    expect(sheet.read(1, 0)).toBe('first')
    expect(useSelectionStore().address).toBe('A2')
  })

  it('with rows 2–3 selected, Ctrl+Alt+= inserts two rows and Alt+Shift+ArrowDown moves both', async () => {
    await mountSheet(10, 3)
    sheet.write(1, 0, 'two')
    sheet.write(2, 0, 'three')
    const selection = useSelectionStore()
    selection.selectRange({ row: 1, col: 0 }, { row: 2, col: 2 }, { row: 1, col: 0 })
    await grid().trigger('keydown', { key: '=', code: 'Equal', ctrlKey: true, altKey: true })
    expect(sheet.layout.rowCount).toBe(12)
    expect([sheet.read(3, 0), sheet.read(4, 0)]).toEqual(['two', 'three'])
    selection.selectRange({ row: 3, col: 0 }, { row: 4, col: 2 }, { row: 3, col: 0 })
    await grid().trigger('keydown', { key: 'ArrowDown', altKey: true, shiftKey: true })
    expect([sheet.read(4, 0), sheet.read(5, 0)]).toEqual(['two', 'three'])
    expect([selection.anchor.row, selection.extent.row]).toEqual([4, 5])
  })

  it('shows why a refused command did nothing instead of failing', async () => {
    await mountSheet(1, 3)
    await grid().trigger('keydown', { key: '-', code: 'Minus', ctrlKey: true, altKey: true })
    expect(sheet.layout.rowCount).toBe(1)
    expect(useNoticeStore().current).toEqual({
      kind: 'error',
      message: 'A sheet keeps at least one of its rows.',
    })
  })

  it('an edit in progress follows its row when another user inserts rows above', async () => {
    await mountSheet(100, 3)
    useSelectionStore().select({ row: 39, col: 0 })
    await grid().trigger('keydown', { key: 'h' })
    const { rows } = sheetTypes(sheet.doc)
    const rowId = rows.get(39)
    insertRows(sheet.doc, 0, 3, 'remote')
    await flushPromises()
    expect(useSelectionStore().address).toBe('A43')
    await wrapper.find('[data-testid="cell-editor"]').trigger('keydown', { key: 'Enter' })
    expect(getCell(sheet.doc, rowId, sheet.layout.colId(0) ?? '')).toBe('h')
    expect(sheet.read(42, 0)).toBe('h')
  })

  it('an edit on a row someone else deletes is dropped, with a notice, not resurrected', async () => {
    await mountSheet(10, 3)
    useSelectionStore().select({ row: 4, col: 1 })
    await grid().trigger('keydown', { key: 'x' })
    deleteRows(sheet.doc, 4, 1, 'remote')
    await flushPromises()
    expect(useSelectionStore().editing).toBe(false)
    expect(wrapper.find('[data-testid="cell-editor"]').exists()).toBe(false)
    expect(useNoticeStore().current?.message).toMatch(/row you were editing was deleted/)
    expect(sheetTypes(sheet.doc).cells.size).toBe(0)
  })

  it('Ctrl+Z and Ctrl+Y ask the workbook to undo and redo', async () => {
    await mountSheet(10, 3)
    await grid().trigger('keydown', { key: 'z', ctrlKey: true })
    await grid().trigger('keydown', { key: 'y', ctrlKey: true })
    await grid().trigger('keydown', { key: 'Z', metaKey: true, shiftKey: true })
    expect(wrapper.emitted('undo')).toHaveLength(1)
    expect(wrapper.emitted('redo')).toHaveLength(2)
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
    await nextTask()
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
