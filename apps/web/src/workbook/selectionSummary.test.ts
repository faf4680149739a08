import { describe, expect, it } from 'vitest'
import { summarizeRange } from './selectionSummary'

describe('the status bar summary', () => {
  it('leaves out cells on hidden rows and columns', () => {
    const range = { start: { row: 0, col: 0 }, end: { row: 2, col: 1 } }
    const value = (row: number, col: number) => (row + 1) * 10 + col
    expect(summarizeRange(range, value)).toEqual({ sum: 123, average: 20.5, count: 6 })
    const hidden = { rows: new Set([1]), cols: new Set([1]) }
    expect(summarizeRange(range, value, 100, hidden)).toEqual({ sum: 40, average: 20, count: 2 })
  })
})
