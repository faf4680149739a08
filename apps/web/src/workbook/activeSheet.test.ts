import { describe, expect, it } from 'vitest'
import type { SheetInfo } from '@cellmate/model'
import { resolveActiveSheet } from './activeSheet'

const tab = (id: string): SheetInfo => ({ id, name: id.toUpperCase() })
const [a, b, c, d] = [tab('a'), tab('b'), tab('c'), tab('d')]

describe('resolveActiveSheet', () => {
  it('an address without a sheet opens the first one once the list is known', () => {
    expect(
      resolveActiveSheet({ current: undefined, requested: undefined, before: [], after: [] }),
    ).toEqual({ id: undefined, deleted: null })
    expect(
      resolveActiveSheet({ current: undefined, requested: undefined, before: [], after: [a, b] }),
    ).toEqual({ id: 'a', deleted: null })
  })

  it('keeps the sheet on screen when someone else moves it away from the first place', () => {
    expect(
      resolveActiveSheet({ current: 'a', requested: undefined, before: [a, b], after: [b, a] }),
    ).toEqual({ id: 'a', deleted: null })
    expect(
      resolveActiveSheet({ current: 'a', requested: 'a', before: [a, b], after: [b, a] }),
    ).toEqual({ id: 'a', deleted: null })
  })

  it('keeps the sheet on screen when sheets are renamed or added', () => {
    const renamed = { ...a, name: 'Budget' }
    expect(
      resolveActiveSheet({ current: 'a', requested: 'a', before: [a, b], after: [renamed, b] }),
    ).toEqual({ id: 'a', deleted: null })
    expect(
      resolveActiveSheet({ current: 'b', requested: 'b', before: [a, b], after: [c, a, b] }),
    ).toEqual({ id: 'b', deleted: null })
  })

  it("follows the user's own navigation", () => {
    expect(
      resolveActiveSheet({ current: 'a', requested: 'b', before: [a, b], after: [a, b] }),
    ).toEqual({ id: 'b', deleted: null })
  })

  it('a deleted sheet on screen gives way to its right-hand neighbour, or the left one last', () => {
    expect(
      resolveActiveSheet({ current: 'b', requested: 'b', before: [a, b, c], after: [a, c] }),
    ).toEqual({ id: 'c', deleted: b })
    expect(
      resolveActiveSheet({ current: 'c', requested: 'c', before: [a, b, c], after: [a, b] }),
    ).toEqual({ id: 'b', deleted: c })
    // Its neighbours went with it: the nearest survivor in the old order.
    expect(
      resolveActiveSheet({ current: 'b', requested: 'b', before: [a, b, c, d], after: [a, d] }),
    ).toEqual({ id: 'd', deleted: b })
  })

  it('an address naming a sheet the workbook does not have opens the first sheet', () => {
    expect(
      resolveActiveSheet({ current: 'zz', requested: 'zz', before: [], after: [a, b] }),
    ).toEqual({ id: 'a', deleted: null })
  })
})
