import { describe, expect, it } from 'vitest'
import { inferValue } from '@cellmate/formula'
import { editableInput } from './editableInput'

describe('editableInput', () => {
  it('edits a number shown as a date, a time or a percentage as one, and reads back as the same number', () => {
    const cases: Array<[string, Parameters<typeof editableInput>[1], string]> = [
      ['46381', { numFmt: 'date' }, '2026-12-25'],
      ['46381.75', { numFmt: 'datetime' }, '2026-12-25 18:00:00'],
      ['0.6041666666666666', { numFmt: 'time' }, '14:30:00'],
      ['0.25', { numFmt: 'percent' }, '25%'],
      ['0.123', { numFmt: 'percent', decimals: 1 }, '12.3%'],
    ]
    for (const [stored, format, shown] of cases) {
      expect(editableInput(stored, format)).toBe(shown)
      expect(inferValue(shown).value).toBeCloseTo(Number(stored), 9)
    }
  })

  it('leaves formulas, text, typed dates and other formats as stored', () => {
    expect(editableInput('=TODAY()', { numFmt: 'date' })).toBe('=TODAY()')
    expect(editableInput('12/25/2026', { numFmt: 'date' })).toBe('12/25/2026')
    expect(editableInput('soon', { numFmt: 'date' })).toBe('soon')
    expect(editableInput('1234', { numFmt: 'currency' })).toBe('1234')
    expect(editableInput('46381', {})).toBe('46381')
    expect(editableInput('-5', { numFmt: 'date' })).toBe('-5')
  })
})
