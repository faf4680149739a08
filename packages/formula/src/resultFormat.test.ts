import { describe, expect, it } from 'vitest'
import { shownFormat, shownFormatKey, type FormatSource } from './resultFormat.js'

/** A sheet given as `{ A1: input }` with optional own formats, plus other sheets by name. */
function sheetOf(
  cells: Record<string, string>,
  formats: Record<string, Record<string, unknown>> = {},
  others: Record<string, Record<string, string>> = {},
): FormatSource & { at(a1: string): ReturnType<typeof shownFormat> } {
  const key = (row: number, col: number): string => `${String.fromCharCode(65 + col)}${row + 1}`
  const source: FormatSource = {
    input(sheet, row, col) {
      if (sheet === null) return cells[key(row, col)] ?? ''
      const other = others[sheet]
      return other === undefined ? null : (other[key(row, col)] ?? '')
    },
    format(sheet, row, col) {
      return sheet === null ? (formats[key(row, col)] ?? {}) : {}
    },
  }
  return {
    ...source,
    at(a1) {
      const col = a1.charCodeAt(0) - 65
      const row = Number(a1.slice(1)) - 1
      return shownFormat(source, null, row, col)
    },
  }
}

describe('shownFormat', () => {
  it('gives date, date-time and time functions their formats', () => {
    const s = sheetOf({
      A1: '=TODAY()',
      A2: '=DATE(2026,1,31)',
      A3: '=NOW()',
      A4: '=TIME(9,30,0)',
      A5: '=EDATE(A2, 1)',
      A6: '=_xlfn.DAYS(A2, A1)',
      A7: '=YEAR(A2)',
      A8: '=eomonth(today(),0)',
    })
    expect(s.at('A1')).toEqual({ numFmt: 'date' })
    expect(s.at('A2')).toEqual({ numFmt: 'date' })
    expect(s.at('A3')).toEqual({ numFmt: 'datetime' })
    expect(s.at('A4')).toEqual({ numFmt: 'time' })
    expect(s.at('A5')).toEqual({ numFmt: 'date' })
    expect(s.at('A6')).toBeNull()
    expect(s.at('A7')).toBeNull()
    expect(s.at('A8')).toEqual({ numFmt: 'date' })
  })

  it('lets a date plus days stay a date in the style it was typed in', () => {
    const s = sheetOf({
      B1: '1/31/2026',
      B2: '2026-01-31',
      B3: 'Jan 31, 2026',
      C1: '=B1+1',
      C2: '=B2 + 7',
      C3: '=B3-1',
      C4: '=1+B1',
      C5: '=(B1+1)*1',
      C6: '=-B1',
      C7: '=EDATE(B1,1)',
      C8: '=WORKDAY(B2,3)',
    })
    expect(s.at('C1')).toEqual({ numFmt: 'custom', numFmtCode: 'm/d/yyyy' })
    expect(s.at('C2')).toEqual({ numFmt: 'date' })
    expect(s.at('C3')).toEqual({ numFmt: 'custom', numFmtCode: 'mmm d, yyyy' })
    expect(s.at('C4')).toEqual({ numFmt: 'custom', numFmtCode: 'm/d/yyyy' })
    expect(s.at('C5')).toBeNull()
    expect(s.at('C6')).toEqual({ numFmt: 'custom', numFmtCode: 'm/d/yyyy' })
    expect(s.at('C7')).toEqual({ numFmt: 'custom', numFmtCode: 'm/d/yyyy' })
    expect(s.at('C8')).toEqual({ numFmt: 'date' })
  })

  it('shows the days between two dates as a number, and a shift length as a time', () => {
    const s = sheetOf(
      {
        A1: '2026-01-01',
        A2: '2026-03-01',
        B1: '9:00',
        B2: '17:30',
        C1: '=A2-A1',
        C2: '=B2-B1',
        C3: '=C2*24',
        D1: '=TIME(17,30,0)-TIME(9,0,0)',
        D2: '9:00 AM',
        D3: '=D2-B1',
      },
      {},
    )
    expect(s.at('C1')).toBeNull()
    expect(s.at('C2')).toEqual({ numFmt: 'custom', numFmtCode: 'h:mm' })
    expect(s.at('C3')).toBeNull()
    expect(s.at('D1')).toEqual({ numFmt: 'duration' })
    expect(s.at('D3')).toEqual({ numFmt: 'duration' })
  })

  it("follows the cell's own format over the inferred one, General included", () => {
    const s = sheetOf(
      { B1: '2026-01-31', C1: '=B1+1', C2: '=B1+1', C3: '=C1+1', D1: '5', D2: '=D1*2' },
      {
        C2: { numFmt: 'general' },
        D1: { numFmt: 'currency', decimals: 0 },
      },
    )
    expect(s.at('C2')).toBeNull()
    expect(s.at('C3')).toEqual({ numFmt: 'date' })
    expect(s.at('D2')).toEqual({ numFmt: 'currency', decimals: 0 })
  })

  it('carries money and dates through SUM, MAX, IF and SUBTOTAL but not through COUNT', () => {
    const s = sheetOf({
      A1: 'Date',
      A2: '2026-01-31',
      A3: '2026-02-28',
      B2: '$1,200.50',
      B3: '$3',
      C1: '=MAX(A1:A3)',
      C2: '=SUM(B2:B3)',
      C3: '=IF(B2>1,A2,"none")',
      C4: '=COUNT(A2:A3)',
      C5: '=SUBTOTAL(109,B2:B3)',
      C6: '=SUBTOTAL(2,B2:B3)',
      C7: '=MAX(A:A)',
    })
    expect(s.at('C1')).toEqual({ numFmt: 'date' })
    expect(s.at('C2')).toEqual({ numFmt: 'currency', decimals: 2 })
    expect(s.at('C3')).toEqual({ numFmt: 'date' })
    expect(s.at('C4')).toBeNull()
    expect(s.at('C5')).toEqual({ numFmt: 'currency', decimals: 2 })
    expect(s.at('C6')).toBeNull()
    expect(s.at('C7')).toEqual({ numFmt: 'date' })
  })

  it('reads other sheets and gives up on unknown ones, loops and unreadable formulas', () => {
    const s = sheetOf(
      { A1: "='Due dates'!A1+1", A2: '=Nowhere!A1+1', A3: '=A4+1', A4: '=A3+1', A5: '=SUM(' },
      {},
      { 'Due dates': { A1: '3/1/2026' } },
    )
    expect(s.at('A1')).toEqual({ numFmt: 'custom', numFmtCode: 'm/d/yyyy' })
    expect(s.at('A2')).toBeNull()
    expect(s.at('A3')).toBeNull()
    expect(s.at('A5')).toBeNull()
  })

  it('leaves typed numbers, text and plain arithmetic in General', () => {
    const s = sheetOf({ A1: '42', A2: 'hello', A3: '=1+2', A4: '=A1&"x"', A5: '=A1%' })
    expect(s.at('A1')).toBeNull()
    expect(s.at('A2')).toBeNull()
    expect(s.at('A3')).toBeNull()
    expect(s.at('A4')).toBeNull()
    expect(s.at('A5')).toBeNull()
  })

  it('reads each cell once however many paths lead to it, and stops on wide fans', () => {
    // Row n adds up four cells of row n-1: 4^depth paths, but only a few dozen cells.
    const cells: Record<string, string> = { A1: '2026-01-01', B1: '1', C1: '2', D1: '3' }
    for (let row = 2; row <= 9; row++) {
      for (const col of ['A', 'B', 'C', 'D']) {
        const prev = row - 1
        cells[`${col}${row}`] = `=A${prev}+B${prev}+C${prev}+D${prev}`
      }
    }
    let reads = 0
    const s = sheetOf(cells)
    const counted: FormatSource = {
      input: (sheet, row, col) => (reads++, s.input(sheet, row, col)),
      format: (sheet, row, col) => s.format(sheet, row, col),
    }
    expect(shownFormat(counted, null, 5, 0)).toEqual({ numFmt: 'date' })
    expect(reads).toBeLessThan(40)
  })

  it('keys inputs by what inherited formats read of them: a number retyped alike keeps its key', () => {
    expect(shownFormatKey('2')).toBe(shownFormatKey('1002'))
    expect(shownFormatKey('apple')).toBe(shownFormatKey('pear'))
    expect(shownFormatKey('')).toBe(shownFormatKey('note'))
    // Same value, another style: a formula over it shows otherwise.
    expect(shownFormatKey('5')).not.toBe(shownFormatKey('$5'))
    expect(shownFormatKey('45000')).not.toBe(shownFormatKey('3/15/2023'))
    expect(shownFormatKey('12%')).not.toBe(shownFormatKey('13.5%'))
    expect(shownFormatKey('5')).not.toBe(shownFormatKey('five'))
    expect(shownFormatKey('')).not.toBe(shownFormatKey('0'))
    expect(shownFormatKey('=A1')).not.toBe(shownFormatKey('=TODAY()'))
  })
})
