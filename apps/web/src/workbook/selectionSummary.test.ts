import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import * as Y from 'yjs'
import { BlockIndex, initSheet, mergeCells, parseRange, readMerges } from '@cellmate/model'
import { useSelectionStore } from '../stores/selectionStore'
import type { SheetSession } from '../sync/sheetSession'
import SelectionSummary from './SelectionSummary.vue'
import { summarizeRange } from './selectionSummary'

const SIZE = { rows: 30, cols: 5 }

/** The parts of a sheet the status bar reads: values by position, merges, hidden rows. */
function sheetWith(values: Record<string, number>, merged: string): SheetSession {
  const doc = new Y.Doc()
  initSheet(doc, SIZE)
  mergeCells(doc, parseRange(merged)!)
  const at = new Map(
    Object.entries(values).map(([a1, v]) => {
      const { start } = parseRange(a1)!
      return [`${start.row}:${start.col}`, v]
    }),
  )
  const stand = {
    doc,
    value: (row: number, col: number) => at.get(`${row}:${col}`) ?? null,
    mergedBlocks: () => new BlockIndex(readMerges(doc).blocks),
    filters: { hiddenRows: () => [] },
  }
  return stand as unknown as SheetSession
}

describe('the status bar summary', () => {
  it('leaves out cells on hidden rows and columns', () => {
    const range = { start: { row: 0, col: 0 }, end: { row: 2, col: 1 } }
    const value = (row: number, col: number) => (row + 1) * 10 + col
    expect(summarizeRange(range, value)).toEqual({ sum: 123, average: 20.5, count: 6 })
    const hidden = { rows: new Set([1]), cols: new Set([1]) }
    expect(summarizeRange(range, value, 100, hidden)).toEqual({ sum: 40, average: 20, count: 2 })
  })
})

describe('the status bar over merged cells', () => {
  let wrapper: VueWrapper | null = null
  afterEach(() => wrapper?.unmount())

  it('sums the selection as drawn, grown over the merged blocks it touches', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const sheet = sheetWith({ A1: 1, A3: 4, B2: 10 }, 'B2:C3')
    const selection = useSelectionStore()
    wrapper = mount(SelectionSummary, {
      props: { sheet, version: 1, size: SIZE },
      global: { plugins: [pinia] },
    })
    const text = () =>
      wrapper!
        .findAll('span')
        .map((s) => s.text())
        .join(' ')

    // A1, then Shift+click B2: the grid draws A1:C3 (B2:C3 is merged), so A3 counts too.
    selection.select({ row: 0, col: 0 })
    selection.extendTo({ row: 1, col: 1 })
    await flushPromises()
    expect(text()).toBe('Sum: 15 Average: 5 Count: 3')

    // The merged block alone is one cell: nothing to add up, as for any single cell.
    selection.select({ row: 1, col: 1 })
    selection.extendTo({ row: 2, col: 2 })
    await flushPromises()
    expect(text()).toBe('')
  })
})
