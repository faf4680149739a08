import { describe, expect, it } from 'vitest'
import {
  formatCodeColor,
  formatWithCode,
  isValidFormatCode,
  presetFormatCode,
  stepFormatCodeDecimals,
} from './numberFormatCode.js'

/**
 * Excel's documented results. Sources: Microsoft Support, "TEXT function" (TF), "Number format
 * codes" (NF) and "Review guidelines for customizing a number format" (RG); ECMA-376 Part 1
 * §18.8.31 (EC). The cases numfmt was chosen on (SheetJS ssf failed `°` literals, `0/4`
 * fixed denominators and rounding -2.5 half away from zero).
 */
const EXCEL_CASES: readonly (readonly [number | string, string, string, string])[] = [
  [1234.567, '$#,##0.00', '$1,234.57', 'TF'],
  [0.285, '0.0%', '28.5%', 'TF'],
  [4.34, '# ?/?', '4 1/3', 'TF'],
  [0.34, '# ?/?', ' 1/3', 'TF (TRIM of it is 1/3)'],
  [12200000, '0.00E+00', '1.22E+07', 'TF'],
  [1234567898, '[<=9999999]###-####;(###) ###-####', '(123) 456-7898', 'TF'],
  [1234, '0000000', '0001234', 'TF'],
  [123456, "##0° 00' 00''", "12° 34' 56''", 'TF'],
  [42438, 'dd\\ mmm\\ yyyy', '09 Mar 2016', 'issue 17'],
  [12, '#,##0', '12', 'issue 17'],
  [1234.5, 'General', '1234.5', 'issue 17'],
  [1234.59, '####.#', '1234.6', 'RG'],
  [8.9, '#.000', '8.900', 'RG'],
  [0.631, '0.#', '0.6', 'RG'],
  [12, '#.0#', '12.0', 'RG'],
  [1234.568, '#.0#', '1234.57', 'RG'],
  [12000, '#,###', '12,000', 'RG'],
  [12000, '#,', '12', 'RG'],
  [12200000, '0.0,,', '12.2', 'RG'],
  [5.25, '# ???/???', '5   1/4  ', 'RG'],
  [-5, '0;(0)', '(5)', 'NF: sections'],
  [0, '0;-0;"zero"', 'zero', 'NF: sections'],
  ['abc', '0;-0;0;"text: "@', 'text: abc', 'NF: text section'],
  ['abc', '@', 'abc', 'NF'],
  [-12.5, '[Red]0.00;[Blue]-0.00', '-12.50', 'NF: colours'],
  [150, '[>100]"big";[<=100]"small"', 'big', 'NF: conditions'],
  [50, '[>100]"big";[<=100]"small"', 'small', 'NF: conditions'],
  [1.5, '[h]:mm', '36:00', 'NF: elapsed'],
  [1.5, '[mm]:ss', '2160:00', 'NF: elapsed'],
  [42438.75, 'dd mmm yyyy hh:mm:ss AM/PM', '09 Mar 2016 06:00:00 PM', 'NF'],
  [42438.75, 'h:mm AM/PM', '6:00 PM', 'NF'],
  [42438, 'dddd', 'Wednesday', 'NF'],
  [42438, 'mmmm d, yyyy', 'March 9, 2016', 'NF'],
  [42438, 'mmmmm', 'M', 'NF'],
  [42438, 'yy-m-d', '16-3-9', 'NF'],
  [0.5, 'hh:mm:ss.000', '12:00:00.000', 'NF'],
  [1234, '0 "units"', '1234 units', 'NF: quoted text'],
  [1234, '\\$0', '$1234', 'NF: escapes'],
  [1234, '0_)', '1234 ', 'NF: _ leaves a space (TEXT)'],
  [1234, '**0', '1234', 'NF: * fills nothing in TEXT'],
  [0.75, '0/4', '3/4', 'NF: fixed denominator'],
  [0.25, '0%', '25%', 'NF'],
  [-1234.5, '#,##0.00_);(#,##0.00)', '(1,234.50)', 'NF'],
  [0.000123, '0.00E+00', '1.23E-04', 'NF'],
  [-2.5, '0', '-3', 'EC: half away from zero'],
  [1.005, '0.00', '1.01', 'Excel rounds the 15-digit decimal'],
  [2.675, '#,##0.00', '2.68', 'Excel rounds the 15-digit decimal'],
  [1 / 3, '0.000000000000000000', '0.333333333333333000', 'Excel keeps 15 digits'],
]

describe('formatWithCode: Excel number format codes', () => {
  it.each(EXCEL_CASES)('%s in %s reads %s (%s)', (value, code, text) => {
    expect(formatWithCode(value, code)).toBe(text)
  })

  it('is null for a code Excel refuses', () => {
    expect(formatWithCode(1, '0;0;0;0;0')).toBeNull()
    expect(formatWithCode(1, '[Bogus')).toBeNull()
  })

  it('shows a date outside the calendar as General, or fails when asked to', () => {
    expect(formatWithCode(-1, 'yyyy-mm-dd')).toBe('-1')
    expect(formatWithCode(-1, 'yyyy-mm-dd', 'fail')).toBeNull()
    expect(formatWithCode(3_000_000, 'yyyy', 'fail')).toBeNull()
    expect(formatWithCode(2_958_465, 'yyyy-mm-dd', 'fail')).toBe('9999-12-31')
  })
})

describe('presetFormatCode: the Excel code of a toolbar format', () => {
  it.each([
    ['number', undefined, '#,##0.00'],
    ['number', 0, '#,##0'],
    ['percent', 1, '0.0%'],
    ['currency', 2, '"$"#,##0.00'],
    ['date', 4, 'yyyy-mm-dd'],
    [undefined, 3, '#,##0.000'],
    ['general', undefined, undefined],
    [undefined, undefined, undefined],
    ['accounting', 2, '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'],
    ['accounting', 0, '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)'],
    ['scientific', 2, '0.00E+00'],
    ['fraction', 2, '# ?/?'],
    ['time', 2, 'h:mm:ss AM/PM'],
    ['datetime', undefined, 'yyyy-mm-dd h:mm:ss'],
    ['duration', undefined, '[h]:mm:ss'],
    ['custom', undefined, undefined],
  ] as const)('%s with %s decimals is %s', (numFmt, decimals, code) => {
    expect(presetFormatCode(numFmt, decimals)).toBe(code)
  })

  it("custom is the cell's own code", () => {
    expect(presetFormatCode('custom', 3, 'dd mmm yyyy')).toBe('dd mmm yyyy')
  })
})

describe('the presets and custom codes render as Excel shows them', () => {
  it.each([
    ['accounting', 1234.5, ' $1,234.50 '],
    ['accounting', -1234.5, ' $(1,234.50)'],
    ['accounting', 0, ' $-   '],
    ['scientific', 12345, '1.23E+04'],
    ['fraction', 1.25, '1 1/4'],
    ['time', 0.75, '6:00:00 PM'],
    ['datetime', 46000.5, '2025-12-09 12:00:00'],
    ['duration', 1.5, '36:00:00'],
  ] as const)('%s of %s is %j', (numFmt, value, text) => {
    expect(formatWithCode(value, presetFormatCode(numFmt) as string)).toBe(text)
  })

  it('a custom code with a [Red] negative section: the text and its colour', () => {
    const code = '#,##0.00;[Red](#,##0.00);"zero"'
    expect(formatWithCode(-1234.5, code)).toBe('(1,234.50)')
    expect(formatWithCode(0, code)).toBe('zero')
    expect(formatCodeColor(-1, code)).toBe('#ff0000')
    expect(formatCodeColor(1, code)).toBeNull()
    expect(formatCodeColor(-1, '#,##0;[Bogus]')).toBeNull()
  })

  it('knows a code Excel accepts from one it refuses', () => {
    expect(isValidFormatCode('dd mmm yyyy')).toBe(true)
    expect(isValidFormatCode('#,##0.00;[Red](#,##0.00)')).toBe(true)
    expect(isValidFormatCode('0.0.0"')).toBe(false)
    expect(isValidFormatCode('  ')).toBe(false)
  })
})

describe('stepFormatCodeDecimals: the decimals buttons on a custom code', () => {
  it.each([
    ['#,##0.00;[Red](#,##0.00)', 1, '#,##0.000;[Red](#,##0.000)'],
    ['#,##0.00;[Red](#,##0.00)', -1, '#,##0.0;[Red](#,##0.0)'],
    ['0.0%', -1, '0%'],
    ['0%', 1, '0.0%'],
    ['0.0E+00', -1, '0E+00'],
    ['0E+00', 1, '0.0E+00'],
    ['"$"#,##0;"owed "#,##0;"none"', 1, '"$"#,##0.0;"owed "#,##0.0;"none"'],
  ] as const)('%s stepped %s is %s', (code, step, next) => {
    expect(stepFormatCodeDecimals(code, step)).toBe(next)
  })

  it('leaves dates, fractions and codes without decimals to remove alone', () => {
    expect(stepFormatCodeDecimals('dd mmm yyyy', 1)).toBeNull()
    expect(stepFormatCodeDecimals('# ?/?', 1)).toBeNull()
    expect(stepFormatCodeDecimals('0', -1)).toBeNull()
    expect(stepFormatCodeDecimals('0.0.0"', 1)).toBeNull()
  })
})
