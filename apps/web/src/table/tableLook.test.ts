import { describe, expect, it } from 'vitest'
import type { SheetTable } from '@cellmate/model'
import { tableCellLook, tableStyleLook, withTableLook } from './tableLook'

/** B2:D7 (rows 1–6, columns 1–3): header row 1, data rows 2–5, totals row 6. */
const table = (over: Partial<SheetTable> = {}): SheetTable => ({
  id: 't',
  name: 'Sales',
  range: { start: { row: 1, col: 1 }, end: { row: 6, col: 3 } },
  columns: ['Region', 'Amount', 'Tax'],
  headerRow: true,
  totalsRow: true,
  style: 'TableStyleMedium2',
  bandedRows: true,
  bandedCols: false,
  firstColumn: false,
  lastColumn: false,
  ...over,
})

describe('table look', () => {
  it("Excel's default style: a blue bold header, banded rows, a bold totals row", () => {
    const t = table()
    expect(tableCellLook(t, 1, 2)).toEqual({
      fontWeight: '700',
      backgroundColor: '#4472c4',
      color: '#ffffff',
    })
    expect(tableCellLook(t, 2, 2)).toEqual({ backgroundColor: '#dae3f3' })
    expect(tableCellLook(t, 3, 2)).toBeUndefined()
    expect(tableCellLook(t, 4, 2)).toEqual({ backgroundColor: '#dae3f3' })
    expect(tableCellLook(t, 6, 2)).toMatchObject({ fontWeight: '700' })
  })

  it('follows the options: no bands, bold first column, no header row', () => {
    const t = table({ bandedRows: false, firstColumn: true, headerRow: false })
    expect(tableCellLook(t, 1, 1)).toEqual({ fontWeight: '700' })
    expect(tableCellLook(t, 1, 2)).toBeUndefined()
  })

  it('picks the theme colour by style number; unknown names look like the default', () => {
    expect(tableStyleLook('TableStyleMedium3')?.header.backgroundColor).toBe('#ed7d31')
    expect(tableStyleLook('TableStyleLight1')?.header.boxShadow).toContain('#404040')
    expect(tableStyleLook('TableStyleDark1')?.header.backgroundColor).toBe('#000000')
    expect(tableStyleLook('MyCompanyStyle')).toEqual(tableStyleLook('TableStyleMedium2'))
    expect(tableStyleLook('')).toBeNull()
  })

  it("a cell's own fill wins over the table's", () => {
    expect(withTableLook({ backgroundColor: '#4472c4' }, { backgroundColor: '#ff0000' })).toEqual({
      backgroundColor: '#ff0000',
    })
    expect(withTableLook(undefined, undefined)).toBeUndefined()
  })
})
