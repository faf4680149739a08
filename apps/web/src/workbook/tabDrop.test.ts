import { describe, expect, it } from 'vitest'
import { dropIndex, dropSlot } from './tabDrop'

// Three tabs, 100px wide, side by side from x = 50.
const tabs = [
  { left: 50, width: 100 },
  { left: 150, width: 100 },
  { left: 250, width: 100 },
]

describe('dropping a dragged tab', () => {
  it('finds the gap by the tabs’ middles', () => {
    expect(dropSlot(tabs, 10)).toBe(0)
    expect(dropSlot(tabs, 99)).toBe(0)
    expect(dropSlot(tabs, 101)).toBe(1)
    expect(dropSlot(tabs, 210)).toBe(2)
    expect(dropSlot(tabs, 320)).toBe(3)
    expect(dropSlot(tabs, 900)).toBe(3)
  })

  it('turns the gap into the tab position moveSheet expects', () => {
    // The first tab dropped after the last one ends up last.
    expect(dropIndex(0, 3)).toBe(2)
    expect(dropIndex(0, 2)).toBe(1)
    // The last tab dropped before the first one ends up first.
    expect(dropIndex(2, 0)).toBe(0)
    expect(dropIndex(2, 1)).toBe(1)
  })

  it('does not move a tab dropped right beside itself', () => {
    expect(dropIndex(1, 1)).toBeNull()
    expect(dropIndex(1, 2)).toBeNull()
  })
})
