import { describe, expect, it } from 'vitest'
import { looksNumeric, numberFormatText } from './cellDisplay'

describe('cell display', () => {
  it('right-aligns what reads as a number', () => {
    for (const n of ['1', '-2.5', '+.5', '1e6', '12%', ' 42 ']) expect(looksNumeric(n)).toBe(true)
    for (const s of ['', 'abc', '1.2.3', '=A1', '1 2', '--1']) expect(looksNumeric(s)).toBe(false)
  })
})

describe('number formats in cells', () => {
  it('shows numbers in the cell format, with its decimals', () => {
    expect(numberFormatText(1234.5, { numFmt: 'currency' })).toBe('$1,234.50')
    expect(numberFormatText(1234.5, { numFmt: 'currency', decimals: 0 })).toBe('$1,235')
    expect(numberFormatText(-1234.5, { numFmt: 'currency', decimals: 1 })).toBe('-$1,234.5')
    expect(numberFormatText(0.125, { numFmt: 'percent', decimals: 1 })).toBe('12.5%')
    expect(numberFormatText(3.14159, { decimals: 3 })).toBe('3.142')
    expect(numberFormatText(45000, { numFmt: 'date', decimals: 4 })).toBe('2023-03-15')
    expect(numberFormatText(-2, { numFmt: 'number' })).toBe('-2.00')
  })

  it('leaves unformatted cells, non-numbers and invalid formats to the caller', () => {
    expect(numberFormatText(1234.5, {})).toBeNull()
    expect(numberFormatText(true, { numFmt: 'number' })).toBeNull()
    expect(numberFormatText('abc', { numFmt: 'currency' })).toBeNull()
    expect(numberFormatText(0.5, { numFmt: 'engineering', decimals: 99 })).toBeNull()
  })
})
