import { describe, expect, it } from 'vitest'
import { gridKeyCommand } from './gridKeys'

const key = (k: string, shiftKey = false) => ({
  key: k,
  shiftKey,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
})

describe('moving over hidden rows and columns', () => {
  const size = { rows: 10, cols: 5 }
  const hiddenRows = new Set([3, 4])
  const hiddenCols = new Set([1])
  const hidden = (axis: 'rows' | 'cols', i: number) =>
    (axis === 'rows' ? hiddenRows : hiddenCols).has(i)

  it('arrows, Tab and Shift+Enter step over them; at the edge the active cell stays', () => {
    const at = { row: 2, col: 0 }
    expect(gridKeyCommand(key('ArrowDown'), at, size, 10, { hidden })).toEqual({
      kind: 'move',
      to: { row: 5, col: 0 },
    })
    expect(gridKeyCommand(key('Tab'), at, size, 10, { hidden })).toEqual({
      kind: 'move',
      to: { row: 2, col: 2 },
    })
    expect(gridKeyCommand(key('Enter', true), { row: 5, col: 0 }, size, 10, { hidden })).toEqual({
      kind: 'move',
      to: { row: 2, col: 0 },
    })
    const top = (axis: 'rows' | 'cols', i: number) => axis === 'rows' && i < 3
    expect(gridKeyCommand(key('ArrowUp'), { row: 3, col: 0 }, size, 10, { hidden: top })).toEqual({
      kind: 'move',
      to: { row: 3, col: 0 },
    })
  })
})
