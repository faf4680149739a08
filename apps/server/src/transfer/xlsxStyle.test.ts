import { describe, expect, it } from 'vitest'
import { presetFormatCode } from '@cellmate/formula'
import { cellmateFormat, cellmateNumFmt, excelStyle } from './xlsxStyle.js'

describe('Excel number formats <-> Cellmate number formats', () => {
  it.each([
    ['General', {}],
    ['@', {}],
    ['0', { numFmt: 'number', decimals: 0 }],
    ['#,##0.00', { numFmt: 'number' }],
    ['#,##0.000;[Red]-#,##0.000', { numFmt: 'number', decimals: 3 }],
    ['0%', { numFmt: 'percent', decimals: 0 }],
    ['0.00%', { numFmt: 'percent' }],
    ['"$"#,##0.00', { numFmt: 'currency' }],
    ['[$€-407] #,##0.0', { numFmt: 'currency', decimals: 1 }],
    ['yyyy-mm-dd', { numFmt: 'date' }],
    ['mm-dd-yy', { numFmt: 'date' }],
    ['[$-409]d-mmm-yy;@', { numFmt: 'date' }],
    ['h:mm AM/PM', { numFmt: 'date' }],
    ['0.00E+00', { numFmt: 'number' }],
  ])('%s', (code, expected) => {
    expect(cellmateNumFmt(code)).toEqual(expected)
  })

  it('every Cellmate format survives a trip through Excel', () => {
    for (const numFmt of ['number', 'percent', 'currency', 'date'] as const) {
      for (const decimals of numFmt === 'date' ? [undefined] : [0, 1, 2, 4]) {
        const back = cellmateNumFmt(presetFormatCode(numFmt, decimals))
        expect(back.numFmt).toBe(numFmt)
        expect(back.decimals ?? 2).toBe(numFmt === 'date' ? 2 : decimals)
      }
    }
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
