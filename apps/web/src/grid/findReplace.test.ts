import { describe, expect, it } from 'vitest'
import { LIMITS } from '@cellmate/protocol'
import { DEFAULT_FIND_OPTIONS, type FindOptions } from './findMatches'
import { planReplace, replaceInText, replaceNote } from './findReplace'

const withOptions = (o: Partial<FindOptions>): FindOptions => ({ ...DEFAULT_FIND_OPTIONS, ...o })
const at = (...inputs: string[]) => inputs.map((input, row) => ({ row, col: 0, input }))

describe('replace', () => {
  it('replaces every occurrence in any case, literally', () => {
    const any = DEFAULT_FIND_OPTIONS
    expect(replaceInText('Apple pie, apple tart', 'apple', 'pear', any)).toBe('pear pie, pear tart')
    expect(replaceInText('a.b', '.', '$&', any)).toBe('a$&b')
    expect(replaceInText('plain', 'x', 'y', any)).toBeNull()
  })

  it('Match case replaces only the same capitals', () => {
    const plan = planReplace(
      at('Apple', 'apple pie', 'APPLE', 'pineapple'),
      'apple',
      'Pear',
      withOptions({ matchCase: true }),
    )
    expect(plan.edits).toEqual([
      { row: 1, col: 0, value: 'Pear pie' },
      { row: 3, col: 0, value: 'pinePear' },
    ])
  })

  it('Match entire cell contents replaces whole cells only', () => {
    const plan = planReplace(
      at('Apple', 'apple pie', 'APPLE', 'pineapple'),
      'apple',
      'Pear',
      withOptions({ wholeCell: true }),
    )
    expect(plan.edits).toEqual([
      { row: 0, col: 0, value: 'Pear' },
      { row: 2, col: 0, value: 'Pear' },
    ])
  })

  it('leaves formulas alone unless searching within formulas, and says so', () => {
    const cells = at('cat', '=UPPER("cat")')
    const off = planReplace(cells, 'cat', 'cow', DEFAULT_FIND_OPTIONS)
    expect(off.edits).toEqual([{ row: 0, col: 0, value: 'cow' }])
    expect(off.results).toBe(1)
    expect(replaceNote(off, DEFAULT_FIND_OPTIONS)).toMatch(/1 match is in formula results/)

    const on = planReplace(cells, 'cat', 'cow', withOptions({ inFormulas: true }))
    expect(on.edits).toEqual([
      { row: 0, col: 0, value: 'cow' },
      { row: 1, col: 0, value: '=UPPER("cow")' },
    ])
    expect(replaceNote(on, withOptions({ inFormulas: true }))).toBe('')
  })

  it('rewrites formulas as typed ones are, and refuses one that would not read', () => {
    const inFormulas = withOptions({ inFormulas: true })
    const plan = planReplace(
      at('=SUM(A1:A2)', '=SUM(A1:A2)*2', '=MAX(A1,A2)', '=SUM(B1)+'),
      'SUM',
      'AVERAGE',
      inFormulas,
    )
    expect(plan.edits).toEqual([
      { row: 0, col: 0, value: '=AVERAGE(A1:A2)' },
      { row: 1, col: 0, value: '=AVERAGE(A1:A2)*2' },
      // Already unreadable: rewritten as typing would store it, not counted as broken.
      { row: 3, col: 0, value: '=AVERAGE(B1)+' },
    ])
    expect(plan.results).toBe(1)

    // `=A1*2` → `=A1+*2`: refused; `=A1*2` → `=A12` still reads.
    const broken = planReplace(at('=SUM(A1,A2)', '=A1*2'), '*', '+*', inFormulas)
    expect(broken.edits).toEqual([])
    expect(broken.results).toBe(1)
    expect(broken.malformed).toBe(1)
    expect(planReplace(at('=A1*2'), '*', '', inFormulas).edits).toEqual([
      { row: 0, col: 0, value: '=A12' },
    ])
    const closing = planReplace(at('=SUM(A1)'), ')', '+1)', inFormulas)
    expect(closing.edits).toEqual([{ row: 0, col: 0, value: '=SUM(A1+1)' }])
    // Deleting a ")" is closed again, as typing `=SUM(A1` is: nothing changes.
    expect(planReplace(at('=SUM(A1)'), ')', '', inFormulas).edits).toEqual([])
    const note = replaceNote(planReplace(at('=A1*2', '=B1*3'), '*', '+*', inFormulas), inFormulas)
    expect(note).toBe('2 formulas skipped: the replaced formula would not be valid.')
  })

  it('counts matches found only in a shown value, which cannot be replaced as shown', () => {
    // `1000` shown as $1,000.00; a date edited as 2026-12-25 and shown as 12/25/2026.
    const plan = planReplace(at('1000', '2026-12-25'), '1,000', '2,000', DEFAULT_FIND_OPTIONS)
    expect(plan.edits).toEqual([])
    expect(plan.formatted).toBe(2)
    expect(replaceNote(plan, DEFAULT_FIND_OPTIONS)).toMatch(
      /^2 matches are only in how a value is shown .*can't be replaced as shown\.$/,
    )
  })

  it('skips a replacement too long for a cell', () => {
    const plan = planReplace(at('ab'), 'b', 'x'.repeat(LIMITS.maxCellChars), DEFAULT_FIND_OPTIONS)
    expect(plan.edits).toEqual([])
    expect(plan.tooLong).toBe(1)
  })
})
