import { describe, expect, it } from 'vitest'
import { presetFormatCode } from '@cellmate/formula'
import { cellmateFormat, cellmateNumFmt, excelStyle } from './xlsxStyle.js'

describe('Excel number formats <-> Cellmate number formats', () => {
  it.each([
    ['General', {}],
    ['@', {}],
    ['0', { numFmt: 'custom', numFmtCode: '0' }],
    ['#,##0', { numFmt: 'number', decimals: 0 }],
    ['#,##0.00', { numFmt: 'number' }],
    ['#,##0.000;[Red]-#,##0.000', { numFmt: 'custom', numFmtCode: '#,##0.000;[Red]-#,##0.000' }],
    ['0%', { numFmt: 'percent', decimals: 0 }],
    ['0.00%', { numFmt: 'percent' }],
    ['"$"#,##0.00', { numFmt: 'currency' }],
    ['[$€-407] #,##0.0', { numFmt: 'custom', numFmtCode: '[$€-407] #,##0.0' }],
    ['yyyy-mm-dd', { numFmt: 'date' }],
    ['mm-dd-yy', { numFmt: 'custom', numFmtCode: 'm/d/yyyy' }],
    ['[$-409]d-mmm-yy;@', { numFmt: 'custom', numFmtCode: '[$-409]d-mmm-yy;@' }],
    ['h:mm AM/PM', { numFmt: 'custom', numFmtCode: 'h:mm AM/PM' }],
    ['h:mm:ss AM/PM', { numFmt: 'time' }],
    ['[h]:mm:ss', { numFmt: 'duration' }],
    ['0.00E+00', { numFmt: 'scientific' }],
    ['_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)', { numFmt: 'accounting' }],
    // Not a code Excel accepts, or too long to keep: the nearest preset.
    ['0.0.0"', { numFmt: 'number', decimals: 1 }],
    [`#,##0.00${'_ '.repeat(60)}`, { numFmt: 'number' }],
  ])('%s', (code, expected) => {
    expect(cellmateNumFmt(code)).toEqual(expected)
  })

  it('every Cellmate format survives a trip through Excel', () => {
    const withDecimals = ['number', 'percent', 'currency', 'accounting', 'scientific'] as const
    for (const numFmt of withDecimals) {
      for (const decimals of [0, 1, 2, 4]) {
        const back = cellmateNumFmt(presetFormatCode(numFmt, decimals))
        expect(back).toEqual(decimals === 2 ? { numFmt } : { numFmt, decimals })
      }
    }
    for (const numFmt of ['fraction', 'date', 'time', 'datetime', 'duration'] as const) {
      expect(cellmateNumFmt(presetFormatCode(numFmt))).toEqual({ numFmt })
    }
    const custom = { numFmt: 'custom', numFmtCode: '#,##0;[Red](#,##0)' } as const
    expect(cellmateFormat(excelStyle(custom))).toEqual(custom)
    expect(presetFormatCode('general')).toBeUndefined()
  })
})

describe('cell styles', () => {
  it('a format becomes an Excel style and back', () => {
    const format = {
      bold: true,
      italic: true,
      underline: true,
      color: '#1a73e8',
      fill: '#fce8e6',
      align: 'right',
      wrap: true,
      numFmt: 'percent',
      decimals: 1,
    } as const
    expect(cellmateFormat(excelStyle(format))).toEqual(format)
  })

  it('theme colours, black text and non-solid fills are not imported', () => {
    expect(
      cellmateFormat({
        font: { color: { argb: 'FF000000' } },
        fill: { type: 'pattern', pattern: 'darkGrid', fgColor: { argb: 'FFFF0000' } },
        alignment: { horizontal: 'justify' },
      }),
    ).toEqual({})
    expect(cellmateFormat({ font: { color: { theme: 1 } as never } })).toEqual({})
  })
})
