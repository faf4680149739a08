import { describe, expect, it } from 'vitest'
import { fitInWindow, stepIndex, type MenuItem } from './menuModel'

const items: MenuItem[] = [
  { id: 'a', label: 'A', disabled: true },
  { id: 'b', label: 'B' },
  { id: 'c', label: 'C', disabled: true },
  { id: 'd', label: 'D' },
]

describe('menu keyboard navigation', () => {
  it('skips disabled items and wraps around', () => {
    expect(stepIndex(items, -1, 1)).toBe(1)
    expect(stepIndex(items, 1, 1)).toBe(3)
    expect(stepIndex(items, 3, 1)).toBe(1)
    expect(stepIndex(items, 1, -1)).toBe(3)
    expect(stepIndex(items, items.length, -1)).toBe(3)
  })

  it('finds nothing when every item is disabled', () => {
    expect(stepIndex([{ id: 'x', label: 'X', disabled: true }], -1, 1)).toBe(-1)
    expect(stepIndex([], -1, 1)).toBe(-1)
  })
})

describe('menu placement', () => {
  const win = { width: 1000, height: 700 }
  const menu = { width: 200, height: 300 }

  it('opens at the pointer when it fits', () => {
    expect(fitInWindow({ x: 100, y: 100 }, menu, win)).toEqual({ x: 100, y: 100 })
  })

  it('opens to the left near the right edge and moves up near the bottom', () => {
    expect(fitInWindow({ x: 900, y: 600 }, menu, win)).toEqual({ x: 700, y: 396 })
  })

  it('never leaves the window at the top-left', () => {
    expect(fitInWindow({ x: 100, y: 100 }, { width: 200, height: 900 }, win)).toEqual({
      x: 100,
      y: 4,
    })
  })
})
