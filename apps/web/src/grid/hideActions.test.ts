import { describe, expect, it } from 'vitest'
import { hiddenRunBefore, hideCommand, hideMenuItems } from './hideActions'

const range = (r0: number, r1: number, c0 = 0, c1 = 0) => ({
  start: { row: r0, col: c0 },
  end: { row: r1, col: c1 },
})

describe('hide and unhide from the header menus', () => {
  it('names the rows or columns it hides, and offers unhide only over hidden ones', () => {
    const none = () => false
    expect(hideMenuItems('row', range(2, 4), none).map((i) => i.label)).toEqual(['Hide rows 3–5'])
    expect(hideMenuItems('col', range(0, 0, 1, 1), () => true).map((i) => i.label)).toEqual([
      'Hide column B',
      'Unhide columns',
    ])
    expect(hideMenuItems('cell', range(0, 0), none)).toEqual([])
    expect(hideCommand('hidden:rows:hide')).toEqual({ axis: 'rows', hidden: true })
    expect(hideCommand('hidden:cols:show')).toEqual({ axis: 'cols', hidden: false })
    expect(hideCommand('sort:dialog')).toBeNull()
  })

  it('a gap marker shows the whole run of hidden rows above it', () => {
    const hidden = new Set([2, 3, 6])
    expect(hiddenRunBefore(4, (i) => hidden.has(i))).toEqual({ at: 2, count: 2 })
    expect(hiddenRunBefore(7, (i) => hidden.has(i))).toEqual({ at: 6, count: 1 })
    expect(hiddenRunBefore(5, (i) => hidden.has(i))).toBeNull()
  })
})
