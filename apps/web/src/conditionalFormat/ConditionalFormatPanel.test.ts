import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { initSheet } from '@cellmate/model'
import { SheetSession } from '../sync/sheetSession'
import ConditionalFormatPanel from './ConditionalFormatPanel.vue'

const LOCAL = { session: 'test' }

describe('ConditionalFormatPanel', () => {
  let sheet: SheetSession
  let wrapper: VueWrapper

  beforeEach(() => {
    setActivePinia(createPinia())
    const doc = new Y.Doc()
    initSheet(doc, { rows: 20, cols: 5 })
    sheet = new SheetSession('s1', { doc, release() {} }, LOCAL)
    for (const value of [1, 2, 3]) {
      sheet.conditionalFormats.add(
        { start: { row: 0, col: 0 }, end: { row: 9, col: 0 } },
        { kind: 'cellValue', op: 'gt', value, style: { fill: '#ff0000' } },
      )
    }
    let version = 0
    wrapper = mount(ConditionalFormatPanel, {
      props: { sheet, version, size: { rows: 20, cols: 5 } },
      attachTo: document.body,
    })
    sheet.onChange(() => void wrapper.setProps({ version: ++version }))
  })
  afterEach(() => {
    wrapper.unmount()
    sheet.close()
    document.body.innerHTML = ''
  })

  const deletes = () => wrapper.findAll('[data-testid="cf-delete"]')

  it('after a delete the focus stays in the panel: the next rule, the new last one, then "Add rule"', async () => {
    await deletes()[0]!.trigger('click')
    await flushPromises()
    expect(deletes()).toHaveLength(2)
    // The rule that moved up into the deleted one's place.
    expect(document.activeElement).toBe(deletes()[0]!.element)

    await deletes()[1]!.trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(deletes()[0]!.element)

    await deletes()[0]!.trigger('click')
    await flushPromises()
    expect(deletes()).toHaveLength(0)
    expect(document.activeElement).toBe(wrapper.find('[data-testid="cf-add"]').element)
  })
})
