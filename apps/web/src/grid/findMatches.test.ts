import { describe, expect, it } from 'vitest'
import { findMatches, nextMatch } from './findMatches'

const shown: Record<string, string> = {
  '5,1': 'Apple pie',
  '0,0': 'apple',
  '2,3': '42',
  '2,0': 'Pineapple',
}
const cells = Object.keys(shown).map((k) => {
  const [row, col] = k.split(',').map(Number)
  return { row: row!, col: col! }
})
const display = (row: number, col: number): string => shown[`${row},${col}`] ?? ''

describe('find in sheet', () => {
  it('matches displayed text ignoring case, in reading order', () => {
    expect(findMatches('APPLE', cells, display)).toEqual([
      { row: 0, col: 0 },
      { row: 2, col: 0 },
      { row: 5, col: 1 },
    ])
    expect(findMatches('', cells, display)).toEqual([])
    expect(findMatches('zzz', cells, display)).toEqual([])
  })

  it('goes to the next match after the active cell and wraps; Shift goes back', () => {
    const m = findMatches('apple', cells, display)
    expect(nextMatch(m, { row: 0, col: 0 }, false)).toBe(1)
    expect(nextMatch(m, { row: 5, col: 1 }, false)).toBe(0)
    expect(nextMatch(m, { row: 2, col: 0 }, true)).toBe(0)
    expect(nextMatch(m, { row: 0, col: 0 }, true)).toBe(2)
    expect(nextMatch([], { row: 0, col: 0 }, false)).toBe(-1)
  })
})
