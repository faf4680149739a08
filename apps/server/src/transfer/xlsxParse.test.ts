import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import {
  insertInSheet,
  replaceIn,
  SHEET,
  sheetRelationship,
  TEST_LIMITS,
  xlsxFile,
  type ZipEdit,
} from './__tests__/xlsxFixtures.js'
import { DYNAMIC_ARRAY_METADATA_XML } from './xlsxDynamicArrays.js'
import { parseXlsx } from './xlsxParse.js'

const parse = (bytes: Uint8Array) => parseXlsx(bytes, TEST_LIMITS)

/** What exceljs alone makes of a file (to show a fixture really is one it fails on). */
async function excelJsLoads(bytes: Uint8Array): Promise<boolean> {
  try {
    await new ExcelJS.Workbook().xlsx.load(bytes.buffer as ArrayBuffer)
    return true
  } catch {
    return false
  }
}

const cellXml = (address: string, inner: string) => `<c r="${address}">${inner}</c>`

describe('XLSX import keeps formulas where exceljs loses or bends them', () => {
  it('shifts shared formulas over whole columns and rows as a fill would', async () => {
    const bytes = await xlsxFile((ws) => {
      ws.getCell('A1').value = 0.1
      ws.getCell('B1').value = {
        formula: 'NPV($A$1,C:C)+SUM(2:2)',
        shareType: 'shared',
        ref: 'B1:C2',
      } as ExcelJS.CellValue
      ws.getCell('C1').value = { sharedFormula: 'B1' } as ExcelJS.CellValue
      ws.getCell('B2').value = { sharedFormula: 'B1' } as ExcelJS.CellValue
      ws.getCell('C2').value = { sharedFormula: 'B1' } as ExcelJS.CellValue
    })
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs[0]?.slice(1)).toEqual([
      '=NPV($A$1,C:C)+SUM(2:2)',
      '=NPV($A$1,D:D)+SUM(2:2)',
    ])
    expect(sheet?.inputs[1]?.slice(1)).toEqual([
      '=NPV($A$1,C:C)+SUM(3:3)',
      '=NPV($A$1,D:D)+SUM(3:3)',
    ])
  })

  it('keeps the formula of a cell that also has a link', async () => {
    const bytes = await xlsxFile(
      (ws) => {
        ws.getCell('A1').value = 2
        ws.getCell('B1').value = { text: 'link', hyperlink: 'https://example.com' }
      },
      replaceIn(SHEET, /<c r="B1"[^>]*>.*?<\/c>/, cellXml('B1', '<f>A1*2</f><v>4</v>')),
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs[0]).toEqual(['2', '=A1*2'])
    expect(sheet?.notices).toContain('Links are imported as their cell text.')
  })

  it('keeps merged ranges, and the formulas inside them', async () => {
    const bytes = await xlsxFile(
      (ws) => {
        ws.getCell('A1').value = { formula: '1+1', result: 2 }
        ws.getCell('B2').value = { formula: 'A1*10', result: 20 }
      },
      insertInSheet(
        'pageMargins',
        '<mergeCells count="3"><mergeCell ref="A1:B2"/><mergeCell ref="D1:E1"/><mergeCell ref="D1:D3"/></mergeCells>',
      ),
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs).toEqual([['=1+1'], ['', '=A1*10']])
    expect(sheet?.notices).toBeUndefined()
    // The overlapping third range is skipped (Excel never writes one).
    expect(sheet?.merges).toEqual([
      { top: 0, left: 0, bottom: 1, right: 1 },
      { top: 0, left: 3, bottom: 0, right: 4 },
    ])
  })
})

describe('XLSX import keeps what dates and times mean', () => {
  const fill = (ws: ExcelJS.Worksheet) => {
    ws.getCell('A1').value = 0.5
    ws.getCell('A1').numFmt = 'h:mm AM/PM'
    ws.getCell('A2').value = 1.25
    ws.getCell('A2').numFmt = '[h]:mm'
    ws.getCell('A3').value = 0
    ws.getCell('A3').numFmt = 'yyyy-mm-dd'
    ws.getCell('A4').value = 45_000.75
    ws.getCell('A4').numFmt = 'yyyy-mm-dd hh:mm'
    ws.getCell('A5').value = 10
  }

  it('reads a time or a duration as its number with its own format, not as a date in 1899', async () => {
    const [sheet] = await parse(await xlsxFile(fill))
    expect(sheet?.inputs.map((r) => r[0])).toEqual(['0.5', '1.25', '0', '45000.75', '10'])
    const formatted = new Map(sheet?.formats.map((f) => [f.row, f.format]))
    expect(formatted.get(0)).toEqual({ numFmt: 'custom', numFmtCode: 'h:mm AM/PM' })
    expect(formatted.get(1)).toEqual({ numFmt: 'custom', numFmtCode: '[h]:mm' })
    expect(formatted.get(2)).toEqual({ numFmt: 'date' })
    expect(formatted.get(3)).toEqual({ numFmt: 'custom', numFmtCode: 'yyyy-mm-dd hh:mm' })
    expect(formatted.get(4)).toBeUndefined()
  })

  it('gives a 1904-system date the serial of the same date, and leaves times and numbers alone', async () => {
    const bytes = await xlsxFile((ws, wb) => {
      wb.properties.date1904 = true
      fill(ws)
    })
    const [sheet] = await parse(bytes)
    // 1904-01-01 is serial 0 there and 1462 in the 1900 system Cellmate computes in.
    expect(sheet?.inputs.map((r) => r[0])).toEqual(['0.5', '1.25', '1462', '46462.75', '10'])
  })
})

describe('XLSX import of array formulas', () => {
  // Excel saves a function's bare name given as a LAMBDA as `_xleta.SUM`, with a hidden
  // defined name of that text; both are bookkeeping, not the workbook's.
  it('reads an eta-reduced LAMBDA (_xleta.SUM) as the bare function name', async () => {
    const bytes = await xlsxFile(
      (ws) => {
        ws.getCell('A1').value = 'East'
        ws.getCell('B1').value = 2024
        ws.getCell('C1').value = 5
        ws.getCell('E1').value = {
          formula: '_xlfn.PIVOTBY(A1:A1,B1:B1,C1:C1,_xleta.SUM)+0',
          result: 0,
        } as ExcelJS.CellValue
      },
      async (zip) => {
        const book = (await zip.file('xl/workbook.xml')?.async('string')) as string
        const names =
          '<definedNames><definedName name="_xleta.SUM" hidden="1">#NAME?</definedName></definedNames>'
        zip.file('xl/workbook.xml', book.replace('</sheets>', `</sheets>${names}`))
      },
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs[0]?.[4]).toBe('=PIVOTBY(A1:A1,B1:B1,C1:C1,SUM)+0')
  })

  it('keeps a dynamic array once, in its top-left cell, so it spills instead of #SPILL!', async () => {
    const bytes = await xlsxFile(
      (ws) => {
        ;[3, 1, 2].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
        ws.getCell('B1').value = {
          formula: '_xlfn._xlws.SORT(A1:A3)',
          result: 1,
          shareType: 'array',
          ref: 'B1:B3',
        } as ExcelJS.CellValue
        ws.getCell('C1').value = {
          formula: 'A1:A3*2',
          result: 6,
          shareType: 'array',
          ref: 'C1:C3',
        } as ExcelJS.CellValue
      },
      // As Excel saves them: the spilled cells hold the cached values.
      async (zip) => {
        let xml = (await zip.file(SHEET)?.async('string')) as string
        for (const [row, b, c] of [
          [2, 2, 4],
          [3, 3, 6],
        ] as const) {
          const cells = `<c r="B${row}"><v>${b}</v></c><c r="C${row}"><v>${c}</v></c>`
          xml = xml.replace(new RegExp(`(<c r="A${row}"[^>]*>.*?</c>)`), `$1${cells}`)
        }
        // B1 is a dynamic array (cm points to Excel's XLDAPR record); C1 a legacy {=…}.
        xml = xml.replace(/<c r="B1"([^>]*)>/, '<c r="B1"$1 cm="1">')
        zip.file(SHEET, xml)
        zip.file('xl/metadata.xml', DYNAMIC_ARRAY_METADATA_XML)
      },
    )
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs).toEqual([['3', '=SORT(A1:A3)', '=ARRAYFIT(A1:A3*2,3,1)'], ['1'], ['2']])
  })

  // ECMA-376 Part 4, "Single- and Multi-Cell Formulas"; Microsoft Support, "Dynamic array
  // formulas vs. legacy CSE array formulas": a legacy array formula keeps its range, cut or
  // padded with #N/A, where a dynamic one spills to its result's size.
  it('fits a legacy {=…} array formula to its range, larger or smaller than its result', async () => {
    const bytes = await xlsxFile((ws) => {
      ;[1, 2].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ws.getCell('B1').value = {
        formula: 'A1:A2*10',
        result: 10,
        shareType: 'array',
        ref: 'B1:C4',
      } as ExcelJS.CellValue
      ws.getCell('D1').value = {
        formula: 'TRANSPOSE(A1:A2)',
        result: 1,
        shareType: 'array',
        ref: 'D1',
      } as ExcelJS.CellValue
      ws.getCell('E1').value = {
        formula: 'SUM(A1:A2*10)',
        result: 30,
        shareType: 'array',
        ref: 'E1',
      } as ExcelJS.CellValue
    })
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs[0]).toEqual([
      '1',
      '=ARRAYFIT(A1:A2*10,4,2)',
      '',
      '=ARRAYFIT(TRANSPOSE(A1:A2),1,1)',
      '=SUM(A1:A2*10)',
    ])
    expect(sheet?.inputs.slice(1)).toEqual([['2']])
  })
})

// Microsoft Support, "Implicit intersection operator: @": Excel 365 opens a formula of an older
// workbook with @ where older Excel intersected a range with the formula's row or column, and
// saves @ as _xlfn.SINGLE.
describe('XLSX import of formulas older Excel computed in one cell', () => {
  it('reads a range standing for one value with @, as Excel 365 shows it', async () => {
    const bytes = await xlsxFile((ws) => {
      ;[1, 2, 3].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ws.getCell('B2').value = { formula: 'A1:A3', result: 2 }
      ws.getCell('C2').value = { formula: 'A1:A3*2+SUM(A1:A3)', result: 10 }
      ws.getCell('D2').value = { formula: 'VLOOKUP(A:A,A:B,1,FALSE)', result: 2 }
      ws.getCell('E2').value = { formula: 'SUMPRODUCT(A1:A3*A1:A3)', result: 14 }
      ws.getCell('F2').value = { formula: '_xlfn.SINGLE(A1:A3)+1', result: 3 }
      ws.getCell('B3').value = {
        formula: 'A1:A3*10',
        shareType: 'shared',
        ref: 'B3:C3',
        result: 30,
      } as ExcelJS.CellValue
      ws.getCell('C3').value = { sharedFormula: 'B3', result: 0 } as ExcelJS.CellValue
    })
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs[1]).toEqual([
      '2',
      '=@A1:A3',
      '=@A1:A3*2+SUM(A1:A3)',
      '=VLOOKUP(@A:A,A:B,1,FALSE)',
      '=SUMPRODUCT(A1:A3*A1:A3)',
      '=@A1:A3+1',
    ])
    expect(sheet?.inputs[2]).toEqual(['3', '=@A1:A3*10', '=@B1:B3*10'])
  })

  it('reads a named range standing for one value with @ (=Price*Qty over named columns)', async () => {
    const bytes = await xlsxFile((ws, wb) => {
      ;[1, 2, 3].forEach((v, i) => (ws.getCell(`A${i + 1}`).value = v))
      ;[4, 5, 6].forEach((v, i) => (ws.getCell(`B${i + 1}`).value = v))
      wb.definedNames.add('Data!$A$1:$A$3', 'Price')
      wb.definedNames.add('Data!$B$1:$B$3', 'Qty')
      wb.definedNames.add('Data!$A$1', 'Rate')
      ws.getCell('C2').value = { formula: 'Price*Qty+Rate', result: 11 }
      ws.getCell('D2').value = { formula: 'SUM(Price)', result: 6 }
    })
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs[1]).toEqual(['2', '5', '=@Price*@Qty+Rate', '=SUM(Price)'])
  })
})

describe('XLSX import of parts Cellmate does not keep', () => {
  const base = (ws: ExcelJS.Worksheet) => {
    ws.getCell('A1').value = 'kept'
    ws.getCell('A2').value = { formula: 'LEN(A1)', result: 4 }
  }
  const expectKept = async (bytes: Uint8Array) => {
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs).toEqual([['kept'], ['=LEN(A1)']])
    return sheet?.notices ?? []
  }

  it('an icon filter in an autofilter', async () => {
    const bytes = await xlsxFile(
      base,
      insertInSheet(
        'pageMargins',
        '<autoFilter ref="A1:A2"><filterColumn colId="0"><iconFilter iconSet="3Arrows" iconId="1"/></filterColumn></autoFilter>',
      ),
    )
    expect(await expectKept(bytes)).toContain('Filters are not imported: every row shows.')
  })

  it('parts written with an x: namespace prefix', async () => {
    const prefix =
      (path: string): ZipEdit =>
      async (zip) => {
        const xml = (await zip.file(path)?.async('string')) as string
        zip.file(
          path,
          xml.replace(/<(\/?)(?=[A-Za-z])(?!\?)/g, '<$1x:').replace(/xmlns="/, 'xmlns:x="'),
        )
      }
    const bytes = await xlsxFile(
      base,
      prefix('xl/workbook.xml'),
      prefix('xl/_rels/workbook.xml.rels'),
    )
    expect(await excelJsLoads(bytes)).toBe(false)
    expect(await expectKept(bytes)).toEqual([])
  })

  it('a drawing with a duplicate o:relid, a pivot table and a slicer', async () => {
    const vml =
      '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><v:shape o:relid="rId1" o:relid="rId2"/></xml>'
    const bytes = await xlsxFile(
      base,
      (zip) => {
        zip.file('xl/drawings/vmlDrawing1.vml', vml)
        zip.file('xl/pivotTables/pivotTable1.xml', '<pivotTableDefinition><broken')
        zip.file('xl/slicers/slicer1.xml', '<slicers><broken')
      },
      sheetRelationship('rId90', 'vmlDrawing', '../drawings/vmlDrawing1.vml'),
      sheetRelationship('rId91', 'pivotTable', '../pivotTables/pivotTable1.xml'),
      sheetRelationship('rId92', 'slicer', '../slicers/slicer1.xml'),
      replaceIn(SHEET, '</worksheet>', '<legacyDrawing r:id="rId90"/></worksheet>'),
    )
    expect(await excelJsLoads(bytes)).toBe(false)
    const notices = await expectKept(bytes)
    expect(notices).toContain('PivotTables are imported as the values they showed.')
    expect(notices).toContain('Slicers and timelines are not imported.')
  })
})

describe('XLSX import of tables', () => {
  it('keeps a table whose autofilter lists more columns than the table has (exceljs: filterButton of undefined)', async () => {
    // Excel opens this: the filter's extra column is ignored. exceljs sets `filterButton` on
    // the table column of each filter column and throws on the third one.
    const table =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="Table1" displayName="Stock" ref="A1:B3">' +
      '<autoFilter ref="A1:B3"><filterColumn colId="0" hiddenButton="1"/><filterColumn colId="1" hiddenButton="1"/>' +
      '<filterColumn colId="2" hiddenButton="1"/></autoFilter><tableColumns count="2"><tableColumn id="1" name="Part"/>' +
      '<tableColumn id="2" name="Count"/></tableColumns><tableStyleInfo name="TableStyleLight1" showRowStripes="1"/></table>'
    const bytes = await xlsxFile(
      (ws) => {
        ws.getCell('A1').value = 'Part'
        ws.getCell('B1').value = 'Count'
        ws.getCell('A2').value = 'bolt'
        ws.getCell('B2').value = 12
        ws.getCell('A3').value = 'nut'
        ws.getCell('B3').value = { formula: 'Stock[[#This Row],[Part]]&"s"', result: 'nuts' }
      },
      (zip) => {
        zip.file('xl/tables/table1.xml', table)
      },
      sheetRelationship('rId80', 'table', '../tables/table1.xml'),
      replaceIn(
        SHEET,
        '</worksheet>',
        '<tableParts count="1"><tablePart r:id="rId80"/></tableParts></worksheet>',
      ),
    )
    expect(await excelJsLoads(bytes)).toBe(false)
    const [sheet] = await parse(bytes)
    expect(sheet?.inputs).toEqual([
      ['Part', 'Count'],
      ['bolt', '12'],
      ['nut', '=Stock[[#This Row],[Part]]&"s"'],
    ])
    expect(sheet?.tables?.map((t) => [t.name, t.columns])).toEqual([['Stock', ['Part', 'Count']]])
  })

  it('keeps structured references to a table it imports, as the file writes them', async () => {
    const table =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="Table1" displayName="Sales" ref="A1:C4" totalsRowCount="1">' +
      '<autoFilter ref="A1:C3"/><tableColumns count="3"><tableColumn id="1" name="Item"/>' +
      '<tableColumn id="2" name="Amount"/><tableColumn id="3" name="Double"/></tableColumns>' +
      '<tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>'
    const bytes = await xlsxFile(
      (ws, wb) => {
        ws.getCell('A1').value = 'Item'
        ws.getCell('B1').value = 'Amount'
        ws.getCell('C1').value = 'Double'
        ws.getCell('A2').value = 'pens'
        ws.getCell('B2').value = 3
        ws.getCell('A3').value = 'ink'
        ws.getCell('B3').value = 4
        // A calculated column, as Excel saves it: one shared formula down the column.
        ws.getCell('C2').value = {
          formula: 'Sales[[#This Row],[Amount]]*2',
          shareType: 'shared',
          ref: 'C2:C3',
        } as never
        ws.getCell('C3').value = { sharedFormula: 'C2' } as ExcelJS.CellValue
        ws.getCell('B4').value = { formula: 'SUBTOTAL(109,Sales[Amount])', result: 7 }
        const other = wb.addWorksheet('Summary')
        other.getCell('A1').value = { formula: 'SUM(Sales[[#All],[Double]])', result: 14 }
      },
      (zip) => {
        zip.file('xl/tables/table1.xml', table)
      },
      sheetRelationship('rId80', 'table', '../tables/table1.xml'),
      replaceIn(
        SHEET,
        '</worksheet>',
        '<tableParts count="1"><tablePart r:id="rId80"/></tableParts></worksheet>',
      ),
    )
    const [data, summary] = await parse(bytes)
    expect(data?.inputs).toEqual([
      ['Item', 'Amount', 'Double'],
      ['pens', '3', '=Sales[[#This Row],[Amount]]*2'],
      ['ink', '4', '=Sales[[#This Row],[Amount]]*2'],
      ['', '=SUBTOTAL(109,Sales[Amount])'],
    ])
    expect(summary?.inputs).toEqual([['=SUM(Sales[[#All],[Double]])']])
    expect(data?.tables).toEqual([
      {
        name: 'Sales',
        range: { start: { row: 0, col: 0 }, end: { row: 3, col: 2 } },
        headerRow: true,
        totalsRow: true,
        style: 'TableStyleMedium2',
        bandedRows: true,
        bandedCols: false,
        firstColumn: false,
        lastColumn: false,
        columns: ['Item', 'Amount', 'Double'],
      },
    ])
    expect(data?.notices).toBeUndefined()
  })
})
