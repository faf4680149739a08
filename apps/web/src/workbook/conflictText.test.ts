import { describe, expect, it } from 'vitest'
import {
  changedUnderEditText,
  keptText,
  lostText,
  overwroteText,
  sheetAddress,
} from './conflictText'

describe('conflict notices', () => {
  it('tell the person whose value went who replaced it, and with what', () => {
    expect(lostText('Alice', [{ where: 'J5', mine: '200', theirs: '100' }])).toBe(
      'Alice replaced your “200” in J5 with “100”.',
    )
    expect(lostText(null, [{ where: 'J5', mine: '200', theirs: '' }])).toBe(
      'Someone cleared your “200” in J5.',
    )
    const many = ['A1', 'A2', 'A3', 'A4', 'A5'].map((where) => ({ where, mine: 'x', theirs: 'y' }))
    expect(lostText('Bob', many)).toBe('Bob replaced 5 of your values (A1, A2, A3 and 2 more).')
  })

  it('tell the person whose value stood what the other wrote, when it is known', () => {
    expect(keptText('Bob', [{ where: 'D4', mine: 'a', theirs: 'b' }])).toBe(
      'Bob also wrote “b” in D4 at the same moment; your “a” was kept.',
    )
    expect(keptText('Bob', [{ where: 'D4', mine: 'a', theirs: null }])).toBe(
      'Bob also wrote in D4 at the same moment; your “a” was kept.',
    )
  })

  it('tell the person who committed over a change they were shown what they replaced', () => {
    expect(overwroteText('Alice', { where: 'J5', mine: '200', theirs: '100' })).toBe(
      'You replaced Alice’s “100” in J5 with “200”.',
    )
    expect(overwroteText(null, { where: 'J5', mine: '', theirs: '100' })).toBe(
      'You cleared someone else’s “100” in J5.',
    )
    expect(overwroteText('Alice', { where: 'J5', mine: '200', theirs: '' })).toBe(
      'You wrote “200” in J5, which Alice had just cleared.',
    )
  })

  it('an open editor says who changed its cell, with long values shortened', () => {
    expect(changedUnderEditText('Alice', '=SUM(A1:A3)')).toBe(
      'Alice just changed this cell to “=SUM(A1:A3)”.',
    )
    expect(changedUnderEditText(null, '')).toBe('Someone just cleared this cell.')
    expect(changedUnderEditText('Alice', 'x'.repeat(100))).toMatch(/“x{39}…”\.$/)
  })

  it('names cells on other sheets as formulas do', () => {
    expect(sheetAddress('Sheet2', 'B4')).toBe('Sheet2!B4')
    expect(sheetAddress("Bob's plan", 'B4')).toBe("'Bob''s plan'!B4")
  })
})
