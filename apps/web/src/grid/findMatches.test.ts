import { describe, expect, it } from 'vitest'
import { DEFAULT_FIND_OPTIONS, findMatches, nextMatch, type FindOptions } from './findMatches'

const shown: Record<string, string> = {
  '5,1': 'Apple pie',
  '0,0': 'apple',
  '2,3': '42',
  '2,0': 'Pineapple',
  '7,0': '$1,000.00',
  '8,0': '2',
}
/** Formula text (A1 form) of the formula cells. */
const formulas: Record<string, string> = { '8,0': '=SUM(A1:A2)' }
const cells = Object.keys(shown).map((k) => {
  const [row, col] = k.split(',').map(Number)
  return { row: row!, col: col! }
})
const texts = (row: number, col: number) => ({
  shown: shown[`${row},${col}`] ?? '',
  formula: formulas[`${row},${col}`] ?? null,
})
const withOptions = (o: Partial<FindOptions>): FindOptions => ({ ...DEFAULT_FIND_OPTIONS, ...o })

describe('find in sheet', () => {
  it('matches displayed text ignoring case, in reading order', () => {
    expect(findMatches('APPLE', cells, texts)).toEqual([
      { row: 0, col: 0 },
      { row: 2, col: 0 },
      { row: 5, col: 1 },
    ])
    expect(findMatches('', cells, texts)).toEqual([])
    expect(findMatches('zzz', cells, texts)).toEqual([])
    expect(findMatches('1,000', cells, texts)).toEqual([{ row: 7, col: 0 }])
  })

  it('Match case finds only the same capitals', () => {
    expect(findMatches('Apple', cells, texts, withOptions({ matchCase: true }))).toEqual([
      { row: 5, col: 1 },
    ])
    expect(findMatches('apple', cells, texts, withOptions({ matchCase: true }))).toEqual([
      { row: 0, col: 0 },
      { row: 2, col: 0 },
    ])
  })

  it('Match entire cell contents skips cells holding the query among other text', () => {
    expect(findMatches('apple', cells, texts, withOptions({ wholeCell: true }))).toEqual([
      { row: 0, col: 0 },
    ])
    expect(findMatches('4', cells, texts, withOptions({ wholeCell: true }))).toEqual([])
    expect(
      findMatches('APPLE', cells, texts, withOptions({ wholeCell: true, matchCase: true })),
    ).toEqual([])
  })

  it('finds text inside formulas only when asked to search within formulas', () => {
    expect(findMatches('SUM', cells, texts)).toEqual([])
    expect(findMatches('sum', cells, texts, withOptions({ inFormulas: true }))).toEqual([
      { row: 8, col: 0 },
    ])
    // Also: a formula still matches by the value it shows.
    expect(findMatches('2', cells, texts, withOptions({ inFormulas: true }))).toContainEqual({
      row: 8,
      col: 0,
    })
    const whole = withOptions({ inFormulas: true, wholeCell: true })
    expect(findMatches('=sum(a1:a2)', cells, texts, whole)).toEqual([{ row: 8, col: 0 }])
    expect(findMatches('SUM', cells, texts, whole)).toEqual([])
  })

  it('goes to the next match after the active cell and wraps; Shift goes back', () => {
    const m = findMatches('apple', cells, texts)
    expect(nextMatch(m, { row: 0, col: 0 }, false)).toBe(1)
    expect(nextMatch(m, { row: 5, col: 1 }, false)).toBe(0)
    expect(nextMatch(m, { row: 2, col: 0 }, true)).toBe(0)
    expect(nextMatch(m, { row: 0, col: 0 }, true)).toBe(2)
    expect(nextMatch([], { row: 0, col: 0 }, false)).toBe(-1)
  })
})
