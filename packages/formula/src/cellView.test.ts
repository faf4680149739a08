import { describe, expect, it } from 'vitest'
import { cellError } from './cellValue.js'
import { describeCell } from './cellView.js'

describe('describeCell', () => {
  it('shows a formula’s number in General, right-aligned like Excel', () => {
    expect(describeCell('=1/3', 1 / 3)).toEqual({ text: '0.333333333', kind: 'number' })
    expect(describeCell('=A1*2', 2469)).toEqual({ text: '2469', kind: 'number' })
    expect(describeCell('=10^15', 1e15)).toEqual({ text: '1E+15', kind: 'number' })
  })

  it('applies the cell’s number format to numbers, typed or computed', () => {
    expect(describeCell('=A1', 1234.5, { numFmt: 'currency' }).text).toBe('$1,234.50')
    expect(describeCell('0.125', 0.125, { numFmt: 'percent' }).text).toBe('12.50%')
    expect(describeCell('=DATE(2026,1,31)', 46053, { numFmt: 'date' }).text).toBe('2026-01-31')
    expect(describeCell('=-2', -2, { numFmt: 'number' }).text).toBe('-2.00')
    // Unknown or General formats fall back to General.
    expect(describeCell('=0.5', 0.5, { numFmt: 'fancy' }).text).toBe('0.5')
    expect(describeCell('=0.5', 0.5, { numFmt: 'general' }).text).toBe('0.5')
  })

  it('shows typed numbers as typed when the cell has no number format', () => {
    expect(describeCell('1,234.5', 1234.5)).toEqual({ text: '1,234.5', kind: 'number' })
    expect(describeCell('12%', 0.12)).toEqual({ text: '12%', kind: 'number' })
    expect(describeCell('2026-01-31', 46053)).toEqual({ text: '2026-01-31', kind: 'number' })
  })

  it('shows booleans as TRUE/FALSE and text as text', () => {
    expect(describeCell('=1>0', true)).toEqual({ text: 'TRUE', kind: 'boolean' })
    expect(describeCell('false', false)).toEqual({ text: 'FALSE', kind: 'boolean' })
    expect(describeCell('=IF(1>0,"ok","no")', 'ok')).toEqual({ text: 'ok', kind: 'text' })
    expect(describeCell("'007", '007')).toEqual({ text: '007', kind: 'text' })
    // Text never takes a number format.
    expect(describeCell('abc', 'abc', { numFmt: 'currency' }).text).toBe('abc')
  })

  it('shows errors by their code with the reason as the tooltip', () => {
    expect(describeCell('=1/0', cellError('#DIV/0!', 'Division by zero.'))).toEqual({
      text: '#DIV/0!',
      kind: 'error',
      title: 'Division by zero.',
    })
    const cycle = describeCell('=A1', cellError('#REF!', 'Circular reference: A1'))
    expect(cycle).toMatchObject({ text: '#REF!', kind: 'error' })
    expect(cycle.title).toMatch(/circular/i)
  })

  it('shows empty cells and not-yet-computed formulas as blank', () => {
    expect(describeCell('', null)).toEqual({ text: '', kind: 'empty' })
    expect(describeCell('=Sheet2!A1', null)).toEqual({ text: '', kind: 'empty' })
    // Before the engine has the sheet, typed input shows as typed.
    expect(describeCell('hello', null)).toEqual({ text: 'hello', kind: 'text' })
  })

  it("shows the values another formula's array spills into a cell with no input", () => {
    expect(describeCell('', 2)).toEqual({ text: '2', kind: 'number' })
    expect(describeCell('', 0.5, { numFmt: 'percent', decimals: 0 })).toEqual({
      text: '50%',
      kind: 'number',
    })
    expect(describeCell('', 'West')).toEqual({ text: 'West', kind: 'text' })
    expect(describeCell('', false)).toEqual({ text: 'FALSE', kind: 'boolean' })
    expect(describeCell('', cellError('#N/A'))).toMatchObject({ text: '#N/A', kind: 'error' })
  })

  it('lets the caller render numbers with its own format rules', () => {
    const view = describeCell('=2', 2, { decimals: 3 }, (v, f) => v.toFixed(Number(f.decimals)))
    expect(view.text).toBe('2.000')
  })
})
