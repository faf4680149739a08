import { describe, expect, it } from 'vitest'
import { formatValue } from './numberFormat.js'
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
