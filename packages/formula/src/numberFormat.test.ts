import { describe, expect, it } from 'vitest'
import { formatValue, numberFormatText, numberFormatColor } from './numberFormat.js'
import { cellError } from './cellValue.js'

describe('number formats', () => {
  it.each([
    [1234.5, 'general', '1234.5'],
    [1 / 3, 'general', '0.333333333'],
    [0.1 + 0.2, 'general', '0.3'],
    [-2, 'general', '-2'],
    [123456789012, 'general', '1.23457E+11'],
    [1e-12, 'general', '1E-12'],
    [0, 'general', '0'],
    [1234.5, 'number', '1,234.50'],
    [-0.005, 'number', '-0.01'],
    [0.12, 'percent', '12.00%'],
    [1200, 'currency', '$1,200.00'],
    [-5.25, 'currency', '-$5.25'],
    [46053, 'date', '2026-01-31'],
    [46053.75, 'date', '2026-01-31'],
    [60, 'date', '1900-02-29'],
    [-1, 'date', '-1'],
  ] as const)('%d as %s reads %s', (value, format, text) => {
    expect(formatValue(value, format)).toBe(text)
  })

  it('apply to numbers only', () => {
    expect(formatValue('abc', 'currency')).toBe('abc')
    expect(formatValue(true, 'number')).toBe('TRUE')
    expect(formatValue(null, 'date')).toBe('')
    expect(formatValue(cellError('#DIV/0!'), 'percent')).toBe('#DIV/0!')
  })
})

describe('numberFormatText (a cell format applied to a number, as the grid and exports show it)', () => {
  it('formats numbers with the cell format and decimals', () => {
    expect(numberFormatText(1234.5, { numFmt: 'currency' })).toBe('$1,234.50')
    expect(numberFormatText(1234.5, { numFmt: 'currency', decimals: 0 })).toBe('$1,235')
    expect(numberFormatText(-1234.5, { numFmt: 'currency', decimals: 1 })).toBe('-$1,234.5')
    expect(numberFormatText(0.125, { numFmt: 'percent', decimals: 1 })).toBe('12.5%')
    expect(numberFormatText(3.14159, { decimals: 3 })).toBe('3.142')
    expect(numberFormatText(45000, { numFmt: 'date', decimals: 4 })).toBe('2023-03-15')
  })

  it('is null without a format, for non-numbers, and for invalid attributes', () => {
    expect(numberFormatText(1234.5, {})).toBeNull()
    expect(numberFormatText(true, { numFmt: 'number' })).toBeNull()
    expect(numberFormatText('abc', { numFmt: 'currency' })).toBeNull()
    expect(numberFormatText(0.5, { numFmt: 'engineering', decimals: 99 })).toBeNull()
  })

  it('renders a custom code, as General when the code is missing or not valid', () => {
    const custom = { numFmt: 'custom', numFmtCode: 'dd mmm yyyy' }
    expect(numberFormatText(42438, custom)).toBe('09 Mar 2016')
    expect(numberFormatText(-5, { numFmt: 'custom', numFmtCode: '0;[Red]-0' })).toBe('-5')
    expect(numberFormatText(1.5, { numFmt: 'custom' })).toBe('1.5')
    expect(numberFormatText(1.5, { numFmt: 'custom', numFmtCode: '0.0.0"' })).toBe('1.5')
    expect(numberFormatText(1.5, { numFmt: 'custom', numFmtCode: 7 })).toBe('1.5')
    // A code left over from an earlier custom format does not apply to a preset.
    expect(numberFormatText(0.5, { numFmt: 'percent', numFmtCode: 'dd mmm' })).toBe('50.00%')
  })

  it("gives the colour of a custom code's section", () => {
    const format = { numFmt: 'custom', numFmtCode: '#,##0;[Red]-#,##0' }
    expect(numberFormatColor(-5, format)).toBe('#ff0000')
    expect(numberFormatColor(5, format)).toBeNull()
    expect(numberFormatColor(-5, { numFmt: 'number', numFmtCode: '[Red]0' })).toBeNull()
  })
})
