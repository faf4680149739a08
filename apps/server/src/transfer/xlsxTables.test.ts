import { describe, expect, it } from 'vitest'
import { parseTablePart, resolveStructuredRefs, type XlsxTable } from './xlsxTables.js'

/** Sales on sheet Data, B2:D7: header row 2, data rows 3–6, totals row 7. */
const SALES: XlsxTable = {
  name: 'Sales',
  sheet: 'Data',
  top: 2,
  left: 2,
  bottom: 7,
  right: 4,
  headerRows: 1,
  totalsRows: 1,
  columns: ['Region', 'Amount', 'Tax [%]'],
  style: 'TableStyleMedium2',
  bandedRows: true,
  bandedCols: false,
  firstColumn: false,
  lastColumn: false,
}
const at = (row: number, col = 6, sheet = 'Data') => ({ sheet, row, col })
const resolve = (formula: string, site = at(4)) => resolveStructuredRefs(formula, [SALES], site)

describe('structured references become the ranges they name', () => {
  it('columns, parts and column ranges', () => {
    expect(resolve('=SUM(Sales[Amount])')).toBe('=SUM($C$3:$C$6)')
    expect(resolve('=ROWS(Sales[])+ROWS(Sales)')).toBe('=ROWS($B$3:$D$6)+ROWS($B$3:$D$6)')
    expect(resolve('=COUNTA(Sales[#All])')).toBe('=COUNTA($B$2:$D$7)')
    expect(resolve('=Sales[[#Headers],[Amount]]')).toBe('=$C$2')
    expect(resolve('=Sales[[#Totals],[Amount]]')).toBe('=$C$7')
    expect(resolve('=SUM(Sales[[#Headers],[#Data],[Amount]])')).toBe('=SUM($C$2:$C$6)')
    expect(resolve("=SUM(sales[[Amount]:[Tax '[%']]])")).toBe('=SUM($C$3:$D$6)')
    expect(resolve("=SUM(Sales[Tax '[%']])")).toBe('=SUM($D$3:$D$6)')
  })

  it('this row keeps its row relative, and is #VALUE! outside the data rows', () => {
    expect(resolve('=Sales[[#This Row],[Amount]]*2')).toBe('=$C4*2')
    expect(resolve("=Sales[@Amount]+Sales[@[Tax '[%']]]")).toBe('=$C4+$D4')
    expect(resolve('=Sales[@Amount]', at(9))).toBe('=#VALUE!')
  })

  it('a bare reference means the table the formula is in', () => {
    expect(resolve('=[@Amount]*0.2', at(5, 4))).toBe('=$C5*0.2')
    expect(resolve('=SUBTOTAL(109,[Amount])', at(7, 3))).toBe('=SUBTOTAL(109,$C$3:$C$6)')
    // Outside any table, and external workbook references, stay as they are.
    expect(resolve('=[Amount]', at(20, 20))).toBe('=[Amount]')
    expect(resolve('=[1]Other!A1', at(5, 4))).toBe('=[1]Other!A1')
  })

  it('from another sheet, with the sheet name; strings and unknown tables left alone', () => {
    expect(resolve('=SUM(Sales[Amount])', at(1, 1, 'Summary'))).toBe('=SUM(Data!$C$3:$C$6)')
    expect(resolve('="Sales[Amount]"&Other[x]')).toBe('="Sales[Amount]"&Other[x]')
    expect(resolve("='Sales[Amount]'!A1")).toBe("='Sales[Amount]'!A1")
    expect(resolve('=Sales[Nope]')).toBe('=#REF!')
  })
})

describe('parseTablePart', () => {
  it('reads the name, range, header and totals rows, column names and style', () => {
    const xml =
      '<table xmlns="x" id="1" name="Table1" displayName="Sales" ref="B2:D7" totalsRowCount="1">' +
      '<autoFilter ref="B2:D6"/><tableColumns count="3"><tableColumn id="1" name="Region"/>' +
      '<tableColumn id="2" name="Amount"/><tableColumn id="3" name="R&amp;D"/></tableColumns>' +
      '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" ' +
      'showRowStripes="1" showColumnStripes="0"/></table>'
    const decode = (s: string) => s.replace(/&amp;/g, '&')
    expect(parseTablePart(xml, 'Data', decode)).toEqual({
      ...SALES,
      columns: ['Region', 'Amount', 'R&D'],
    })
    const plain = xml.replace(/<tableStyleInfo[^>]*>/, '')
    expect(parseTablePart(plain, 'Data', decode)).toMatchObject({ style: '', bandedRows: false })
    expect(parseTablePart('<table broken', 'Data', decode)).toBeNull()
  })
})
