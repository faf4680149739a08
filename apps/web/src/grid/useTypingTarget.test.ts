import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { initSheet } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import { useAccessStore } from '../stores/accessStore'
import { useSelectionStore } from '../stores/selectionStore'
import { nextTask } from '../sync/nextTask'
import GridView from './GridView.vue'

/** The grid's typing target, in the grid's shadow root (`useTypingTarget`). */
function typingTarget(grid: Element): HTMLTextAreaElement {
  const input = grid.shadowRoot?.querySelector('textarea')
  if (!input) throw new Error('the grid has no typing target')
  return input
}

/** An IME's composition as the browser reports it: start, the text as it grows, the commit. */
function compose(input: HTMLTextAreaElement, steps: string[], committed: string): void {
  input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, composed: true }))
  for (const text of steps) {
    input.value = text
    input.dispatchEvent(
      new InputEvent('input', { bubbles: true, composed: true, isComposing: true, data: text }),
    )
  }
  input.value = committed
  input.dispatchEvent(
    new CompositionEvent('compositionend', { bubbles: true, composed: true, data: committed }),
  )
}

describe('typing on a selected cell through an IME', () => {
  let wrapper: VueWrapper
  let sheet: SheetSession
  const grid = (): HTMLElement => wrapper.find('[role="grid"]').element as HTMLElement
  const editor = () => wrapper.find('[data-testid="cell-editor"]')

  beforeEach(async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    // The app is read-only until the server grants a role (see `useAccessStore`).
    useAccessStore().grant('editor', 'joined')
    const doc = new Y.Doc()
    initSheet(doc, { rows: 20, cols: 5 })
    sheet = new SheetSession('s1', { doc, release() {} }, { session: 'test' })
    wrapper = mount(GridView, {
      props: { sheet, version: 0, sheetName: 'Sheet1' },
      global: { plugins: [pinia] },
      attachTo: document.body,
    })
    await nextTask()
    await flushPromises()
  })
  afterEach(() => {
    wrapper.unmount()
    sheet.close()
  })

  it('a composition on a selected cell opens the editor with the committed 日本; Enter stores it', async () => {
    useSelectionStore().select({ row: 1, col: 1 })
    await flushPromises()
    const input = typingTarget(grid())
    expect(input.getAttribute('aria-label')).toBe('Sheet1 B2')
    compose(input, ['に', 'にほ', 'にほん'], '日本')
    await flushPromises()
    expect((editor().element as HTMLTextAreaElement).value).toBe('日本')
    expect(input.value).toBe('')
    await editor().trigger('keydown', { key: 'Enter' })
    expect(sheet.read(1, 1)).toBe('日本')
    expect(useSelectionStore().address).toBe('B3')
    // The grid has the focus back, in its typing target, ready for the next composition.
    await flushPromises()
    expect(document.activeElement).toBe(grid())
    expect(grid().shadowRoot?.activeElement).toBe(input)
  })

  it('Enter or Escape that reaches the editor after the composition ended (Safari, keyCode 229) confirms or cancels the composition only; the next Enter commits', async () => {
    const selection = useSelectionStore()
    selection.select({ row: 1, col: 1 })
    await flushPromises()
    compose(typingTarget(grid()), ['に', 'にほん'], '日本')
    await flushPromises()
    const imeKey = (key: string) =>
      editor().element.dispatchEvent(
        new KeyboardEvent('keydown', { key, keyCode: 229, bubbles: true, cancelable: true }),
      )
    imeKey('Enter')
    imeKey('Escape')
    await flushPromises()
    expect(selection.editing).toBe(true)
    expect((editor().element as HTMLTextAreaElement).value).toBe('日本')
    expect(sheet.read(1, 1)).toBe('')
    expect(selection.address).toBe('B2')
    await editor().trigger('keydown', { key: 'Enter' })
    expect(sheet.read(1, 1)).toBe('日本')
    expect(selection.address).toBe('B3')
  })

  it('shows the composition in the editor frame over the cell, then goes back to invisible', async () => {
    const input = typingTarget(grid())
    input.dispatchEvent(new CompositionEvent('compositionstart', { composed: true }))
    expect(input.style.borderColor).toBe('#1a73e8')
    expect(useSelectionStore().editing).toBe(false)
    input.value = '日本'
    input.dispatchEvent(new CompositionEvent('compositionend', { composed: true, data: '日本' }))
    expect(input.style.borderColor).toBe('transparent')
  })

  it("a key the IME takes (keyCode 229) is the IME's: the grid's key handling never sees it", async () => {
    const input = typingTarget(grid())
    const seen: number[] = []
    grid().addEventListener('keydown', (e) => seen.push(e.keyCode))
    const init = { key: 'n', bubbles: true, composed: true }
    input.dispatchEvent(new KeyboardEvent('keydown', { ...init, keyCode: 229 }))
    input.dispatchEvent(new KeyboardEvent('keydown', { ...init, isComposing: true, keyCode: 78 }))
    // The same key without an IME is the grid's (it types over the cell).
    input.dispatchEvent(new KeyboardEvent('keydown', { ...init, keyCode: 78 }))
    expect(seen).toEqual([78])
  })

  it('text that arrives with no key (an emoji picker) opens the editor with it', async () => {
    const input = typingTarget(grid())
    input.value = '😀'
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: '😀' }))
    await flushPromises()
    expect((editor().element as HTMLTextAreaElement).value).toBe('😀')
  })

  it('on a touch screen a tap selects without popping up the on-screen keyboard', async () => {
    expect(typingTarget(grid()).inputMode).toBe('')
    wrapper.unmount()
    const coarse = (query: string) => ({ matches: query === '(pointer: coarse)' }) as MediaQueryList
    vi.spyOn(window, 'matchMedia').mockImplementation(coarse)
    try {
      wrapper = mount(GridView, {
        props: { sheet, version: 0, sheetName: 'Sheet1' },
        attachTo: document.body,
      })
      expect(typingTarget(grid()).inputMode).toBe('none')
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('is read-only for a viewer, so no IME composes there', async () => {
    const input = typingTarget(grid())
    expect(input.readOnly).toBe(false)
    useAccessStore().grant('viewer', 'joined')
    await flushPromises()
    expect(input.readOnly).toBe(true)
  })
})
