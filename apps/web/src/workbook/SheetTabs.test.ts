import { afterEach, describe, expect, it } from 'vitest'
import { RouterLinkStub, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { SheetInfo } from '@cellmate/model'
import { useAccessStore } from '../stores/accessStore'
import SheetTabs from './SheetTabs.vue'

const SHEETS: SheetInfo[] = [
  { id: 's1', name: 'Sheet1' },
  { id: 's2', name: 'Budget' },
  { id: 's3', name: 'Notes' },
]

function mountTabs(sheets = SHEETS, role: 'editor' | 'viewer' = 'editor'): VueWrapper {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAccessStore().grant(role, 'joined')
  return mount(SheetTabs, {
    props: {
      workbookId: 'wb',
      sheets,
      activeId: 's1',
      nameProblem: (id: string, name: string) =>
        sheets.some((s) => s.id !== id && s.name.toLowerCase() === name.trim().toLowerCase())
          ? `there is already a sheet named "${name.trim()}"`
          : null,
    },
    global: { plugins: [pinia], stubs: { RouterLink: RouterLinkStub } },
    attachTo: document.body,
  })
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
function menuItem(text: string): HTMLElement | undefined {
  return [
    ...document.querySelectorAll<HTMLElement>('[data-testid="tab-menu"] [role="menuitem"]'),
  ].find((el) => el.querySelector('.label')?.textContent === text)
}

describe('SheetTabs', () => {
  let wrapper: VueWrapper
  afterEach(() => {
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('the + button asks for a new sheet', async () => {
    wrapper = mountTabs()
    const add = wrapper.find('[data-testid="add-sheet"]')
    expect(add.attributes('aria-label')).toBe('Add sheet')
    await add.trigger('click')
    expect(wrapper.emitted('add')).toHaveLength(1)
  })

  it('double-click renames inline: Enter commits, an invalid name says why', async () => {
    wrapper = mountTabs()
    await wrapper.findAll('[data-testid="sheet-tab"]')[2]?.trigger('dblclick')
    await flushPromises()
    const input = wrapper.find('[data-testid="rename-sheet"]')
    expect((input.element as HTMLInputElement).value).toBe('Notes')
    await input.setValue('budget')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.find('[data-testid="rename-error"]').text()).toBe(
      'There is already a sheet named "budget"',
    )
    expect(wrapper.emitted('rename')).toBeUndefined()
    await input.setValue('Plans')
    expect(wrapper.find('[data-testid="rename-error"]').exists()).toBe(false)
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('rename')).toEqual([['s3', 'Plans']])
    expect(wrapper.find('[data-testid="rename-sheet"]').exists()).toBe(false)
  })

  it('Escape cancels a rename', async () => {
    wrapper = mountTabs()
    await wrapper.findAll('[data-testid="sheet-tab"]')[0]?.trigger('keydown', { key: 'F2' })
    await flushPromises()
    const input = wrapper.find('[data-testid="rename-sheet"]')
    await input.setValue('Other')
    await input.trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('rename')).toBeUndefined()
    expect(wrapper.findAll('[data-testid="sheet-tab"]')[0]?.text()).toBe('Sheet1')
  })

  it('the tab menu moves, duplicates, and deletes only after confirmation', async () => {
    wrapper = mountTabs()
    const tab = () => wrapper.findAll('[data-testid="sheet-tab"]')[1]
    await tab()?.trigger('contextmenu', { clientX: 100, clientY: 600 })
    expect(byTestId('tab-menu')?.getAttribute('aria-label')).toBe('Sheet Budget')
    menuItem('Move right')?.click()
    await flushPromises()
    expect(wrapper.emitted('move')).toEqual([['s2', 2]])

    await tab()?.trigger('contextmenu', { clientX: 100, clientY: 600 })
    menuItem('Duplicate')?.click()
    expect(wrapper.emitted('duplicate')).toEqual([['s2']])

    await tab()?.trigger('contextmenu', { clientX: 100, clientY: 600 })
    menuItem('Delete')?.click()
    await flushPromises()
    const dialog = byTestId('confirm-dialog')
    expect(dialog?.getAttribute('role')).toBe('alertdialog')
    expect(dialog?.textContent).toContain('“Budget”')
    expect(wrapper.emitted('remove')).toBeUndefined()
    ;[...(dialog?.querySelectorAll('button') ?? [])]
      .find((b) => b.textContent?.trim() === 'Delete')
      ?.click()
    await flushPromises()
    expect(wrapper.emitted('remove')).toEqual([['s2']])
    expect(byTestId('confirm-dialog')).toBeNull()
  })

  it('view only: tabs still switch sheets, but nothing adds, renames, reorders or opens a menu', async () => {
    wrapper = mountTabs(SHEETS, 'viewer')
    expect(wrapper.find('[data-testid="add-sheet"]').exists()).toBe(false)
    const tabs = wrapper.findAll('[data-testid="sheet-tab"]')
    expect(tabs.map((t) => t.text())).toEqual(['Sheet1', 'Budget', 'Notes'])
    expect(tabs[1]?.attributes('draggable')).toBe('false')
    await tabs[1]?.trigger('dblclick')
    await tabs[1]?.trigger('keydown', { key: 'F2' })
    await tabs[1]?.trigger('contextmenu', { clientX: 100, clientY: 600 })
    await flushPromises()
    expect(wrapper.find('[data-testid="rename-sheet"]').exists()).toBe(false)
    expect(byTestId('tab-menu')).toBeNull()
    expect(Object.keys(wrapper.emitted())).not.toContain('rename')
  })

  it('a single sheet cannot be deleted from its menu', async () => {
    wrapper = mountTabs([{ id: 's1', name: 'Sheet1' }])
    await wrapper.find('[data-testid="sheet-tab"]').trigger('contextmenu')
    expect(menuItem('Delete')?.getAttribute('aria-disabled')).toBe('true')
    menuItem('Delete')?.click()
    await flushPromises()
    expect(byTestId('confirm-dialog')).toBeNull()
  })
})
