import { describe, expect, it } from 'vitest'
import { cellStyle } from './cellStyle'

describe('cellStyle', () => {
  it('an unformatted cell has no inline style', () => {
    expect(cellStyle({})).toBeUndefined()
  })

  it('maps every attribute to the CSS a spreadsheet shows', () => {
    expect(
      cellStyle({
        bold: true,
        italic: true,
        underline: true,
        color: '#ff0000',
        fill: '#00ff00',
        align: 'center',
        wrap: true,
        numFmt: 'percent',
      }),
    ).toEqual({
      fontWeight: '700',
      fontStyle: 'italic',
      textDecoration: 'underline',
      color: '#ff0000',
      backgroundColor: '#00ff00',
      textAlign: 'center',
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      lineHeight: '15px',
    })
  })

  it('a number format alone needs no style', () => {
    expect(cellStyle({ numFmt: 'currency', decimals: 0 })).toBeUndefined()
  })
})
