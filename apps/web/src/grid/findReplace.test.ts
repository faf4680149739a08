import { describe, expect, it } from 'vitest'
import { replaceAllEdits, replaceInInput } from './findReplace'

describe('replace', () => {
  it('replaces every occurrence in any case, literally', () => {
    expect(replaceInInput('Apple pie, apple tart', 'apple', 'pear')).toBe('pear pie, pear tart')
    expect(replaceInInput('a.b', '.', '$&')).toBe('a$&b')
    expect(replaceInInput('plain', 'x', 'y')).toBeNull()
  })

  it('leaves formulas alone and lists the cells that change', () => {
    const inputs: Record<string, string> = { '0:0': 'cat', '1:0': '=UPPER("cat")', '2:0': 'dog' }
    const read = (row: number, col: number): string => inputs[`${row}:${col}`] ?? ''
    const matches = [
      { row: 0, col: 0 },
      { row: 1, col: 0 },
    ]
    expect(replaceAllEdits(matches, read, 'cat', 'cow')).toEqual([{ row: 0, col: 0, value: 'cow' }])
  })
})
